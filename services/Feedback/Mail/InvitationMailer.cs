using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Surveys;
using ProBono.ServiceDefaults.Mail;
using ProBono.ServiceDefaults.Telemetry;

namespace ProBono.Feedback.Mail;

/// <summary>
/// What the mailer keeps of a mail that left: the token it was for (for a reminder, <c>{token}:reminder:{n}</c>) and
/// when (no address: a volunteer's stays in Recruitment). Written right after the SMTP server accepted the mail, before
/// anything else. Public: Marten generates code against it.
/// </summary>
public sealed class MailedInvitation
{
    public string Id { get; set; } = "";
    public Guid MarathonId { get; set; }
    public DateTimeOffset MailedAt { get; set; }
}

/// <summary>
/// Mails each pending invitation once: a Marten subscription (HotCold, one node) on <see cref="InvitationIssued"/>, so
/// nothing is missed and a restart resumes from its checkpoint. A page skips what was already mailed, records each mail
/// as it leaves and the page's outcomes in the campaigns before the checkpoint moves. Outages are waited out; a refusal
/// that will not change is recorded as failed (docs/adr/0012-survey-e-mails.md).
/// </summary>
internal sealed class InvitationMailer : SubscriptionBase
{
    private readonly MailSettings settings;
    private readonly VolunteerContacts contacts;
    private readonly TimeProvider clock;
    private readonly ILogger<InvitationMailer> logger;
    private readonly FeedbackMeters meters;
    private readonly CancellationToken processStopping;

    // no IDocumentStore in the constructor: Marten builds its subscriptions while building the store (the store is
    // reached through the page's session instead)
    public InvitationMailer(
        MailSettings settings, VolunteerContacts contacts, TimeProvider clock, ILogger<InvitationMailer> logger, FeedbackMeters meters,
        IHostApplicationLifetime lifetime)
    {
        this.meters = meters;
        processStopping = lifetime.ApplicationStopping;
        this.settings = settings;
        this.contacts = contacts;
        this.clock = clock;
        this.logger = logger;
        Name = "InvitationMailer";
        IncludeType<InvitationIssued>();
        IncludeType<SurveyReminderIssued>();
    }

    /// <summary>One mail to send: an invitation, or its <see cref="Reminder"/>th reminder (the same survey, said to be a reminder).</summary>
    private sealed record MailJob(InvitationIssued Invitation, int? Reminder)
    {
        /// <summary>What <see cref="MailedInvitation"/> records it under.</summary>
        public string Key => Reminder is { } n ? ReminderKey(Invitation.Token, n) : Invitation.Token;
    }

    private static string ReminderKey(string token, int number) => $"{token}:reminder:{number}";

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var pending = page.Events.Select(e => e.Data).OfType<InvitationIssued>().Where(i => i.SendingState == SendingStates.Pending).ToList();
        var reminders = page.Events.Select(e => e.Data).OfType<SurveyReminderIssued>().ToList();
        if (pending.Count == 0 && reminders.Count == 0)
        {
            return NullChangeListener.Instance;
        }
        var store = operations.DocumentStore;
        var outcomes = new ConcurrentQueue<object>(); // recorded only: sent before a crash, found on a replay
        var attempted = new ConcurrentBag<object>();
        var jobs = new List<MailJob>();
        Func<Guid, string, string, SurveySubject> subjects;
        await using (var session = store.QuerySession())
        {
            // a page seen again (a crash, a rewind): an invitation whose outcome is recorded is neither tried nor counted again
            var recorded = (await session.LoadManyAsync<SurveyInvitation>(cancellationToken, pending.Select(p => p.Token)))
                .Where(i => i.SendingState != SendingStates.Pending).Select(i => i.Id).ToHashSet();
            pending.RemoveAll(p => recorded.Contains(p.Token));
            // one that left before the crash is recorded as sent (Record skips what was recorded), not mailed twice
            var mailed = (await session.LoadManyAsync<MailedInvitation>(cancellationToken, pending.Select(p => p.Token))).ToDictionary(m => m.Id);
            foreach (var invitation in pending.Where(p => mailed.ContainsKey(p.Token)))
            {
                outcomes.Enqueue(new InvitationSent(invitation.MarathonId, invitation.Token, mailed[invitation.Token].MailedAt));
            }
            pending.RemoveAll(p => mailed.ContainsKey(p.Token));
            jobs.AddRange(pending.Select(p => new MailJob(p, null)));
            jobs.AddRange(await Reminders(session, reminders, cancellationToken));
            // what each mail names (the marathon and its date, the need, the closing): one batch of reads for the page
            subjects = await SurveySubject.LoadMarathons(session, [.. jobs.Select(j => j.Invitation.MarathonId)], cancellationToken);
        }

