namespace ProBono.Testing;

/// <summary>
/// Reads across services are eventually consistent: poll until the condition holds or time runs out. Compiled into each
/// test project (one source, linked).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan? within = null, string? what = null) where T : class =>
        (await Until(probe, value => value is not null, within, what))!;

    public static async Task True(Func<Task<bool>> probe, TimeSpan? within = null, string? what = null) =>
        await Until(probe, holds => holds, within, what);

    /// <summary>
    /// The first value of <paramref name="probe"/> that <paramref name="done"/> accepts; on time out the exception shows
    /// the last value seen, so a failure says what was there instead.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}; last seen: {Describe(value)}.");
            }
            await Task.Delay(Interval);
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "nothing",
        bool b => b ? "true" : "false",
        HttpResponseMessage response => $"{(int)response.StatusCode} {response.ReasonPhrase}",
        _ => value.ToString() ?? "",
    };
}
