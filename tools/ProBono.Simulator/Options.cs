using System.Globalization;
using ProBono.Marathon;
using ProBono.Token;
using Spectre.Console;

namespace ProBono.Simulator;

internal sealed record Options(
    string Url, string? Preset, int Partners, int Needs, int Volunteers, int Seed, double CheckInRate,
    double VolunteerAnswers, double AssociationAnswers, double PartnerAnswers, int Parallelism, int Desks, int Patience,
    string? Name, string? Json, bool Plain, string Key)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var plain = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--plain")
            {
                plain = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new FormatException($"unknown argument '{args[i]}' (see the comment at the top of tools/ProBono.Simulator/Program.cs)");
            }
        }
        var known = new[] { "url", "preset", "partners", "needs", "volunteers", "seed", "check-in-rate", "volunteer-answers", "association-answers",
            "partner-answers", "parallelism", "desks", "patience", "name", "json", "key" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new FormatException($"unknown option --{unknown}; known: {string.Join(", ", known.Select(k => "--" + k))}, --plain");
        }
        var options = new Options(
            values.GetValueOrDefault("url", "http://localhost:5080"),
            values.GetValueOrDefault("preset"),
            Int(values, "partners", 8, 2),
            Int(values, "needs", 10, 1),
            Int(values, "volunteers", 100, 6),
            Int(values, "seed", 2016, 0),
            Rate(values, "check-in-rate", 0.92),
            Rate(values, "volunteer-answers", 0.7),
            Rate(values, "association-answers", 0.9),
            Rate(values, "partner-answers", 0.75),
            Int(values, "parallelism", 16, 1),
            Int(values, "desks", 4, 1),
            Int(values, "patience", 180, 1),
            values.GetValueOrDefault("name"),
            values.GetValueOrDefault("json"),
            plain,
            values.GetValueOrDefault("key") ?? Environment.GetEnvironmentVariable("PROBONO_SIGNING_KEY") ?? Tokens.DevelopmentKey);
        return options.Preset is null or "2016" ? options : throw new FormatException("--preset knows one marathon: 2016");
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min) =>
        !values.TryGetValue(name, out var raw) ? fallback
        : int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n
        : throw new FormatException($"--{name} must be a whole number ≥ {min}, not '{raw}'");

    private static double Rate(Dictionary<string, string> values, string name, double fallback) =>
        !values.TryGetValue(name, out var raw) ? fallback
        : double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1 ? r
        : throw new FormatException($"--{name} must be a share between 0 and 1 (0.7), not '{raw}'");
}

/// <summary>A progress bar per phase; the phases whose size shows only on the way (invitations, answers) grow as they go.</summary>
internal sealed class SpectreProgress(ProgressContext context) : IMarathonProgress
{
    public IPhaseProgress Start(string phase, int total) => new Bar(context.AddTask(Markup.Escape(phase), maxValue: Math.Max(1, total)), total == 0);

    private sealed class Bar(ProgressTask task, bool open) : IPhaseProgress
    {
        public void Advance(int by = 1)
        {
            if (open)
            {
                task.MaxValue += by;
            }
            task.Increment(by);
        }

        public void Dispose()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
