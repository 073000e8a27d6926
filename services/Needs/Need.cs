using JasperFx;

namespace ProBono.Needs;

public enum NeedStatus
{
    Submitted,
    Qualified,
    Published,
    Staffed,
    Delivered,
    Rejected,
    Withdrawn,
}

/// <summary><see cref="Count"/> team members with <see cref="Skill"/> (one of API.md's skills).</summary>
public sealed record SkillSlots(string Skill, int Count);

public sealed record TeamSize(int Min, int Max);

/// <summary>What a need asks of the marathon: the required skill slots and the size of its team.</summary>
public sealed record NeedDemand(IReadOnlyList<SkillSlots> RequiredSkills, TeamSize TeamSize)
{
    public int Slots => RequiredSkills.Sum(s => s.Count);
}

/// <summary>Who did something to a need: a role of API.md (or the Teams service) and the id it acts under.</summary>
public sealed record Actor(string Role, string Id)
{
    public const string TeamsRole = "teams";
}

public sealed record StaffNote(string Text, Actor By, DateTimeOffset At);

/// <summary>One line of a need's history: what was done, by whom, when, and in a few words what changed.</summary>
public sealed record NeedHistoryEntry(string Action, Actor By, DateTimeOffset At, string? Detail);

// A need's private domain events: one stream per need. Each carries the marathon and the demand as it stands after the
// event, and a move that can start from several statuses names the one it left, so the marathon's board is projected from
// the events alone. What leaves the service is mapped in NeedsIntegrationEvents.

public sealed record NeedSubmitted(
    Guid NeedId,
    Guid MarathonId,
    Guid AssociationId,
    string AssociationName,
    string Cause,
    string Title,
    string Description,
    string Deliverable,
    NeedDemand Demand,
    Actor By,
    DateTimeOffset At,
    string? ContactEmail = null);

/// <summary>Staff qualified the need, possibly changing its demand (<see cref="Before"/> → <see cref="Demand"/>) and adding a note.</summary>
public sealed record NeedQualified(
    Guid NeedId, Guid MarathonId, NeedStatus From, NeedDemand Before, NeedDemand Demand, string? Notes, Actor By, DateTimeOffset At);

public sealed record NeedRejected(Guid NeedId, Guid MarathonId, NeedStatus From, NeedDemand Demand, string Reason, Actor By, DateTimeOffset At);

/// <summary>Staff published the qualified need; carries what other services hear of it (NeedPublished).</summary>
public sealed record NeedPublished(
    Guid NeedId,
    Guid MarathonId,
    Guid AssociationId,
    string AssociationName,
    string Cause,
    string Title,
    string Deliverable,
    NeedDemand Demand,
    Actor By,
    DateTimeOffset At,
    string? ContactEmail = null);

public sealed record NeedWithdrawn(
    Guid NeedId, Guid MarathonId, Guid AssociationId, NeedStatus From, NeedDemand Demand, string? Reason, Actor By, DateTimeOffset At);

/// <summary>Teams formed the need's team (from Teams' TeamFormed or TeamChanged).</summary>
public sealed record NeedStaffed(Guid NeedId, Guid MarathonId, NeedDemand Demand, Guid TeamId, Actor By, DateTimeOffset At);

/// <summary>The need's team delivered (from Teams' MissionCompleted of version <see cref="MissionVersion"/>).</summary>
public sealed record NeedDelivered(
    Guid NeedId, Guid MarathonId, NeedDemand Demand, Guid TeamId, string DeliverableTitle, string? DeliverableUrl, Actor By, DateTimeOffset At,
    string? DeliverableDescription = null, bool Correction = false, long MissionVersion = 0);

/// <summary>The delivered need's team replaced its deliverable (a newer MissionCompleted, of version <see cref="MissionVersion"/>).</summary>
public sealed record NeedDeliverableReplaced(
    Guid NeedId, Guid MarathonId, Guid TeamId, string DeliverableTitle, string? DeliverableUrl, string? DeliverableDescription, bool Correction,
    long MissionVersion, Actor By, DateTimeOffset At);

/// <summary>What the team delivered: a link, a description (a paper handed over), or both; a correction when made after the marathon.</summary>
public sealed record DeliveredWork(Guid TeamId, string Title, string? Url, DateTimeOffset At, string? Description = null, bool Correction = false);

