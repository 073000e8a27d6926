using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// A service as a real OS process (its built dll, run with <c>dotnet</c>), so a test can kill it with SIGKILL
/// mid-work, as a crash would, and start it again on the same database and queues.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string dll;
    private readonly Dictionary<string, string> environment;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    public ServiceProcess(string service, IDictionary<string, string> environment)
        : this(Path.Combine("services", service), $"ProBono.{service}", environment)
    {
    }

    /// <summary>The project in <paramref name="folder"/> (relative to the checkout), whose assembly is <paramref name="assembly"/>.</summary>
    public ServiceProcess(string folder, string assembly, IDictionary<string, string> environment)
    {
        // tests/ProBono.IntegrationTests/bin/<Configuration>/net10.0 → <folder>/bin/<Configuration>/net10.0
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        dll = Path.Combine(Checkout.Root, folder, "bin", configuration, "net10.0", $"{assembly}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
        }
        Port = Ports.Free();
        this.environment = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    public int Port { get; }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async Task Start()
    {
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                output.Enqueue(text);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = Client();
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with code {process.ExitCode}.");
            }
            try
            {
                return (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), $"{Path.GetFileName(dll)} to become healthy");
    }

    /// <summary>
    /// Waits until the service has written a line satisfying <paramref name="match"/> to its console log (Warning and
    /// above): what a process of its own can tell a test about its insides.
    /// </summary>
    public Task<string> Logged(Func<string, bool> match, TimeSpan within, string what) =>
        Eventually.Get(() => Task.FromResult(output.FirstOrDefault(match)), within, what);

    /// <summary>SIGKILL: no graceful shutdown, unacknowledged messages stay with the broker.</summary>
    public async Task Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        process?.Dispose();
    }

}
