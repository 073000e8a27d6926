using System.Diagnostics;
using System.Globalization;

namespace ProBono.Soak;

/// <summary>One fault of the schedule: what, to whom, when (seconds into the soak) and for how long.</summary>
internal sealed record Fault(double At, string Kind, string Target, double Outage)
{
    /// <summary>The commands (tools/faults/platform.sh) that inflict it and end it; the second waits until the target is back.</summary>
    public (string Inflict, string Recover) Commands(string platform, string work) => Kind switch
    {
        "kill" => ($"{platform} kill {work} {Target}", $"{platform} start-service {work} {Target}"),
        "broker-stop" => ($"{platform} rabbitmqctl {work} stop_app", $"{platform} rabbitmqctl {work} start_app"),
        "broker-kill" => ($"{platform} kill {work} rabbitmq", $"{platform} start-rabbitmq {work}"),
        "database-restart" => ($"{platform} stop-postgres {work} {Target}", $"{platform} start-postgres {work}"),
        _ => throw new InvalidOperationException($"unknown fault {Kind}"),
    };

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{At,7:F1} s  {Kind} {Target} for {Outage:F1} s");
}

/// <summary>A fault as it happened: when it was inflicted and when its target answered again.</summary>
internal sealed record FaultWindow(Fault Fault, double Start, double Recovered, string? Error);

/// <summary>
/// The faults, random in time and kind but drawn from one seed, so that a run can be replayed: a service SIGKILLed and
/// started again a few seconds later (as a supervisor would), RabbitMQ stopped (<c>stop_app</c>) or SIGKILLed and
/// started again, PostgreSQL restarted (a fast shutdown, or an immediate one: a crash and its recovery).
/// </summary>
internal static class FaultSchedule
{
    private static readonly string[] Services = ["recruitment", "needs", "teams", "feedback"];

    public static List<Fault> Draw(int seed, double seconds, double firstAt, double minGap, double maxGap)
    {
        var random = new Random(seed);
        var faults = new List<Fault>();
        var at = firstAt + random.NextDouble() * minGap;
        // the last fault ends a minute before the load stops, so the load's tail runs on a whole platform
        while (true)
        {
            var roll = random.NextDouble();
            var fault = roll switch
            {
                < 0.40 => new Fault(at, "kill", Services[random.Next(Services.Length)], 2 + random.NextDouble() * 8),
                < 0.60 => new Fault(at, "broker-stop", "rabbitmq", 5 + random.NextDouble() * 35),
                < 0.70 => new Fault(at, "broker-kill", "rabbitmq", 5 + random.NextDouble() * 25),
                _ => new Fault(at, "database-restart", random.NextDouble() < 0.67 ? "fast" : "immediate", 2 + random.NextDouble() * 13),
            };
            if (fault.At + fault.Outage > seconds - 60)
            {
                return faults;
            }
            faults.Add(fault);
            at = fault.At + fault.Outage + minGap + random.NextDouble() * (maxGap - minGap);
        }
    }

    public static async Task<List<FaultWindow>> Run(
        IReadOnlyList<Fault> faults, Ledger ledger, string platform, string work, Action<string> restarted, TextWriter log, CancellationToken ct)
    {
        var windows = new List<FaultWindow>();
        foreach (var fault in faults)
        {
            var wait = fault.At - ledger.Now;
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), ct);
            }
            var (inflict, recover) = fault.Commands(platform, work);
            var start = ledger.Now;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start,7:F1} s  fault: {fault.Kind} {fault.Target} for {fault.Outage:F1} s"));
            string? error = await Shell(inflict, ct);
            await Task.Delay(TimeSpan.FromSeconds(fault.Outage), ct);
            error ??= await Shell(recover, ct);
            if (error is not null)
            {
                // a recover that failed is tried again: the soak goes on with a whole platform or not at all
                error += "; " + (await Shell(recover, ct) ?? "recovered at the second try");
            }
            var recovered = ledger.Now;
            restarted(fault.Kind switch { "kill" => fault.Target, "database-restart" => "postgres", _ => "rabbitmq" });
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{recovered,7:F1} s  recovered: {fault.Kind} {fault.Target} ({recovered - start:F1} s){(error is null ? "" : " " + error)}"));
            windows.Add(new FaultWindow(fault, start, recovered, error));
        }
        return windows;
    }

    /// <summary>Runs a command; its error (exit code and the end of its output), or null when it succeeded.</summary>
    private static async Task<string?> Shell(string command, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"could not run {command}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var text = (await output + await error).Trim();
        return process.ExitCode == 0 ? null : $"`{command}` exited with {process.ExitCode}: {(text.Length > 300 ? text[^300..] : text)}";
    }
}