        // one mail costs a question to Recruitment, an SMTP exchange and a write: the page goes out over several
        // connections at once, each taking its share in turn (the order of mails promises nothing)
        var lanes = Math.Min(settings.Connections, Math.Max(1, jobs.Count));
        await Parallel.ForEachAsync(
            jobs.Select((job, i) => (job, i)).GroupBy(x => x.i % lanes, x => x.job),
            new ParallelOptions { MaxDegreeOfParallelism = lanes, CancellationToken = cancellationToken },
            async (lane, ct) =>
            {
                await using var smtp = new SmtpConnection(settings.Server);
                foreach (var job in lane)
                {
                    var invitation = job.Invitation;
                    var subject = subjects(invitation.MarathonId, invitation.Group, invitation.RespondentId).ClosingAt(invitation.ClosesAt);
                    if (await Mail(store, job, subject, smtp, ct) is { } outcome)
                    {
                        attempted.Add(outcome);
                    }
                }
            });
        var newlyRecorded = await Record(store, [.. outcomes, .. attempted], cancellationToken);
        // counted once recorded, so a page tried again after a failed save is not counted twice
        var triedNow = attempted.ToHashSet();
        foreach (var outcome in newlyRecorded.Where(triedNow.Contains))
        {
            if (outcome is InvitationSent)
            {
                meters.InvitationSent();
            }
            else
            {
                meters.InvitationFailed();
            }
        }
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// The reminders of the page still to mail, as the invitations they remind of: not those mailed before a crash, nor
    /// those answered or closed since they were claimed (a reminder never reaches someone who answered, nor comes after the closing).
    /// </summary>
    private async Task<IReadOnlyList<MailJob>> Reminders(IQuerySession session, IReadOnlyList<SurveyReminderIssued> reminders, CancellationToken ct)
    {
        if (reminders.Count == 0)
        {
            return [];
        }
        var mailed = (await session.LoadManyAsync<MailedInvitation>(ct, reminders.Select(r => ReminderKey(r.Token, r.Number)))).Select(m => m.Id).ToHashSet();
        var invitations = (await session.LoadManyAsync<SurveyInvitation>(ct, reminders.Select(r => r.Token).Distinct())).ToDictionary(i => i.Id);
        var now = clock.GetUtcNow();
        return
        [
            .. from reminder in reminders
               where !mailed.Contains(ReminderKey(reminder.Token, reminder.Number))
               let invitation = invitations.GetValueOrDefault(reminder.Token)
               where invitation is { AnsweredAt: null } && !(invitation.ClosesAt is { } closes && now >= closes)
               select new MailJob(new InvitationIssued(invitation.MarathonId, invitation.Id, invitation.Group, invitation.RespondentId,
                   invitation.PartnerId, invitation.Email, invitation.Language, invitation.SendingState, reminder.At, invitation.ClosesAt), reminder.Number),
        ];
    }

