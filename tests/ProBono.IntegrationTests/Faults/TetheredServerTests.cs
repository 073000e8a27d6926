using System.Diagnostics;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// The run's private servers must not outlive it, also when the test host is killed with SIGKILL and runs no clean-up
/// of its own. A stand-in caller (a <c>sleep</c> holding the script's stdin, as the test host does) is SIGKILLed: the
/// server, its helpers and its data must go, by the script alone.
/// </summary>
public sealed class TetheredServerTests
{
    [SkippableFact]
    public async Task A_private_server_goes_with_its_caller_killed_by_SIGKILL()
    {
        Skip.IfNot(PrivatePostgres.Installed && PrivateBroker.Installed, "needs the machine's PostgreSQL and RabbitMQ");
        int postgres = Ports.Free(), amqp = Ports.Free(), dist = Ports.Free(), epmd = Ports.Free();
        var postgresData = Path.Combine(Path.GetTempPath(), $"probono-pg-{Guid.NewGuid():N}");
        var brokerData = Path.Combine(Path.GetTempPath(), $"probono-broker-{Guid.NewGuid():N}");
        using var postgresCaller = Caller.Start("postgres.sh", postgresData, [postgres.ToString(), PrivatePostgres.Password]);
        using var brokerCaller = Caller.Start("rabbitmq.sh", brokerData, [amqp.ToString(), dist.ToString(), epmd.ToString()]);
        await Task.WhenAll(
            Eventually.True(() => LoopbackPorts.Listening(postgres), TimeSpan.FromSeconds(120), "the tethered PostgreSQL to listen"),
            Eventually.True(() => LoopbackPorts.Listening(amqp), TimeSpan.FromSeconds(120), "the tethered RabbitMQ to listen"));
        Assert.True(await LoopbackPorts.Listening(epmd), "the node's epmd runs under the script");

        postgresCaller.KillTheStandIn();
        brokerCaller.KillTheStandIn();

        // the script ends only once its server's process group is gone and its data deleted
        await Task.WhenAll(postgresCaller.Ended(TimeSpan.FromSeconds(60)), brokerCaller.Ended(TimeSpan.FromSeconds(60)));
        foreach (var port in new[] { postgres, amqp, dist, epmd })
        {
            Assert.False(await LoopbackPorts.Listening(port), $"nothing listens on {port} any more");
        }
        Assert.False(Directory.Exists(postgresData), "PostgreSQL's data folder is deleted");
        Assert.False(Directory.Exists(brokerData), "RabbitMQ's data folder is deleted");
    }

    /// <summary><c>sleep | script</c>: the sleep holds the write end of the script's stdin and nothing else does.</summary>
    private sealed class Caller : IDisposable
    {
        private readonly Process shell;
        private readonly string data;

        private Caller(Process shell, string data)
        {
            this.shell = shell;
            this.data = data;
        }

        public static Caller Start(string script, string data, string[] arguments)
        {
            var path = Path.Combine(Checkout.Root, "AppHost", "infra", "local", script);
            var start = new ProcessStartInfo("bash", ["-c", "sleep 600 | PROBONO_TETHERED=1 bash \"$@\"", "caller", path, data, .. arguments])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var shell = Process.Start(start)!;
            shell.OutputDataReceived += (_, _) => { };
            shell.ErrorDataReceived += (_, _) => { };
            shell.BeginOutputReadLine();
            shell.BeginErrorReadLine();
            return new Caller(shell, data);
        }

        public void KillTheStandIn()
        {
            var children = File.ReadAllText($"/proc/{shell.Id}/task/{shell.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var sleep = children.Single(pid => File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep");
            using var standIn = Process.GetProcessById(int.Parse(sleep));
            standIn.Kill();
        }

        /// <summary>The pipeline ends when the script has: after its clean-up.</summary>
        public async Task Ended(TimeSpan within)
        {
            using var patience = new CancellationTokenSource(within);
            try
            {
                await shell.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the tethered script still runs {within.TotalSeconds} s after its caller was killed: its server outlives the run");
            }
        }

        public void Dispose()
        {
            // a failed test must not leave its servers either
            if (!shell.HasExited)
            {
                shell.Kill(entireProcessTree: true);
                shell.WaitForExit();
            }
            shell.Dispose();
            TemporaryFolder.Delete(data);
        }
    }
}
