using System.Globalization;

namespace ProBono.Webhooks.Deliveries;

/// <summary>
/// When a message that was not delivered is tried again (API.md): after each failed attempt, the next wait of
/// <c>Webhooks:RetrySchedule</c> (default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h); once they are spent, it has failed.
/// </summary>
internal sealed record RetrySchedule(IReadOnlyList<TimeSpan> Waits)
{
    public static readonly RetrySchedule Default = new([
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ]);

    /// <summary>
    /// A comma-separated list of waits, each a .NET time span (<c>00:00:05, 00:05:00</c>); null or blank: the default.
    /// </summary>
    public static RetrySchedule Parse(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Default;
        }
        var waits = configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(w => TimeSpan.TryParse(w, CultureInfo.InvariantCulture, out var wait) && wait >= TimeSpan.Zero
                ? wait
                : throw new InvalidOperationException($"Webhooks:RetrySchedule: '{w}' is not a time span such as 00:00:05."))
            .ToList();
        return new RetrySchedule(waits);
    }

    /// <summary>The delivery after an attempt at <paramref name="now"/> that ended as <paramref name="outcome"/>. Pure.</summary>
    public Delivery After(Delivery delivery, AttemptOutcome outcome, DateTimeOffset now)
    {
        var attempts = delivery.Attempts + 1;
        var tried = delivery with
        {
            Attempts = attempts, LastStatusCode = outcome.StatusCode, LastError = outcome.Error, LastAttemptAt = now,
        };
        if (outcome.Succeeded)
        {
            return tried with { Status = DeliveryStatus.Delivered, NextAttemptAt = null, DeliveredAt = now };
        }
        // the first attempt is not a retry: attempt n waits Waits[n - 1] before attempt n + 1
        return attempts <= Waits.Count
            ? tried with { Status = DeliveryStatus.Pending, NextAttemptAt = now + Waits[attempts - 1] }
            : tried with { Status = DeliveryStatus.Failed, NextAttemptAt = null };
    }

    /// <summary>A message whose webhook is gone is not sent: it fails without an attempt. Pure.</summary>
    public static Delivery Abandoned(Delivery delivery, string why) =>
        delivery with { Status = DeliveryStatus.Failed, NextAttemptAt = null, LastError = why };
}
