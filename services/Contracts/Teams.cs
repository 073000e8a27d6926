using MassTransit;

namespace ProBono.Contracts;

// Teams as other services hear of them. Version is the version of the team's own stream in Teams (one stream per team).

/// <summary>A member of a team: who, from which partner company, and whether they checked in on the day.</summary>
public sealed record TeamMember(Guid VolunteerId, string PartnerId, bool CheckedIn);

/// <summary>Staff committed a formation proposal: this team now exists for the need (the need becomes staffed).</summary>
[MessageUrn("probono:teams:team-formed:v1")]
public sealed record TeamFormed(
    Guid TeamId,
    Guid MarathonId,
    Guid NeedId,
    IReadOnlyList<TeamMember> Members,
    Guid? LeadVolunteerId,
    long Version,
    DateTimeOffset FormedAt,
    string? Title = null);

/// <summary>A team's members or lead changed (a staff edit, or a backfill after a withdrawal); the whole team as it now is.</summary>
[MessageUrn("probono:teams:team-changed:v1")]
public sealed record TeamChanged(
    Guid TeamId,
    Guid MarathonId,
    Guid NeedId,
    IReadOnlyList<TeamMember> Members,
    Guid? LeadVolunteerId,
    string Reason,
    long Version,
    DateTimeOffset ChangedAt);

/// <summary>The team submitted its deliverable: the association's need is delivered.</summary>
[MessageUrn("probono:teams:mission-completed:v1")]
public sealed record MissionCompleted(
    Guid TeamId,
    Guid MarathonId,
    Guid NeedId,
    IReadOnlyList<TeamMember> Members,
    Guid? LeadVolunteerId,
    string DeliverableTitle,
    string? DeliverableUrl,
    long Version,
    DateTimeOffset CompletedAt,
    string? DeliverableDescription = null,
    bool Correction = false);
