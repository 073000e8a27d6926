using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>
/// Queues the mails that answer a registration (confirmed or waitlisted) and a promotion from the waitlist: a Marten
/// subscription (HotCold: one node of the service) that turns those events into <see cref="VolunteerMailing"/> rows,
/// once each (a replayed page finds its rows and adds none), before its checkpoint moves. The
/// <see cref="VolunteerMailer"/> of any replica sends them.
/// </summary>
internal sealed class VolunteerMailQueue : SubscriptionBase
{
    private readonly ILogger<VolunteerMailQueue> logger;

    // no IDocumentStore in the constructor: Marten builds its subscriptions while building the store
    public VolunteerMailQueue(ILogger<VolunteerMailQueue> logger)
    {
        this.logger = logger;
        Name = "VolunteerMailQueue";
        IncludeType<VolunteerRegistered>();
        IncludeType<WaitlistedVolunteerConfirmed>();
    }

    /// <summary>The mail an event of a volunteer's stream asks for, if any. Pure.</summary>
    public static VolunteerMailing? MailFor(IEvent e) => e.Data switch
    {
        VolunteerRegistered r => VolunteerMailings.Queued(r.VolunteerId, r.MarathonId,
            r.Status == VolunteerStatus.Confirmed ? VolunteerMailKinds.Confirmed : VolunteerMailKinds.Waitlisted, e.Timestamp),
        WaitlistedVolunteerConfirmed p => VolunteerMailings.Queued(p.VolunteerId, p.MarathonId, VolunteerMailKinds.Promoted, e.Timestamp),
        _ => null,
    };

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var mails = page.Events.Select(MailFor).OfType<VolunteerMailing>().DistinctBy(m => m.Id).ToList();
        if (mails.Count > 0)
        {
            await Persistently.Try(() => Queue(operations.DocumentStore, mails, cancellationToken), "queueing volunteers' mails", logger, cancellationToken);
        }
        return NullChangeListener.Instance;
    }

    private static async Task<int> Queue(IDocumentStore store, List<VolunteerMailing> mails, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var existing = (await session.LoadManyAsync<VolunteerMailing>(ct, mails.Select(m => m.Id))).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = mails.Where(m => !existing.Contains(m.Id)).ToList();
        if (fresh.Count > 0)
        {
            session.Insert<VolunteerMailing>(fresh);
            await session.SaveChangesAsync(ct);
        }
        return fresh.Count;
    }
}
