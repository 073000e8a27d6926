using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.Recruitment.Volunteers.Attendance;

/// <summary>
/// When a marathon completes, mails each partner with a contact address the list of its no-shows, at most once: a Marten
/// subscription (HotCold: one node of the service mails) on <see cref="MarathonCompleted"/>, so a restart resumes from
/// its checkpoint. It makes a <see cref="NoShowMailing"/> per partner, then for each: claims it (<c>sending</c>) right
/// before the server gets it, and records <c>sent</c> once the server took it. A claim found on a replay (the process
/// stopped in between) becomes <c>unknown</c> and is not sent again (docs/adr/0020-shared-mail-library.md).
/// </summary>
internal sealed class NoShowMailer : SubscriptionBase
{
    private readonly SmtpServer server;
    private readonly TimeProvider clock;
    private readonly ILogger<NoShowMailer> logger;
    private readonly CancellationToken processStopping;

    // no IDocumentStore in the constructor: Marten builds its subscriptions while building the store
    public NoShowMailer(SmtpServer server, TimeProvider clock, ILogger<NoShowMailer> logger, IHostApplicationLifetime lifetime)
    {
        this.server = server;
        this.clock = clock;
        this.logger = logger;
        processStopping = lifetime.ApplicationStopping;
        Name = "NoShowMailer";
        IncludeType<MarathonCompleted>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var store = operations.DocumentStore;
        await using var smtp = new SmtpConnection(server);
        foreach (var completed in page.Events.Select(e => e.Data).OfType<MarathonCompleted>())
        {
            var mailings = await Persistently.Try(() => Prepare(store, completed, cancellationToken), "preparing the no-show mails", logger, cancellationToken);
            foreach (var mailing in mailings)
            {
                await Mail(store, smtp, mailing, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    /// <summary>The completion's mailings: those made by an earlier run of this page as they stand, the others made now.</summary>
    private async Task<IReadOnlyList<NoShowMailing>> Prepare(IDocumentStore store, MarathonCompleted completed, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var marathon = await session.LoadAsync<MarathonSummary>(completed.MarathonId, ct);
        if (marathon is null)
        {
            return [];
        }
        var made = NoShowMail.At(completed, marathon, clock.GetUtcNow());
        var existing = (await session.LoadManyAsync<NoShowMailing>(ct, made.Select(m => m.Id))).ToDictionary(m => m.Id);
        var fresh = made.Where(m => !existing.ContainsKey(m.Id)).ToList();
        if (fresh.Count > 0)
        {
            session.Insert<NoShowMailing>(fresh);
            await session.SaveChangesAsync(ct);
        }
        return [.. made.Select(m => existing.GetValueOrDefault(m.Id) ?? m)];
    }

    private async Task Mail(IDocumentStore store, SmtpConnection smtp, NoShowMailing mailing, CancellationToken ct)
    {
        if (mailing.State == NoShowMailStates.Sending)
        {
            logger.LogWarning("The no-show mail to partner {PartnerId} was being sent when its run stopped: it may have left, and is not sent again", mailing.PartnerId);
            await Record(store, mailing, NoShowMailStates.Unknown, "the mailer stopped while the mail was on its way: it may have left");
            return;
        }
        if (mailing.State != NoShowMailStates.Pending)
        {
            return;
        }
        var message = await Persistently.Try(() => Compose(store, mailing, ct), "reading a partner's no-shows", logger, ct);
        if (message is null)
        {
            await Record(store, mailing, NoShowMailStates.Failed, "the marathon, the partner or its address is no longer valid");
            return;
        }
        var result = await Persistently.Try(async () =>
        {
            // connected before the claim: an outage of the mail server is waited out with nothing claimed
            await smtp.Connect(ct);
            await Save(store, mailing, NoShowMailStates.Sending, null, ct);
            var delivered = await DeliverOnce(smtp, message, ct);
            if (delivered.Outcome == SmtpOutcome.TryLater)
            {
                // the server did not take it: the claim is given back, and the mail tried again
                await Save(store, mailing, NoShowMailStates.Pending, null, CancellationToken.None);
                throw new IOException(delivered.Reason);
            }
            return delivered;
        }, "sending a partner's no-show mail", logger, ct);

        switch (result.Outcome)
        {
            case SmtpOutcome.Accepted:
                await Record(store, mailing, NoShowMailStates.Sent, null);
                break;
            case SmtpOutcome.Refused:
                logger.LogWarning("The mail server refused the no-show mail to partner {PartnerId}: {Refusal}", mailing.PartnerId, result.Reason);
                await Record(store, mailing, NoShowMailStates.Failed, result.Reason);
                break;
            default:
                logger.LogWarning("The no-show mail to partner {PartnerId} may have left ({Fault}); it is not sent again", mailing.PartnerId, result.Reason);
                await Record(store, mailing, NoShowMailStates.Unknown, result.Reason);
                break;
        }
    }

    /// <summary>Once claimed, a mail is handed over once: whatever goes wrong then may have let it leave, so it is not tried again.</summary>
    private static async Task<SmtpResult> DeliverOnce(SmtpConnection smtp, MimeKit.MimeMessage message, CancellationToken ct)
    {
        try
        {
            return await smtp.Deliver(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new SmtpResult(SmtpOutcome.MayHaveLeft, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The mail as the attendance stands now: the partner's confirmed volunteers who never checked in, in arrival order.</summary>
    private async Task<MimeKit.MimeMessage?> Compose(IDocumentStore store, NoShowMailing mailing, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var marathon = await session.LoadAsync<MarathonSummary>(mailing.MarathonId, ct);
        var partner = marathon?.Partners.SingleOrDefault(p => p.PartnerId == mailing.PartnerId);
        if (marathon is null || partner is null || mailing.To is null)
        {
            return null;
        }
        var noShows = await session.Query<AttendanceLine>()
            .Where(l => l.MarathonId == mailing.MarathonId && l.PartnerId == mailing.PartnerId && l.HeldPlace && !l.Withdrawn && l.CheckedInAt == null)
            .OrderBy(l => l.Arrival)
            .ToListAsync(ct);
        var personal = (await session.LoadManyAsync<VolunteerPersonalData>(ct, noShows.Select(l => l.Id))).ToDictionary(p => p.Id);
        try
        {
            return NoShowMail.Compose(marathon, partner, mailing.To, [.. noShows.Select(l => BrowseAttendanceSlice.NameOf(l, personal.GetValueOrDefault(l.Id)))], server.From);
        }
        catch (MimeKit.ParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// What became of a mail, recorded even if the page is stopped or the database is down: each attempt runs to its end
    /// (CancellationToken.None); only the process stopping ends the waits (a <c>sending</c> claim then stays, and the
    /// next run records it as unknown).
    /// </summary>
    private Task Record(IDocumentStore store, NoShowMailing mailing, string state, string? failure) =>
        Persistently.Try(async () =>
        {
            await Save(store, mailing, state, failure, CancellationToken.None);
            return true;
        }, $"recording a no-show mail as {state}", logger, processStopping);

    private async Task Save(IDocumentStore store, NoShowMailing mailing, string state, string? failure, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        mailing.State = state;
        mailing.Failure = failure;
        mailing.SendingAt = state == NoShowMailStates.Sending ? now : mailing.SendingAt;
        mailing.SentAt = state == NoShowMailStates.Sent ? now : mailing.SentAt;
        await using var session = store.LightweightSession();
        session.Store(mailing);
        await session.SaveChangesAsync(ct);
    }
}