    /// <summary>Sends one mail; an invitation's outcome to record (sent or failed), or null for a reminder (its record is its <see cref="MailedInvitation"/>).</summary>
    private async Task<object?> Mail(IDocumentStore store, MailJob job, SurveySubject subject, SmtpConnection smtp, CancellationToken ct)
    {
        var invitation = job.Invitation;
        var (address, firstName) = invitation.Group == SurveyGroups.Volunteer
            ? await Persistently.Try(() => contacts.Find(Guid.Parse(invitation.RespondentId), ct), "asking Recruitment for a volunteer's address", logger, ct)
            : (invitation.Email, (string?)null);
        if (address is null)
        {
            return Failed(job, "no address (unknown or erased)");
        }
        MimeKit.MimeMessage mail;
        try
        {
            mail = SurveyMail.Compose(invitation, address, firstName, subject, settings, job.Reminder);
        }
        catch (MimeKit.ParseException)
        {
            return Failed(job, "the address is not valid");
        }
        var refusal = await Persistently.Try(() => smtp.Send(mail, ct), job.Reminder is null ? "sending a survey invitation" : "sending a survey reminder", logger, ct);
        if (refusal is not null)
        {
            logger.LogWarning("The mail server refused the mail of invitation {TokenStart}…: {Refusal}", invitation.Token[..6], refusal);
            return Failed(job, refusal);
        }
        var now = clock.GetUtcNow();
        // the mail left: record it even if the page is stopped or the database is down, else a replay mails it again. Each
        // attempt runs to its end (CancellationToken.None); only the process stopping ends the waits (then this mail may go twice)
        await Persistently.Try(async () =>
        {
            await using var session = store.LightweightSession();
            session.Store(new MailedInvitation { Id = job.Key, MarathonId = invitation.MarathonId, MailedAt = now });
            await session.SaveChangesAsync(CancellationToken.None);
            return true;
        }, "recording a mail that left", logger, processStopping);
        return job.Reminder is null ? new InvitationSent(invitation.MarathonId, invitation.Token, now) : null;
    }

    /// <summary>An invitation that could not be mailed is recorded as failed; a reminder that could not is only told in the log.</summary>
    private InvitationSendingFailed? Failed(MailJob job, string reason)
    {
        if (job.Reminder is { } n)
        {
            logger.LogWarning("Reminder {Number} of invitation {TokenStart}… was not mailed: {Reason}", n, job.Invitation.Token[..6], reason);
            return null;
        }
        return new InvitationSendingFailed(job.Invitation.MarathonId, job.Invitation.Token, reason, clock.GetUtcNow());
    }

    /// <summary>
    /// The page's outcomes, in one transaction: appended to each campaign under its lock (for the record), and set on the
    /// invitation documents (the staff list's sending state), read after taking the lock so an answer recorded meanwhile is
    /// kept. An invitation no longer pending was recorded by an earlier run of this page (a crash before the checkpoint):
    /// skipped, so nothing is recorded twice.
    /// </summary>
    private static async Task<IReadOnlyList<object>> Record(IDocumentStore store, IReadOnlyList<object> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return [];
        }
        await using var session = store.LightweightSession();
        var all = new List<object>();
        foreach (var campaign in outcomes.GroupBy(MarathonOf))
        {
            var write = await session.OpenForWriting<SurveyCampaign>(campaign.Key, ct, exclusive: true);
            var byToken = campaign.ToDictionary(TokenOf);
            var recorded = new List<object>();
            foreach (var invitation in await session.LoadManyAsync<SurveyInvitation>(ct, byToken.Keys))
            {
                if (invitation.SendingState != SendingStates.Pending)
                {
                    continue;
                }
                var outcome = byToken[invitation.Id];
                recorded.Add(outcome);
                invitation.SendingState = outcome is InvitationSent ? SendingStates.Sent : SendingStates.Failed;
                session.Update(invitation);
            }
            if (recorded.Count > 0)
            {
                write.Append(recorded);
                all.AddRange(recorded);
            }
        }
        await session.SaveChangesAsync(ct);
        return all;
    }

    private static string TokenOf(object outcome) => outcome switch
    {
        InvitationSent sent => sent.Token,
        InvitationSendingFailed failed => failed.Token,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static Guid MarathonOf(object outcome) => outcome switch
    {
        InvitationSent sent => sent.MarathonId,
        InvitationSendingFailed failed => failed.MarathonId,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
