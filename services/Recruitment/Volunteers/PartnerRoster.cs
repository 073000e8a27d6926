using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Services.BatchQuerying;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Marathons.ChangingPartners;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers;

/// <summary>Starts a partner's roster; appended in the transaction that schedules the marathon or adds the partner.</summary>
public sealed record RosterOpened(Guid RosterId, Guid MarathonId, string PartnerId, string PartnerName, int Quota, DateTimeOffset OpenedAt);

/// <summary>
/// One partner's place in one marathon: the consistency boundary of its quota. Its stream holds only
/// <see cref="RosterOpened"/>; every write to one of the partner's volunteers that the figures count locks it
/// (<c>OpenForWriting(..., exclusive: true)</c>), so writes that change the partner's figures are decided one after the
/// other, and reads the partner's <see cref="RosterFigures"/> under that lock. Its cost never grows with the roster.
/// Its name and quota are those it opened with; the current ones (after a <c>PartnerChanged</c>, decided under the same
/// lock) are the figures'.
/// </summary>
public sealed record PartnerRoster(Guid Id, Guid MarathonId, string PartnerId, string PartnerName, int Quota)
{
    public static PartnerRoster Create(RosterOpened e) => new(e.RosterId, e.MarathonId, e.PartnerId, e.PartnerName, e.Quota);
}

/// <summary>
/// How many of a partner's volunteers are in each state, and how many registered (the next arrival): a document per
/// roster, kept in the same transaction as the volunteers' events (inline), so it is exact under the roster's lock and
/// a read of a marathon's figures costs one indexed query whatever the number of volunteers. Check-ins are not counted
/// here: they decide nothing about the quota, and the desks of the day must not queue behind one another for the roster.
/// </summary>
public sealed record RosterFigures(
    Guid Id,
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    int Quota,
    int Registered,
    int Confirmed,
    int Waitlisted,
    int Withdrawn)
{
    public static RosterFigures Opened(RosterOpened e) => new(e.RosterId, e.MarathonId, e.PartnerId, e.PartnerName, e.Quota, 0, 0, 0, 0);

    /// <summary>Pure; the projection and the bulk import (which decides many rows under one lock) both fold with it.</summary>
    public static RosterFigures Evolution(RosterFigures f, object @event) => @event switch
    {
        VolunteerRegistered e => f with
        {
            Registered = f.Registered + 1,
            Confirmed = f.Confirmed + (e.Status == VolunteerStatus.Confirmed ? 1 : 0),
            Waitlisted = f.Waitlisted + (e.Status == VolunteerStatus.Waitlisted ? 1 : 0),
        },
        VolunteerWithdrawn e => f with
        {
            Withdrawn = f.Withdrawn + 1,
            Confirmed = f.Confirmed - (e.WasConfirmed ? 1 : 0),
            Waitlisted = f.Waitlisted - (e.WasConfirmed ? 0 : 1),
        },
        WaitlistedVolunteerConfirmed => f with { Confirmed = f.Confirmed + 1, Waitlisted = f.Waitlisted - 1 },
        PartnerChanged e => f with { PartnerName = e.Partner.Name, Quota = e.Partner.Quota },
        _ => f,
    };
}

internal sealed class RosterFiguresProjection : MultiStreamProjection<RosterFigures, Guid>
{
    public RosterFiguresProjection()
    {
        Identity<RosterOpened>(e => e.RosterId);
        Identity<VolunteerRegistered>(e => RosterIds.Roster(e.MarathonId, e.PartnerId));
        Identity<VolunteerWithdrawn>(e => RosterIds.Roster(e.MarathonId, e.PartnerId));
        Identity<WaitlistedVolunteerConfirmed>(e => RosterIds.Roster(e.MarathonId, e.PartnerId));
        // from the marathon's stream: the partner's name and quota as staff change them, under the roster's lock
        Identity<PartnerChanged>(e => RosterIds.Roster(e.MarathonId, e.Partner.PartnerId));
    }

