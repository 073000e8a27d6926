using MassTransit;

namespace ProBono.Contracts;

// Needs as other services hear of them. Version is the version of the need's own stream in Needs (one stream per need),
// so it orders the events of one need.

/// <summary>The required skill slots of a need: <see cref="Count"/> volunteers with <see cref="Skill"/>.</summary>
public sealed record RequiredSkill(string Skill, int Count);

/// <summary>
/// Staff published a qualified need: from now on partners see it and Teams forms a team for it. Carries what Teams
/// and Feedback need to act on it alone (required skills and team size as qualified, the association's cause and its
/// contact e-mail, where Feedback sends the association's survey).
/// </summary>
[MessageUrn("probono:needs:need-published:v1")]
public sealed record NeedPublished(
    Guid NeedId,
    Guid MarathonId,
    Guid AssociationId,
    string AssociationName,
    string Title,
    string Deliverable,
    IReadOnlyList<RequiredSkill> RequiredSkills,
    int TeamSizeMin,
    int TeamSizeMax,
    string Cause,
    long Version,
    DateTimeOffset PublishedAt,
    string? ContactEmail = null);

/// <summary>A published need was withdrawn (by its association or staff): no team is to be formed for it any more.</summary>
[MessageUrn("probono:needs:need-withdrawn:v1")]
public sealed record NeedWithdrawn(
    Guid NeedId,
    Guid MarathonId,
    Guid AssociationId,
    long Version,
    DateTimeOffset WithdrawnAt);
