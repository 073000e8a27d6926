namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>Reads across services are eventually consistent: poll until the condition holds or time runs out.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan? within = null, string? what = null) where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}.");
            }
            await Task.Delay(100);
        }
    }

    public static async Task True(Func<Task<bool>> probe, TimeSpan? within = null, string? what = null) =>
        await Get<object>(async () => await probe() ? new object() : null, within, what);
}
