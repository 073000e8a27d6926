using Npgsql;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test run's own: the machine's binaries, a cluster initialised under /tmp by the AppHost's
/// local script on a free port, tethered to this process (<see cref="ServerScript"/>). The fault tests start one each to
/// stop the database without touching anyone else's; <see cref="TestServers"/> starts the run's shared one.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    public const string Password = "postgres";

    private readonly string data = Path.Combine(Path.GetTempPath(), $"probono-pg-{Guid.NewGuid():N}");
    private readonly string[] settings;
    private ServerScript? script;

    /// <param name="settings">More server settings (<c>name=value</c>), over the script's.</param>
    public PrivatePostgres(params string[] settings) => this.settings = settings;

    public int Port { get; } = Ports.Free();

    public static bool Installed => Directory.Exists("/usr/lib/postgresql");

    /// <summary>A server-level connection string (no Database).</summary>
    public string Server => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password}";

    public string Database(string name) => $"{Server};Database={name}";

    public async Task Start()
    {
        script = ServerScript.Start("postgres.sh", [data, Port.ToString(), Password, .. settings]);
        await script.Ready("The private PostgreSQL", async () =>
        {
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
        }, "the private PostgreSQL to accept connections");
    }

    /// <summary>Fast shutdown (SIGINT): open sessions are cut, as when the server goes down under load; the data stays.</summary>
    public async Task Stop()
    {
        if (script is { HasExited: false })
        {
            // to the postmaster itself: the script then ends with it and keeps the data (a signal to the script would delete it)
            var postmaster = File.ReadLines(Path.Combine(data, "postmaster.pid")).First();
            using var signal = System.Diagnostics.Process.Start("kill", ["-INT", postmaster])!;
            await signal.WaitForExitAsync();
            await script.WaitForExit();
        }
        script?.Dispose();
        script = null;
    }

    public async ValueTask DisposeAsync()
    {
        await ServerScript.EndAndDelete(script, data);
        script = null;
    }
}
