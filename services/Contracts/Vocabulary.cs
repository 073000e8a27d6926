namespace ProBono.Contracts;

/// <summary>The skills and causes of API.md, shared by every service; anything else is a 400.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlySet<string> Skills = new HashSet<string>(StringComparer.Ordinal)
    {
        "communication", "marketing", "digital", "design", "project-management", "strategy", "finance", "legal", "hr", "it",
        "data", "sales", "fundraising",
    };

    public static readonly IReadOnlySet<string> Causes = new HashSet<string>(StringComparer.Ordinal)
    {
        "education", "employment", "culture", "health", "environment", "social-inclusion", "disability", "youth", "housing",
    };
}
