using JasperFx;
using JasperFx.Events;
using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Reminders;

/// <summary>
/// Survey reminders: to whoever has not answered an invitation whose mail left, <c>Feedback:ReminderDays</c> after it was
/// issued (default 3 and 7), at most two, never once it closed. The clock's poll claims each due reminder by appending
/// <see cref="SurveyReminderIssued"/> to the campaign with optimistic concurrency (one of two replicas deciding the same
/// reminder fails to save and finds it claimed at its next poll); the mailer sends what is claimed (docs/adr/0025).
/// </summary>
internal static class SurveyReminders
{
    /// <summary>The most reminders one invitation gets.</summary>
    public const int Most = 2;

    /// <summary>
    /// Pure: the reminder due to <paramref name="invitation"/> at <paramref name="now"/>, or null. A reminder day passed
    /// while nobody polled (the service down) is made up once, not once per day missed.
    /// </summary>
    public static SurveyReminderIssued? Decide(SurveyInvitation invitation, IReadOnlyList<int> reminderDays, DateTimeOffset now)
    {
        if (invitation is not { AnsweredAt: null, SendingState: SendingStates.Sent, IssuedAt: { } issued, ClosesAt: { } closes }
            || now >= closes || invitation.RemindersSent >= Most)
        {
            return null;
        }
        var since = invitation.LastReminderAt ?? issued;
        return Schedule(issued, closes, reminderDays).Any(at => at > since && at <= now)
            ? new SurveyReminderIssued(invitation.MarathonId, invitation.Id, invitation.RemindersSent + 1, now)
            : null;
    }

    /// <summary>When an invitation's reminders fall: its first <see cref="Most"/> reminder days, those before it closes.</summary>
    public static IEnumerable<DateTimeOffset> Schedule(DateTimeOffset issued, DateTimeOffset closes, IReadOnlyList<int> reminderDays) =>
        reminderDays.Where(d => d > 0).Distinct().Order().Take(Most).Select(d => issued.AddDays(d)).Where(at => at < closes);

    /// <summary>
    /// Claims the reminders due now, a campaign at a time: the campaign opened for writing without a lock, its invitations
    /// read again, the reminders decided, appended and set on the invitations, saved only if nobody appended to the
    /// campaign meanwhile (an answer, the mailer's outcomes, another replica's claim). Returns how many were claimed.
    /// </summary>
    public static async Task<int> Claim(IDocumentStore store, IReadOnlyList<int> reminderDays, DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        var days = reminderDays.Where(d => d > 0).ToList();
        if (days.Count == 0)
        {
            return 0;
        }
        // the database keeps microseconds, .NET ticks: the query leaves a second's margin, the decider is exact
        var (earliest, open) = (now.AddDays(-days.Min()).AddSeconds(1), now.AddSeconds(-1));
        IReadOnlyList<SurveyInvitation> candidates;
        await using (var query = store.QuerySession())
        {
            // the open invitations (by the closing's index) whose mail left, not answered, not reminded twice, old enough
            candidates = await query.Query<SurveyInvitation>()
                .Where(i => i.ClosesAt > open && i.AnsweredAt == null && i.SendingState == SendingStates.Sent && i.RemindersSent < Most
                    && i.IssuedAt <= earliest)
                .ToListAsync(ct);
        }
        var claimed = 0;
        foreach (var campaign in candidates.Where(i => Decide(i, days, now) is not null).GroupBy(i => i.MarathonId))
        {
            await using var session = store.LightweightSession();
            var write = await session.OpenForWriting<SurveyCampaign>(campaign.Key, ct);
            var reminders = new List<object>();
            foreach (var invitation in await session.LoadManyAsync<SurveyInvitation>(ct, campaign.Select(i => i.Id)))
            {
                if (Decide(invitation, days, now) is { } reminder)
                {
                    reminders.Add(reminder);
                    invitation.RemindersSent = reminder.Number;
                    invitation.LastReminderAt = now;
                    session.Update(invitation);
                }
            }
            if (reminders.Count == 0)
            {
                continue;
            }
            write.Append(reminders);
            try
            {
                await session.SaveChangesAsync(ct);
                claimed += reminders.Count;
            }
            catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException)
            {
                // someone appended to the campaign since it was read: nothing of this claim was saved; the next poll decides again
                logger.LogDebug("Survey reminders of marathon {MarathonId} not claimed: the campaign changed meanwhile", campaign.Key);
            }
        }
        return claimed;
    }
}
