using FluentValidation;
using ProBono.Contracts;

namespace ProBono.Needs;

/// <summary><c>{skill, count}</c> as a submission or a qualification sends it.</summary>
internal sealed record SkillSlotsRequest(string? Skill, int? Count)
{
    public SkillSlots ToSlots() => new(Skill!.Trim(), Count!.Value);
}

/// <summary><c>{min, max}</c> as a submission or a qualification sends it.</summary>
internal sealed record TeamSizeRequest(int? Min, int? Max)
{
    public TeamSize ToTeamSize() => new(Min!.Value, Max!.Value);
}

/// <summary>The rules of a need's demand (API.md), shared by submission and qualification.</summary>
internal static class DemandRules
{
    public const int LargestTeam = 20;

    /// <summary>Each skill once: a skill listed again is refused at its second entry (an unknown one is refused by its own rule).</summary>
    public static void SkillsListedOnce<T>(IReadOnlyList<SkillSlotsRequest?>? skills, ValidationContext<T> context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, at) in (skills ?? []).Select((s, i) => (s, i)))
        {
            if (entry?.Skill?.Trim() is { } skill && Vocabulary.Skills.Contains(skill) && !seen.Add(skill))
            {
                context.AddFailure($"{context.PropertyPath}[{at}].skill", $"Skill '{skill}' is listed twice: give one entry with its count.");
            }
        }
    }

    /// <summary>
    /// The team's size within 1..20 and its required slots no more than its largest size: a team of at most
    /// <c>max</c> people cannot fill more slots (each member covers one).
    /// </summary>
    public static string? TooManySlots(IReadOnlyList<SkillSlots> skills, TeamSize size) =>
        skills.Sum(s => s.Count) is var slots && slots > size.Max
            ? $"The required skills add up to {slots} slots, more than the team's largest size ({size.Max}): each member covers one slot."
            : null;

    public static bool IsComplete(IReadOnlyList<SkillSlotsRequest?>? skills) =>
        skills is not null && skills.All(s => s?.Skill is not null && s.Count is > 0 and <= LargestTeam);

    public static bool IsComplete(TeamSizeRequest? size) =>
        size is { Min: >= 1 and <= LargestTeam, Max: >= 1 and <= LargestTeam } && size.Min <= size.Max;
}

internal sealed class SkillSlotsValidator : AbstractValidator<SkillSlotsRequest>
{
    public SkillSlotsValidator()
    {
        RuleFor(s => s.Skill).OneOf(Vocabulary.Skills);
        RuleFor(s => s.Count).Required().Between(1, DemandRules.LargestTeam);
    }
}

internal sealed class TeamSizeValidator : AbstractValidator<TeamSizeRequest>
{
    public TeamSizeValidator()
    {
        RuleFor(s => s.Min).Required().Between(1, DemandRules.LargestTeam);
        RuleFor(s => s.Max).Required().Between(1, DemandRules.LargestTeam);
        RuleFor(s => s.Max).GreaterThanOrEqualTo(s => s.Min).WithMessage("'{PropertyPath}' must be at least 'teamSize.min'.")
            .When(s => s.Min is not null && s.Max is not null);
    }
}
