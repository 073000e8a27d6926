using System.Diagnostics;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// One of the AppHost's local server scripts (AppHost/infra/local) run tethered (PROBONO_TETHERED=1, tether.sh): the
/// script stops its server and deletes its data when our end of its stdin closes, which the kernel does also when the
/// test host is killed, so a server never outlives the run that started it.
/// </summary>
internal sealed class ServerScript : IDisposable
{
    private const int KeptLines = 40;

    private readonly Process process;
    private readonly Queue<string> lastLines = new();

    private ServerScript(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The script's and its server's last lines of output, to say why a start failed.</summary>
    public string LastLines
    {
        get
        {
            lock (lastLines)
            {
                return string.Join('\n', lastLines);
            }
        }
    }

    public static ServerScript Start(string script, params string[] arguments)
    {
        var path = Path.Combine(Checkout.Root, "AppHost", "infra", "local", script);
        var start = new ProcessStartInfo("bash", [path, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PROBONO_TETHERED"] = "1";
        var server = new ServerScript(Process.Start(start)!);
        server.process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Waits until <paramref name="ready"/> says the server takes calls; should the script exit first, fails at once with
    /// its last lines, naming the server as <paramref name="server"/>.
    /// </summary>
    public Task Ready(string server, Func<Task<bool>> ready, string awaited) =>
        Eventually.True(async () =>
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{server} exited with code {ExitCode}:\n{LastLines}");
            }
            return await ready();
        }, TimeSpan.FromSeconds(120), awaited);

    /// <summary>Closes the script's stdin: it stops the server and deletes the data; waits until it has.</summary>
    public async Task End()
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
    }

    /// <summary>SIGKILL to the script and everything under it (the server, RabbitMQ's epmd): the data stays.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public Task WaitForExit() => process.WaitForExitAsync();

    /// <summary>Ends <paramref name="script"/> when there is one, then deletes <paramref name="data"/>, whatever is left of it.</summary>
    public static async Task EndAndDelete(ServerScript? script, string data)
    {
        if (script is not null)
        {
            await script.End();
            script.Dispose();
        }
        TemporaryFolder.Delete(data);
    }

    public void Dispose() => process.Dispose();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (lastLines)
        {
            lastLines.Enqueue(line);
            if (lastLines.Count > KeptLines)
            {
                lastLines.Dequeue();
            }
        }
    }
}

internal static class TemporaryFolder
{
    /// <summary>Deletes a private server's data folder if anything is left of it.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone already (the tethered script deletes it), or a straggling file in /tmp: harmless
        }
    }
}
