using JasperFx;

namespace ProBono.Teams.Formation;

// The formation of one marathon's teams: one stream per marathon (its id is the marathon's). It holds the pinned project
// leads. Every pin and commit takes the marathon's advisory lock (AdvisoryLocks.SerialiseOn) and then row-locks the stream, so pins
// and commits are decided one after the other, the first ones included.

public sealed record LeadPinned(Guid MarathonId, Guid NeedId, Guid VolunteerId, string By, DateTimeOffset At);

public sealed record LeadUnpinned(Guid MarathonId, Guid NeedId, string By, DateTimeOffset At);

public sealed record FormationCommitted(Guid MarathonId, Guid ProposalId, IReadOnlyList<Guid> TeamIds, string By, DateTimeOffset At);

/// <summary>A marathon's formation: its pinned leads (need → volunteer) and the proposals it committed.</summary>
public sealed record Formation(Guid Id, IReadOnlyDictionary<Guid, Guid> Pins, IReadOnlyList<Guid> Committed) : IRevisioned
{
    public int Version { get; set; }

    public static Formation Create(LeadPinned e) => Evolution(Empty(e.MarathonId), e);

    public static Formation Create(FormationCommitted e) => Evolution(Empty(e.MarathonId), e);

    public static Formation Empty(Guid marathonId) => new(marathonId, new Dictionary<Guid, Guid>(), []);

    public static Formation Evolution(Formation state, object @event) => @event switch
    {
        LeadPinned e => state with { Pins = new Dictionary<Guid, Guid>(state.Pins) { [e.NeedId] = e.VolunteerId } },
        LeadUnpinned e => state with { Pins = state.Pins.Where(p => p.Key != e.NeedId).ToDictionary() },
        FormationCommitted e => state with { Committed = [.. state.Committed, e.ProposalId] },
        _ => state,
    };

    public Formation Apply(LeadPinned e) => Evolution(this, e);
    public Formation Apply(LeadUnpinned e) => Evolution(this, e);
    public Formation Apply(FormationCommitted e) => Evolution(this, e);
}

/// <summary>
/// A volunteer's seat in a team: one document per volunteer, inserted when they join a team and deleted when they leave.
/// An insert fails when the seat exists, so no volunteer is ever in two teams, whichever edits race.
/// </summary>
public sealed class TeamSeat
{
    public Guid Id { get; set; }
    public Guid MarathonId { get; set; }
    public Guid TeamId { get; set; }
}
