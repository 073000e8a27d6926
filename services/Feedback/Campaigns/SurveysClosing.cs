using JasperFx;
using JasperFx.Events;

namespace ProBono.Feedback.Campaigns;

/// <summary>
/// The marathon's surveys closed at <see cref="ClosedAt"/> (its campaign's closing): no answer is taken any more, so
/// the figures of its report are final. Recorded by the survey clock at <see cref="At"/>; published as
/// <c>ImpactReady</c> (docs/adr/0025).
/// </summary>
public sealed record SurveysClosed(Guid MarathonId, DateTimeOffset ClosedAt, DateTimeOffset At);

/// <summary>
/// When a campaign's closing has passed, the survey clock records <see cref="SurveysClosed"/> once in its stream, claimed
/// as reminders are: the campaign opened for writing without a lock, the decision saved only if nobody appended
/// meanwhile, so of two replicas deciding it at once one saves and the other finds it recorded at its next look.
/// </summary>
internal static class SurveysClosing
{
    /// <summary>
    /// How long after its closing a campaign is still announced: older ones (a service down for weeks, or campaigns that
    /// closed before the announcement existed) are left alone rather than announced to partners out of the blue.
    /// </summary>
    public static readonly TimeSpan LateByAtMost = TimeSpan.FromDays(30);

    /// <summary>Pure: the campaign's surveys closed by <paramref name="now"/> and are not recorded as closed yet; else null.</summary>
    public static SurveysClosed? Decide(SurveyCampaign? campaign, DateTimeOffset now)
    {
        if (campaign is null || campaign.SurveysClosedAt is not null)
        {
            return null;
        }
        var closing = campaign.Closing();
        return now >= closing && now - closing <= LateByAtMost ? new SurveysClosed(campaign.Id, closing, now) : null;
    }

    /// <summary>
    /// Records the closings due at <paramref name="now"/>, a campaign per transaction, each saved only if its stream has not
    /// changed since it was read (an answer, the mailer's outcomes, another replica's claim). Returns how many were recorded.
    /// </summary>
    public static async Task<int> Claim(IDocumentStore store, DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        // the database keeps microseconds, .NET ticks: the query leaves a second's margin, the decider is exact
        var (latest, earliest) = (now.AddSeconds(1), now - LateByAtMost - TimeSpan.FromSeconds(1));
        // a snapshot written before closings were kept has none: it closes the default days after it opened
        var defaultDays = TimeSpan.FromDays(Contracts.MarathonDefaults.SurveyDays);
        var (openedLatest, openedEarliest) = (latest - defaultDays, earliest - defaultDays);
        IReadOnlyList<Guid> due;
        await using (var query = store.QuerySession())
        {
            due = [.. (await query.Query<SurveyCampaign>()
                    .Where(c => c.SurveysClosedAt == null
                        && ((c.ClosesAt != null && c.ClosesAt <= latest && c.ClosesAt > earliest)
                            || (c.ClosesAt == null && c.OpenedAt <= openedLatest && c.OpenedAt > openedEarliest)))
                    .ToListAsync(ct))
                .Where(c => Decide(c, now) is not null)
                .Select(c => c.Id)];
        }
        var recorded = 0;
        foreach (var marathonId in due)
        {
            await using var session = store.LightweightSession();
            var write = await session.OpenForWriting<SurveyCampaign>(marathonId, ct);
            if (Decide(write.State, now) is not { } closed)
            {
                continue;
            }
            write.Append([closed]);
            try
            {
                await session.SaveChangesAsync(ct);
                recorded++;
            }
            catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException)
            {
                // someone appended to the campaign since it was read: nothing was saved; the next look decides again
                logger.LogDebug("The closing of marathon {MarathonId}'s surveys not recorded: the campaign changed meanwhile", marathonId);
            }
        }
        return recorded;
    }
}
