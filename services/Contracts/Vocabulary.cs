namespace ProBono.Contracts;

/// <summary>
/// The skills and causes of API.md, shared by every service that takes them (Recruitment's volunteers, Needs' required
/// skills, Teams' matching): a value not listed here is a 400 wherever it is sent. Compared exactly (lower case).
/// </summary>
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
