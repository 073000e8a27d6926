using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// <c>WaitFor</c> on a server that never becomes healthy hangs silently. This stops the AppHost instead, with one
/// message saying which server failed and what to do, when a server exits or is not healthy in time
/// (<c>Infra:StartupTimeoutSeconds</c>, default 120).
/// </summary>
internal static class StartupWatchdog
{
    private static readonly string[] FailedStates = ["Exited", "FailedToStart", "RuntimeUnhealthy"];

    public static void Watch(IDistributedApplicationBuilder builder, Infra infra)
    {
        var timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Infra:StartupTimeoutSeconds", 120));
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            var lifetime = e.Services.GetRequiredService<IHostApplicationLifetime>();
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProBono.AppHost");
            foreach (var server in infra.Servers.Select(s => s.Resource.Name))
            {
                _ = WatchOne(server, infra.Mode, timeout, notifications, lifetime, logger);
            }
            return Task.CompletedTask;
        });
    }

    private static async Task WatchOne(
        string server, InfraMode mode, TimeSpan timeout, ResourceNotificationService notifications,
        IHostApplicationLifetime lifetime, ILogger logger)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        cts.CancelAfter(timeout);
        try
        {
            var healthy = notifications.WaitForResourceHealthyAsync(server, cts.Token);
            var failed = WaitForFailure(server, notifications, cts.Token);
            var first = await Task.WhenAny(healthy, failed);
            if (first == healthy && healthy.IsCompletedSuccessfully)
            {
                await cts.CancelAsync();
                return;
            }
            var state = first == failed && failed.IsCompletedSuccessfully ? failed.Result : null;
            Fail(server, mode, state is null ? $"it did not become healthy within {timeout.TotalSeconds:0} s" : $"it went to state '{state}'", lifetime, logger);
        }
        catch (OperationCanceledException) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Fail(server, mode, $"it did not become healthy within {timeout.TotalSeconds:0} s", lifetime, logger);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    private static async Task<string?> WaitForFailure(string server, ResourceNotificationService notifications, CancellationToken ct)
    {
        await foreach (var update in notifications.WatchAsync(ct))
        {
            if (update.Resource.Name == server && update.Snapshot.State?.Text is { } state && FailedStates.Contains(state))
            {
                return state;
            }
        }
        return null;
    }

    private static void Fail(string server, InfraMode mode, string what, IHostApplicationLifetime lifetime, ILogger logger)
    {
        var advice = mode switch
        {
            InfraMode.Local => "Look at its console log in the dashboard; check that `apt-get install postgresql rabbitmq-server` is done, " +
                               "that the ports (Infra:Local:PostgresPort/RabbitMqPort) are free, and delete the data folder (Infra:Local:DataDirectory) if it is damaged.",
            InfraMode.Containers => "A container runtime must answer and the image must be pullable or present locally; " +
                                    "without one, run with Infra:Mode=local (the machine's own postgres and rabbitmq-server).",
            _ => "Check its connection string.",
        };
        var message = $"ProBono AppHost: the '{server}' server failed to start ({what}). {advice} Stopping.";
        logger.LogCritical("{Message}", message);
        Console.Error.WriteLine(message);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }
}
