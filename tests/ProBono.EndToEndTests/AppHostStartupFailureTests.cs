using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProBono.EndToEndTests;

/// <summary>A server that cannot start must stop the AppHost with a message naming it, never leave it waiting forever.</summary>
public sealed class AppHostStartupFailureTests
{
    [Fact]
    public async Task A_server_that_cannot_start_stops_the_AppHost_with_a_message_naming_it()
    {
        // something else holds PostgreSQL's port: it accepts connections but is not PostgreSQL
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var data = Path.Combine(Path.GetTempPath(), $"probono-e2e-fail-{Guid.NewGuid():N}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ProBono_AppHost>(
        [
            "Infra:Mode=local",
            $"Infra:Local:DataDirectory={data}",
            $"Infra:Local:PostgresPort={port}",
            $"Infra:Local:RabbitMqPort={PlatformFixture.FreePort()}",
            $"Infra:Local:RabbitMqDistPort={PlatformFixture.FreePort()}",
            $"Gateway:Port={PlatformFixture.FreePort()}",
            "Infra:StartupTimeoutSeconds=90",
            "Demo:Load=false",
        ]);
        var log = new CapturedLog();
        builder.Services.AddLogging(l => l.AddProvider(log));
        try
        {
            await using var app = await builder.BuildAsync();
            var stopping = new TaskCompletionSource();
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
            try
            {
                await app.StartAsync();
            }
            catch (OperationCanceledException)
            {
                // stopped while starting: that is the point
            }

            await stopping.Task.WaitAsync(TimeSpan.FromMinutes(3));

            Assert.Contains(log.Messages, m => m.Contains("the 'postgres' server failed to start", StringComparison.Ordinal));
        }
        finally
        {
            Environment.ExitCode = 0; // the watchdog marks the process as failed; this test process is not
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // in /tmp
            }
        }
    }


    private sealed class CapturedLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
