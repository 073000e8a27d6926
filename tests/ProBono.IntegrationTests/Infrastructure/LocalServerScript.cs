using System.Diagnostics;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// Starts one of the AppHost's local-server scripts (AppHost/infra/local) for a private server of a test, and waits
/// until <paramref name="ready"/> says it answers; a script that exits first fails at once, naming the server.
/// </summary>
public static class LocalServerScript
{
    public static async Task<Process> Start(string script, IReadOnlyList<string> arguments, string server, Func<Task<bool>> ready, string waitingFor)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot(), "AppHost", "infra", "local", script);
        var process = Process.Start(new ProcessStartInfo("bash", [path, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.True(async () => process.HasExited
            ? throw new InvalidOperationException($"The private {server} exited with code {process.ExitCode}.")
            : await ready(), TimeSpan.FromSeconds(60), waitingFor);
        return process;
    }
}
