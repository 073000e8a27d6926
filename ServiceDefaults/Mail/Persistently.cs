using Microsoft.Extensions.Logging;

namespace ProBono.ServiceDefaults.Mail;

/// <summary>How the mailers wait out an outage (of the mail server, the database, the broker): they try again, never give up.</summary>
public static class Persistently
{
    /// <summary>
    /// Runs <paramref name="attempt"/> until it stops throwing, waiting 0.5 s, 1 s, 2 s, 4 s, then 5 s between tries and
    /// saying so in the log at the first failure and every twelfth; only <paramref name="ct"/> ends the waits.
    /// </summary>
    public static async Task<T> Try<T>(Func<Task<T>> attempt, string what, ILogger logger, CancellationToken ct)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var wait = TimeSpan.FromMilliseconds(Math.Min(5_000, 500 * (1 << Math.Min(tries - 1, 4))));
                if (tries == 1 || tries % 12 == 0)
                {
                    logger.LogWarning("{What} failed ({Error}); trying again every few seconds until it works", what, ex.GetType().Name);
                }
                await Task.Delay(wait, ct);
            }
        }
    }
}
