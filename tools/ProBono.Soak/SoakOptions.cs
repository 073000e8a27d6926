using System.Globalization;

namespace ProBono.Soak;

/// <summary>The soak's options, as <c>--name value</c> pairs (tools/faults/soak.sh passes them on).</summary>
internal sealed record SoakOptions(
    string Gateway, int PostgresPort, string PostgresPassword, string Work, string Platform, double Minutes, int Seed, double WarmupMinutes,
    double Rate, double Reads, int CyclePartners, int CycleNeeds, int CycleVolunteers, double CyclePause, double FirstFaultAt, double MinGap, double MaxGap,
    double ConvergeTimeout, double SampleSeconds, string? Out, bool Tamper)
{
    public static SoakOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, not '{args[i]}' (see the comment at the top of Program.cs)");
            }
            values[args[i][2..]] = args[++i];
        }
        string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
        string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");
        double Number(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var minutes = Number("minutes", 30);
        return new SoakOptions(
            Required("gateway"), (int)Number("pg-port", 9632), Get("pg-password") ?? "probono-local", Required("work"), Required("platform"),
            minutes, (int)Number("seed", Random.Shared.Next(1, 1_000_000)), Number("warmup-minutes", Math.Min(5, minutes / 3)),
            Number("rate", 8), Number("reads", 8), (int)Number("cycle-partners", 6), (int)Number("cycle-needs", 8), (int)Number("cycle-volunteers", 80), Number("cycle-pause", 10),
            Number("first-fault-at", 30), Number("min-gap", 40), Number("max-gap", 120),
            Number("converge-timeout", 300), Number("sample-seconds", 5), Get("out"), Get("tamper") == "true");
    }
}
