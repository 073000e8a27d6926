using JasperFx;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>One confirmed volunteer's reminder put in the mail queue (the decision; the queue holds it as a <see cref="VolunteerMailing"/>).</summary>
internal sealed record ReminderQueued(Guid MarathonId, Guid VolunteerId, string Kind, DateTimeOffset QueuedAt);

internal sealed record RemindersQueuedResponse(Guid MarathonId, string Kind, int Queued);

/// <summary>When the reminders are due: from 08:00 UTC seven days and one day before the marathon's date. Pure.</summary>
internal static class Reminders
{
    public static readonly TimeOnly SendFrom = new(8, 0);

    public static DateTimeOffset DueAt(DateOnly date, string kind) =>
        new(date.AddDays(kind == VolunteerMailKinds.Week ? -7 : -1).ToDateTime(SendFrom), TimeSpan.Zero);

    /// <summary>
    /// The reminder the clock says is due for a marathon: the week's from D-7 until the day's is due, the day's from D-1
    /// until the marathon's date begins; none before registration opened or once the day started. A reminder whose window
    /// passed (the service was down all along) is not sent late.
    /// </summary>
    public static string? DueNow(MarathonStatus status, DateOnly date, DateTimeOffset now)
    {
        if (status is not (MarathonStatus.RegistrationOpen or MarathonStatus.RegistrationClosed))
        {
            return null;
        }
        var day = DueAt(date, VolunteerMailKinds.Day);
        return now >= day && now < new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) ? VolunteerMailKinds.Day
            : now >= DueAt(date, VolunteerMailKinds.Week) && now < day ? VolunteerMailKinds.Week
            : null;
    }
}

/// <summary>
/// <c>POST /admin/marathons/{mid}/reminders/{week|day}</c> (the gateway's <c>/admin/recruitment/…</c>): that reminder now
/// to every confirmed volunteer not yet reminded; also what the mailer does when the clock says a reminder is due.
/// </summary>
internal static class SendRemindersSlice
{
    /// <summary>
    /// Every confirmed volunteer without this reminder gets it; none once the day started or the marathon completed
    /// (409). Queueing again adds nothing for those already queued. Pure.
    /// </summary>
    public static IReadOnlyList<ReminderQueued> Decide(
        Guid marathonId, MarathonStatus status, string kind, IReadOnlyList<Guid> confirmed, IReadOnlySet<Guid> reminded, DateTimeOffset now)
    {
        if (!VolunteerMailKinds.Reminders.Contains(kind))
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["kind"] = ["The reminder is 'week' or 'day'."] });
        }
        if (status is MarathonStatus.InProgress or MarathonStatus.Completed)
        {
            throw new StateConflict($"The marathon is {status.ToApi()}: its reminders are past.");
        }
        return [.. confirmed.Where(v => !reminded.Contains(v)).Select(v => new ReminderQueued(marathonId, v, kind, now))];
    }

    /// <summary>
    /// Queues the reminder for the marathon's confirmed volunteers; returns how many were queued. Two replicas queueing
    /// at once insert the same ids: the second save fails on the key and reads again, so each reminder is queued once.
    /// </summary>
    public static async Task<int> Queue(IDocumentStore store, Guid marathonId, string kind, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var marathon = await session.LoadAsync<MarathonSummary>(marathonId, ct) ?? throw new NotFound($"No marathon with id {marathonId}.");
            var confirmed = await session.Query<Volunteer>()
                .Where(v => v.MarathonId == marathonId && v.Status == VolunteerStatus.Confirmed)
                .Select(v => v.Id)
                .ToListAsync(ct);
            var reminded = (await session.LoadManyAsync<VolunteerMailing>(ct, confirmed.Select(v => VolunteerMailings.IdOf(v, kind))))
                .Select(m => m.VolunteerId)
                .ToHashSet();
            var queued = Decide(marathonId, marathon.Status, kind, confirmed, reminded, now);
            if (queued.Count == 0)
            {
                return 0;
            }
            session.Insert<VolunteerMailing>([.. queued.Select(q => VolunteerMailings.Queued(q.VolunteerId, q.MarathonId, q.Kind, q.QueuedAt))]);
            try
            {
                await session.SaveChangesAsync(ct);
                return queued.Count;
            }
            catch (DocumentAlreadyExistsException) when (attempt < 5)
            {
                // another replica queued some of these at the same moment: what is left is read again
            }
        }
    }

    public static RouteGroupBuilder MapSendReminders(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/reminders/{kind}", async (
                Guid marathonId, string kind, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
            {
                if (!VolunteerMailKinds.Reminders.Contains(kind))
                {
                    throw new ValidationFailed(new Dictionary<string, string[]> { ["kind"] = ["The reminder is 'week' or 'day'."] });
                }
                var queued = await Queue(store, marathonId, kind, clock.GetUtcNow(), ct);
                return TypedResults.Accepted((string?)null, new RemindersQueuedResponse(marathonId, kind, queued));
            })
            .WithName("SendReminders")
            .Produces<RemindersQueuedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblems(400, 404, 409)
            .WithSummary("Send the week's or the day's reminder now to every confirmed volunteer not yet reminded (staff).")
            .WithDescription(
                "Queues the reminder ('week': seven days before; 'day': the day before, with the attendance link) for each " +
                "confirmed volunteer who has not had it, and answers how many were queued; the mail goes out within the " +
                "mailer's polling interval. Calling it again queues nothing new. 409 once the marathon started or completed.");
        return admin;
    }
}
