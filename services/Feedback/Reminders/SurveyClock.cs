using ProBono.Feedback.Campaigns;
using ProBono.Feedback.FollowUp;

namespace ProBono.Feedback.Reminders;

/// <summary>
/// When the surveys' reminders and follow-ups fall: <c>Feedback:ReminderDays</c> (days after the invitation, default 3
/// and 7; a list, or "3,7"), <c>Feedback:FollowUpMonths</c> (months after the completion, default 6), and how often
/// the clock looks (<c>Feedback:SurveyClockSeconds</c>, default 30).
/// </summary>
internal sealed record SurveyTiming(IReadOnlyList<int> ReminderDays, int FollowUpMonths, TimeSpan Poll)
{
    public static readonly IReadOnlyList<int> DefaultReminderDays = [3, 7];
    public const int DefaultFollowUpMonths = 6;

    public static SurveyTiming Of(IConfiguration configuration)
    {
        var section = configuration.GetSection("Feedback:ReminderDays");
        IReadOnlyList<int> days = section.Value is { } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture))]
            : section.Get<int[]>() is { Length: > 0 } array ? array : DefaultReminderDays;
        return new SurveyTiming(
            days,
            Math.Max(0, configuration.GetValue("Feedback:FollowUpMonths", DefaultFollowUpMonths)),
            TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Feedback:SurveyClockSeconds", 30.0), 0.05, 3600)));
    }
}

/// <summary>
/// Every replica of Feedback looks, every <see cref="SurveyTiming.Poll"/>, for the reminders, follow-ups and closings due
/// by its <see cref="TimeProvider"/> (the tests move theirs), and claims them in the event store: a claim is a write that
/// only one replica can make (docs/adr/0025). It sends nothing itself: the mailer mails what was claimed, the relay
/// publishes the closings.
/// </summary>
internal sealed class SurveyClock(IDocumentStore store, SurveyTiming timing, TimeProvider clock, ILogger<SurveyClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // the period is real time, the dates are the clock's: a test's clock jumps days, the poll still comes
        using var timer = new PeriodicTimer(timing.Poll);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Tick(stoppingToken);
        }
    }

    /// <summary>
    /// One look: the follow-ups due, the reminders due, then the closings passed. A failure (the database away) waits for
    /// the next look.
    /// </summary>
    public async Task Tick(CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            var opened = await OpenFollowUp.OpenDue(store, timing.FollowUpMonths, now, ct);
            var reminded = await SurveyReminders.Claim(store, timing.ReminderDays, now, logger, ct);
            var closed = await SurveysClosing.Claim(store, now, logger, ct);
            if (opened + reminded + closed > 0)
            {
                logger.LogInformation("Survey clock: {FollowUps} follow-ups opened, {Reminders} reminders claimed, {Closed} campaigns closed",
                    opened, reminded, closed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The survey clock could not look for reminders, follow-ups and closings; it looks again in {Poll}", timing.Poll);
        }
    }
}
