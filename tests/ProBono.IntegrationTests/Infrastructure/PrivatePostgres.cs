using System.Diagnostics;
using Npgsql;
using ProBono.IntegrationTests.Infrastructure;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// A PostgreSQL server of the test's own (the machine's binaries, a cluster initialised under /tmp by the AppHost's
/// local script, on a free port), so a test can stop the database and start it again without touching anyone else's.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    public const string Password = "postgres";

    private readonly string data = Path.Combine(Path.GetTempPath(), $"probono-pg-{Guid.NewGuid():N}");
    private Process? process;

    public int Port { get; } = Ports.Free();

    public static bool Installed => Directory.Exists("/usr/lib/postgresql");

    /// <summary>A server-level connection string (no Database).</summary>
    public string Server => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password}";

    public string Database(string name) => $"{Server};Database={name}";

    public async Task Start()
    {
        var script = Path.Combine(TestPaths.RepositoryRoot(), "AppHost", "infra", "local", "postgres.sh");
        process = Process.Start(new ProcessStartInfo("bash", [script, data, Port.ToString(), Password])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The private PostgreSQL exited with code {process.ExitCode}.");
            }
            try
            {
                await using var connection = new NpgsqlConnection($"{Server};Database=postgres;Timeout=2;Pooling=false");
                await connection.OpenAsync();
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the private PostgreSQL to accept connections");
    }

    /// <summary>Fast shutdown (SIGINT): open sessions are cut, as when the server goes down under load; the data stays.</summary>
    public async Task Stop()
    {
        if (process is { HasExited: false })
        {
            using var signal = Process.Start("kill", ["-INT", process.Id.ToString()]);
            await signal.WaitForExitAsync();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // in /tmp; a straggling file is harmless
        }
    }
}
