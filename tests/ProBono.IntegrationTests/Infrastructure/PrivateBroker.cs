using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// A RabbitMQ node of the test's own (the machine's rabbitmq-server, started with the AppHost's local script on
/// free ports), so a test can take the broker down and bring it back without disturbing the other tests.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    public const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly string data = Path.Combine(Path.GetTempPath(), $"probono-broker-{Guid.NewGuid():N}");
    private readonly int distPort = Ports.Free();
    private Process? process;

    public int Port { get; } = Ports.Free();

    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static bool Installed => File.Exists(Server);

    public async Task Start()
    {
        var script = Path.Combine(TestPaths.RepositoryRoot(), "AppHost", "infra", "local", "rabbitmq.sh");
        process = Process.Start(new ProcessStartInfo("bash", [script, data, Port.ToString(), distPort.ToString()])
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
                throw new InvalidOperationException($"The private RabbitMQ node exited with code {process.ExitCode}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the private RabbitMQ node to listen");
    }

    /// <summary>SIGKILL to the node and its Erlang VM: the broker vanishes as in a crash; its durable state stays on disk.</summary>
    public async Task Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // in /tmp; a straggling file is harmless
        }
    }


}
