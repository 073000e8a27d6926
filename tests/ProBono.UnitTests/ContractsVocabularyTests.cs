using ProBono.Contracts;

namespace ProBono.UnitTests;

/// <summary>The shared vocabulary is API.md's, word for word.</summary>
public class ContractsVocabularyTests
{
    [Fact]
    public void Skills_and_causes_are_those_of_the_api()
    {
        Assert.Equal(
            ["communication", "data", "design", "digital", "finance", "fundraising", "hr", "it", "legal", "marketing", "project-management", "sales", "strategy"],
            Vocabulary.Skills.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["culture", "disability", "education", "employment", "environment", "health", "housing", "social-inclusion", "youth"],
            Vocabulary.Causes.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Finance", Vocabulary.Skills);
    }
}
