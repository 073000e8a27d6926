using JasperFx;
using MimeKit;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>
/// Where volunteers' mails go through and how often the mailer looks: the links point at <c>Recruitment:PublicUrl</c>
/// (the gateway); every <c>Recruitment:Mail:PollInterval</c> (default 15 s) the mailer queues the reminders the clock
/// says are due and sends what is queued; a claim older than <c>Recruitment:Mail:ClaimTimeout</c> (default 5 min) was
/// left by a mailer that stopped, and is taken again.
/// </summary>
internal sealed record VolunteerMailSettings(SmtpServer Server, Uri PublicUrl, TimeSpan PollInterval, TimeSpan ClaimTimeout)
{
    public static VolunteerMailSettings Of(SmtpServer server, IConfiguration configuration) => new(
        server,
        new Uri(configuration["Recruitment:PublicUrl"] ?? "http://localhost:5080"),
        configuration.GetValue("Recruitment:Mail:PollInterval", TimeSpan.FromSeconds(15)),
        configuration.GetValue("Recruitment:Mail:ClaimTimeout", TimeSpan.FromMinutes(5)));
}

/// <summary>
/// The volunteers' mailer, on every replica (docs/adr/0024-timed-mails.md). Each round it (1) queues the reminder that
/// is due for each marathon near its date (<see cref="Reminders.DueNow"/>, the time from <see cref="TimeProvider"/>), a
/// row per (volunteer, kind) so two replicas queue it once; (2) sends the queued mails: connect, compose, claim the row
/// under optimistic concurrency (one replica wins), hand the mail over, record what became of it.
/// </summary>
internal sealed class VolunteerMailer(
    IDocumentStore store, VolunteerMailSettings settings, TimeProvider clock, ILogger<VolunteerMailer> logger) : BackgroundService
{
    private const int PageSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await QueueDueReminders(stoppingToken);
                await SendQueued(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The volunteers' mailer stopped its round ({Error}); it tries again at the next one", ex.GetType().Name);
            }
            try
            {
                // the polling interval is the mailer's pace in real time, whatever the clock the reminders are timed by
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task QueueDueReminders(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        List<MarathonSummary> upcoming;
        await using (var session = store.QuerySession())
        {
            upcoming = [.. (await session.Query<MarathonSummary>()
                    .Where(m => m.Status == MarathonStatus.RegistrationOpen || m.Status == MarathonStatus.RegistrationClosed)
                    .ToListAsync(ct))
                .Where(m => m.Date >= today && m.Date <= today.AddDays(7))];
        }
        foreach (var marathon in upcoming)
        {
            if (Reminders.DueNow(marathon.Status, marathon.Date, now) is not { } kind)
            {
                continue;
            }
            try
            {
                var queued = await SendRemindersSlice.Queue(store, marathon.Id, kind, now, ct);
                if (queued > 0)
                {
                    logger.LogInformation("Queued the {Kind} reminder of marathon {MarathonId} for {Count} volunteers", kind, marathon.Id, queued);
                }
            }
            catch (StateConflict)
            {
                // the day started between the read and the queueing: no reminder
            }
        }
    }

    private async Task SendQueued(CancellationToken ct)
    {
        await using var smtp = new SmtpConnection(settings.Server);
        while (true)
        {
            // a claim older than the timeout: its mailer stopped between the claim and the record
            var abandoned = DateTimeOffset.UtcNow - settings.ClaimTimeout;
            IReadOnlyList<VolunteerMailing> page;
            await using (var session = store.QuerySession())
            {
                page = await session.Query<VolunteerMailing>()
                    .Where(m => m.State == VolunteerMailStates.Pending || (m.State == VolunteerMailStates.Sending && m.ClaimedAt! < abandoned))
                    .OrderBy(m => m.QueuedAt)
                    .Take(PageSize)
                    .ToListAsync(ct);
            }
            if (page.Count == 0)
            {
                return;
            }
            foreach (var mailing in page)
            {
                if (!await Send(smtp, mailing, ct))
                {
                    return; // the server is away or asked to wait: the next round tries again
                }
            }
        }
    }

    /// <summary>False when the mail server could not take the mail now (it stays queued).</summary>
    private async Task<bool> Send(SmtpConnection smtp, VolunteerMailing mailing, CancellationToken ct)
    {
        try
        {
            // connected before the claim: an outage of the mail server is waited out with nothing claimed
            await smtp.Connect(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The mail server is out of reach ({Error}); the volunteers' mails wait for the next round", ex.GetType().Name);
            return false;
        }
        var (facts, token, skip) = await Read(mailing, ct);
        if (facts is null)
        {
            await Record(mailing, VolunteerMailStates.Skipped, skip, ct);
            return true;
        }
        MimeMessage message;
        try
        {
            message = VolunteerMail.Compose(facts, settings.Server.From, settings.PublicUrl);
        }
        catch (ParseException)
        {
            await Record(mailing, VolunteerMailStates.Skipped, "the address does not parse", ct);
            return true;
        }
        if (!await Claim(mailing, token, ct))
        {
            return true; // another replica's mailer has it
        }
        var result = await smtp.Deliver(message, ct);
        switch (result.Outcome)
        {
            case SmtpOutcome.Accepted:
                await Record(mailing, VolunteerMailStates.Sent, null, ct);
                return true;
            case SmtpOutcome.Refused:
                logger.LogWarning("The mail server refused a {Kind} mail to volunteer {VolunteerId}: {Refusal}", mailing.Kind, mailing.VolunteerId, result.Reason);
                await Record(mailing, VolunteerMailStates.Failed, result.Reason, ct);
                return true;
            default:
                // it did not leave, or may have: queued again, and sent again under the same Message-Id
                await Record(mailing, VolunteerMailStates.Pending, result.Reason, ct);
                return false;
        }
    }

    /// <summary>What the mail says, read now; or why it is no longer to be sent.</summary>
    private async Task<(VolunteerMailFacts? Facts, AttendanceToken? Token, string? Skip)> Read(VolunteerMailing mailing, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var reads = session.CreateBatchQuery();
        var volunteerRead = reads.Load<Volunteer>(mailing.VolunteerId);
        var personalRead = reads.Load<VolunteerPersonalData>(mailing.VolunteerId);
        var marathonRead = reads.Load<MarathonSummary>(mailing.MarathonId);
        await reads.Execute(ct);
        var (volunteer, personal, marathon) = (await volunteerRead, await personalRead, await marathonRead);
        if (volunteer is null || marathon is null)
        {
            return (null, null, "the volunteer or the marathon is no longer known");
        }
        if (marathon.Status is MarathonStatus.InProgress or MarathonStatus.Completed)
        {
            return (null, null, $"the marathon is {marathon.Status.ToApi()}");
        }
        var expected = mailing.Kind == VolunteerMailKinds.Waitlisted ? VolunteerStatus.Waitlisted : VolunteerStatus.Confirmed;
        if (volunteer.Status != expected)
        {
            return (null, null, $"the volunteer is now {ApiSpelling.Of(volunteer.Status)}");
        }
        if ((personal?.Email ?? volunteer.Email) is not { } email)
        {
            return (null, null, "no address: the volunteer's personal data were erased");
        }
        int? place = mailing.Kind == VolunteerMailKinds.Waitlisted
            ? await session.Query<Volunteer>().CountAsync(v => v.MarathonId == volunteer.MarathonId && v.PartnerId == volunteer.PartnerId
                && v.Status == VolunteerStatus.Waitlisted && v.Arrival <= volunteer.Arrival, ct)
            : null;
        var now = clock.GetUtcNow();
        var (token, stored) = mailing.Kind == VolunteerMailKinds.Day ? AttendanceTokens.Issue(volunteer.Id, marathon.Id, now) : (null, null);
        return (new VolunteerMailFacts(mailing, email, volunteer.Profile.Language, volunteer.Profile.FirstName, marathon.Name, marathon.Venue, marathon.Date,
            volunteer.BadgeCode, place, token, now), stored, null);
    }

    /// <summary>
    /// Takes the row for this mailer: a write from the copy it read, refused if another replica wrote it since. The day
    /// mail's token is stored in the same transaction, so its link works as soon as the mail arrives.
    /// </summary>
    private async Task<bool> Claim(VolunteerMailing mailing, AttendanceToken? token, CancellationToken ct)
    {
        mailing.State = VolunteerMailStates.Sending;
        mailing.ClaimedAt = DateTimeOffset.UtcNow;
        mailing.Attempts++;
        await using var session = store.LightweightSession();
        session.Store(mailing);
        if (token is not null)
        {
            session.Insert(token);
        }
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (ConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// What became of a mail, recorded even if the round is stopped or the database is down (the waits end only with
    /// the process); a row another replica took since (its claim had timed out) is left to it.
    /// </summary>
    private Task Record(VolunteerMailing mailing, string state, string? failure, CancellationToken ct) =>
        Persistently.Try(async () =>
        {
            mailing.State = state;
            mailing.Failure = failure;
            mailing.SentAt = state == VolunteerMailStates.Sent ? clock.GetUtcNow() : mailing.SentAt;
            await using var session = store.LightweightSession();
            session.Store(mailing);
            try
            {
                await session.SaveChangesAsync(CancellationToken.None);
            }
            catch (ConcurrencyException)
            {
                logger.LogWarning("The {Kind} mail to volunteer {VolunteerId} was taken by another mailer meanwhile", mailing.Kind, mailing.VolunteerId);
            }
            return true;
        }, $"recording a volunteer's mail as {state}", logger, ct);
}
