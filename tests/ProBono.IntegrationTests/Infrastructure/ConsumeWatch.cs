using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// Sees every message an in-process service has finished consuming (successfully or not), so a test can wait until a
/// repeat has really been handled before it checks that the repeat changed nothing: no fixed sleep.
/// </summary>
public sealed class ConsumeWatch : IConsumeObserver, IDisposable
{
    private readonly ConcurrentDictionary<Guid, int> finished = new();
    private readonly ConnectHandle handle;

    private ConsumeWatch(IBus bus) => handle = bus.ConnectConsumeObserver(this);

    public static ConsumeWatch On(IServiceProvider services) => new(services.GetRequiredService<IBus>());

    /// <summary>Waits until the message <paramref name="messageId"/> has been consumed <paramref name="times"/> times.</summary>
    public Task Consumed(Guid messageId, int times, TimeSpan? within = null) =>
        Eventually.True(() => Task.FromResult(finished.GetValueOrDefault(messageId) >= times), within ?? TimeSpan.FromSeconds(20),
            $"message {messageId} consumed {times} time(s)");

    public int Times(Guid messageId) => finished.GetValueOrDefault(messageId);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Count(context);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Count(context);

    private Task Count(ConsumeContext context)
    {
        if (context.MessageId is { } id)
        {
            finished.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
        return Task.CompletedTask;
    }

    public void Dispose() => handle.Disconnect();
}