/// <summary>
/// One association's need: the aggregate its slices decide on and, as its inline snapshot, the document the API lists
/// and shows (with its history), so a command loads it by id in constant time and <see cref="Version"/> is the stream
/// version behind the <c>ETag</c>. Built by <see cref="Evolution"/>; Marten uses <see cref="Create"/> and the <c>Apply</c> methods.
/// </summary>
public sealed record Need(
    Guid Id,
    Guid MarathonId,
    Guid AssociationId,
    string AssociationName,
    string Cause,
    string Title,
    string Description,
    string Deliverable,
    NeedDemand Demand,
    NeedStatus Status,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<StaffNote> Notes,
    string? RejectionReason,
    string? WithdrawalReason,
    Guid? TeamId,
    DeliveredWork? Delivered,
    IReadOnlyList<NeedHistoryEntry> History,
    string? ContactEmail = null) : IRevisioned
{
    public int Version { get; set; }

    /// <summary>The version of the team's MissionCompleted that <see cref="Delivered"/> comes from: an older one changes nothing.</summary>
    public long DeliveredMissionVersion { get; init; }

    public static Need Create(NeedSubmitted e) => new(
        e.NeedId, e.MarathonId, e.AssociationId, e.AssociationName, e.Cause, e.Title, e.Description, e.Deliverable, e.Demand,
        NeedStatus.Submitted, e.At, [], null, null, null, null, [new NeedHistoryEntry("submitted", e.By, e.At, null)], e.ContactEmail);

    public static Need Evolution(Need state, object @event) => @event switch
    {
        NeedQualified e => Recorded(state with
        {
            Status = NeedStatus.Qualified,
            Demand = e.Demand,
            Notes = e.Notes is null ? state.Notes : [.. state.Notes, new StaffNote(e.Notes, e.By, e.At)],
        }, "qualified", e.By, e.At, e.Notes),
        NeedRejected e => Recorded(state with
        {
            Status = NeedStatus.Rejected,
            RejectionReason = e.Reason,
        }, "rejected", e.By, e.At, e.Reason),
        NeedPublished e => Recorded(state with { Status = NeedStatus.Published }, "published", e.By, e.At, null),
        NeedWithdrawn e => Recorded(state with
        {
            Status = NeedStatus.Withdrawn,
            WithdrawalReason = e.Reason,
        }, "withdrawn", e.By, e.At, e.Reason),
        NeedStaffed e => Recorded(state with { Status = NeedStatus.Staffed, TeamId = e.TeamId }, "staffed", e.By, e.At, null),
        NeedDelivered e => Recorded(state with
        {
            Status = NeedStatus.Delivered,
            TeamId = e.TeamId,
            Delivered = new DeliveredWork(e.TeamId, e.DeliverableTitle, e.DeliverableUrl, e.At, e.DeliverableDescription, e.Correction),
            DeliveredMissionVersion = e.MissionVersion,
        }, "delivered", e.By, e.At, e.DeliverableTitle),
        NeedDeliverableReplaced e => Recorded(state with
        {
            Delivered = new DeliveredWork(e.TeamId, e.DeliverableTitle, e.DeliverableUrl, e.At, e.DeliverableDescription, e.Correction),
            DeliveredMissionVersion = e.MissionVersion,
        }, "deliverable-replaced", e.By, e.At, e.DeliverableTitle),
        _ => state,
    };

    /// <summary><paramref name="next"/> with one more line of history: what was done, by whom, when.</summary>
    private static Need Recorded(Need next, string action, Actor by, DateTimeOffset at, string? detail) =>
        next with { History = [.. next.History, new NeedHistoryEntry(action, by, at, detail)] };

    public Need Apply(NeedQualified e) => Evolution(this, e);
    public Need Apply(NeedRejected e) => Evolution(this, e);
    public Need Apply(NeedPublished e) => Evolution(this, e);
    public Need Apply(NeedWithdrawn e) => Evolution(this, e);
    public Need Apply(NeedStaffed e) => Evolution(this, e);
    public Need Apply(NeedDelivered e) => Evolution(this, e);
    public Need Apply(NeedDeliverableReplaced e) => Evolution(this, e);
}
