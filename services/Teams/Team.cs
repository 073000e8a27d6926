using JasperFx;

namespace ProBono.Teams;

public enum TeamStatus
{
    Formed,
    Delivered,
}

/// <summary>A member as the team pages show it: copied from Teams' copy of the volunteer when they joined.</summary>
public sealed record TeamMemberInfo(Guid VolunteerId, string FirstName, string PartnerId, IReadOnlyList<string> Skills, bool LeadCapable, IReadOnlyList<string> Causes);

/// <summary>What the team is for: the need's title and deliverable, its required skill slots and team size.</summary>
public sealed record TeamNeed(Guid NeedId, Guid AssociationId, string Title, string Deliverable, string Cause, IReadOnlyList<SkillCount> RequiredSkills, int TeamSizeMin, int TeamSizeMax);

public sealed record SkillCount(string Skill, int Count);

public sealed record Milestone(string Name, string By, DateTimeOffset At);

/// <summary>
/// The team's deliverable: a link, a description (a paper handed over), or both. <see cref="Correction"/> when it was
/// recorded after the marathon completed, within its correction window.
/// </summary>
public sealed record SubmittedDeliverable(string Title, string? Url, string By, DateTimeOffset At, string? Description = null, bool Correction = false);

// A team's private domain events: one stream per team, its id derived from its need. A change carries the whole roster
// as it now is, so what leaves the service (TeamFormed, TeamChanged, MissionCompleted) is mapped from the event alone.

/// <summary>Staff committed a formation proposal: the team of one need, with its members and lead.</summary>
public sealed record TeamFormed(Guid TeamId, Guid MarathonId, TeamNeed Need, IReadOnlyList<TeamMemberInfo> Members, Guid? LeadVolunteerId, Guid ProposalId, DateTimeOffset At);

/// <summary>The roster or the lead changed: a staff edit, or a backfill after a withdrawal. <see cref="Reason"/> says which, in words.</summary>
public sealed record TeamRosterChanged(
    Guid TeamId, Guid MarathonId, Guid NeedId, IReadOnlyList<TeamMemberInfo> Members, Guid? LeadVolunteerId, string Reason, string By, DateTimeOffset At);

public sealed record MilestoneRecorded(Guid TeamId, Guid MarathonId, Guid NeedId, string Name, string By, DateTimeOffset At);

/// <summary>The team submitted its deliverable; <see cref="CheckedIn"/> are the members checked in at that moment.</summary>
public sealed record DeliverableSubmitted(
    Guid TeamId, Guid MarathonId, Guid NeedId, IReadOnlyList<TeamMemberInfo> Members, IReadOnlyList<Guid> CheckedIn, Guid? LeadVolunteerId,
    string Title, string? Url, string By, DateTimeOffset At, string? Description = null, bool Correction = false);

/// <summary>A delivered team's deliverable was replaced; the one it replaces goes to the team's deliverable history.</summary>
public sealed record DeliverableReplaced(
    Guid TeamId, Guid MarathonId, Guid NeedId, IReadOnlyList<TeamMemberInfo> Members, IReadOnlyList<Guid> CheckedIn, Guid? LeadVolunteerId,
    string Title, string? Url, string? Description, bool Correction, string By, DateTimeOffset At);

/// <summary>
/// One team of a marathon: the aggregate the edits and the day decide on and, as its inline snapshot, the document the
/// API shows (its version is the <c>ETag</c>). Built by <see cref="Evolution"/>; Marten uses <see cref="Create"/> and the
/// <c>Apply</c> methods.
/// </summary>
public sealed record Team(
    Guid Id,
    Guid MarathonId,
    TeamNeed Need,
    IReadOnlyList<TeamMemberInfo> Members,
    Guid? LeadVolunteerId,
    TeamStatus Status,
    IReadOnlyList<Milestone> Milestones,
    SubmittedDeliverable? Delivered,
    DateTimeOffset FormedAt,
    DateTimeOffset UpdatedAt) : IRevisioned
{
    private static readonly Guid TeamNamespace = new("3e7c9a51-6b2d-4f80-9c1e-5a7b3d9f1e24");

    public int Version { get; set; }

    /// <summary>The deliverables <see cref="Delivered"/> replaced, oldest first.</summary>
    public IReadOnlyList<SubmittedDeliverable> DeliverableHistory { get; init; } = [];

    /// <summary>Every partner with a member in the team: the partners who may see it (indexed).</summary>
    public string[] PartnerIds { get; set; } = [];

    /// <summary>The members' ids (indexed: a volunteer sees its own team).</summary>
    public Guid[] MemberIds { get; set; } = [];

    /// <summary>The team of a need: one per need, so committing twice meets the same stream.</summary>
    public static Guid IdOf(Guid needId) => StableIds.NameBased(TeamNamespace, needId.ToString("N"));

    public static Team Create(TeamFormed e) => Indexed(new Team(
        e.TeamId, e.MarathonId, e.Need, e.Members, e.LeadVolunteerId, TeamStatus.Formed, [], null, e.At, e.At));

    public static Team Evolution(Team state, object @event) => @event switch
    {
        TeamRosterChanged e => Indexed(state with { Members = e.Members, LeadVolunteerId = e.LeadVolunteerId, UpdatedAt = e.At }),
        MilestoneRecorded e => state with { Milestones = [.. state.Milestones, new Milestone(e.Name, e.By, e.At)], UpdatedAt = e.At },
        DeliverableSubmitted e => state with
        {
            Status = TeamStatus.Delivered, Delivered = new SubmittedDeliverable(e.Title, e.Url, e.By, e.At, e.Description, e.Correction), UpdatedAt = e.At,
        },
        DeliverableReplaced e => state with
        {
            Delivered = new SubmittedDeliverable(e.Title, e.Url, e.By, e.At, e.Description, e.Correction),
            DeliverableHistory = state.Delivered is { } earlier ? [.. state.DeliverableHistory, earlier] : state.DeliverableHistory,
            UpdatedAt = e.At,
        },
        _ => state,
    };

    public Team Apply(TeamRosterChanged e) => Evolution(this, e);
    public Team Apply(MilestoneRecorded e) => Evolution(this, e);
    public Team Apply(DeliverableSubmitted e) => Evolution(this, e);
    public Team Apply(DeliverableReplaced e) => Evolution(this, e);

    private static Team Indexed(Team team)
    {
        team.PartnerIds = [.. team.Members.Select(m => m.PartnerId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        team.MemberIds = [.. team.Members.Select(m => m.VolunteerId)];
        return team;
    }
}