    public override RosterFigures? Evolve(RosterFigures? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, RosterOpened opened) => RosterFigures.Opened(opened),
        (null, _) => null, // a roster is always opened first; nothing to count against otherwise
        (var figures, var data) => RosterFigures.Evolution(figures, data),
    };
}

/// <summary>Deterministic ids: the roster of (marathon, partner) and the volunteer of (marathon, partner, employeeRef).</summary>
internal static class RosterIds
{
    private static readonly Guid RosterNamespace = new("5a0f7b8e-3c1d-4e8a-9b6f-2d4c6e8a0b1c");
    private static readonly Guid VolunteerNamespace = new("9c2e4a6b-8d0f-4b1a-a3c5-e7f9b1d3f5a7");

    public static Guid Roster(Guid marathonId, string partnerId) => NameBased(RosterNamespace, $"{marathonId:N}/{partnerId}");

    public static Guid Volunteer(Guid marathonId, string partnerId, string employeeRef) =>
        NameBased(VolunteerNamespace, $"{marathonId:N}/{partnerId}/{employeeRef}");

    public static Guid NameBased(Guid ns, string name) => StableIds.NameBased(ns, name);
}

/// <summary>Starts partner rosters; called where a partner enters a marathon (scheduling, adding a partner).</summary>
internal static class PartnerRosters
{
    /// <summary>
    /// Locks the roster of (<paramref name="marathonId"/>, <paramref name="partnerId"/>) until the session commits and
    /// reads its figures under the lock; 404 when the partner takes no part in the marathon. Part of a batch of reads sent
    /// in one round trip: queue it first (statements run in order), so the reads queued after it see the state under
    /// the lock.
    /// </summary>
    public static Task<RosterFigures> Lock(this IBatchedQuery batch, Guid marathonId, string partnerId)
    {
        var rosterId = RosterIds.Roster(marathonId, partnerId);
        var roster = batch.OpenForWriting<PartnerRoster>(rosterId, exclusive: true);
        var figures = batch.Load<RosterFigures>(rosterId);
        return Locked(roster, figures, rosterId, marathonId, partnerId);

        static async Task<RosterFigures> Locked(Task<StreamWrite<PartnerRoster>> roster, Task<RosterFigures?> figures, Guid rosterId, Guid marathonId, string partnerId) =>
            (await roster).State is null
                ? throw new NotFound($"Partner '{partnerId}' takes no part in marathon {marathonId}.")
                : await figures ?? throw new InvalidOperationException($"The roster {rosterId} has no figures; its RosterOpened was not projected.");
    }

    /// <summary>
    /// What every write of one volunteer decides on, read in one round trip: the roster locked with its figures, the
    /// marathon with its status held (see <see cref="MarathonSummaries.RequireWhileStatusHeld"/>; 404 when
    /// <paramref name="callerPartnerId"/> takes no part in it), and the volunteer's stream opened for writing.
    /// </summary>
    public static async Task<VolunteerWrite> OpenVolunteer(
        this IDocumentSession session, Guid marathonId, string partnerId, Guid volunteerId, string? callerPartnerId, CancellationToken ct)
    {
        var reads = session.CreateBatchQuery();
        var roster = reads.Lock(marathonId, partnerId);
        var marathon = reads.RequireWhileStatusHeld(marathonId, callerPartnerId);
        var volunteer = reads.OpenForWriting<Volunteer>(volunteerId);
        await reads.Execute(ct);
        return new VolunteerWrite(await marathon, await roster, await volunteer);
    }

    public static void Open(IDocumentSession session, Guid marathonId, PartnerQuota partner, DateTimeOffset now)
    {
        var rosterId = RosterIds.Roster(marathonId, partner.PartnerId);
        session.StartStream<PartnerRoster>(rosterId, new RosterOpened(rosterId, marathonId, partner.PartnerId, partner.Name, partner.Quota, now));
    }
}

/// <summary>See <see cref="PartnerRosters.OpenVolunteer"/>.</summary>
internal sealed record VolunteerWrite(MarathonSummary Marathon, RosterFigures Roster, StreamWrite<Volunteer> Volunteer);
