using System.Globalization;

namespace ProBono.Soak;

/// <summary>One sample: a process's resident memory (VmRSS, kB) at a moment of the soak, and which life of it.</summary>
internal sealed record RssSample(double At, string Name, int Pid, int Life, long Kb);

/// <summary>A process's memory trend after warm-up: the least-squares slope, in MB a minute.</summary>
internal sealed record RssTrend(string Name, double SlopeMbPerMinute, double FirstMb, double LastMb, double MaxMb, int Samples, int Lives);

/// <summary>
/// Samples VmRSS from /proc of every process of the platform, by the pid files tools/faults/platform.sh writes, each
/// with every process under it (RabbitMQ: its start script and the Erlang VM). PostgreSQL is the postmaster's VmRSS,
/// and apart the mean private memory (RssAnon) of its backends: a backend's VmRSS counts the shared buffers it has
/// touched, and their sum follows how many connections the services' pools hold (180-580 MB in one soak), leak or not.
/// </summary>
internal sealed class Memory(string work)
{
    public static readonly string[] Names = ["gateway", "recruitment", "needs", "teams", "feedback", "postgres", "rabbitmq"];

    private readonly List<RssSample> samples = [];
    private readonly Dictionary<string, (int Pid, int Life)> lives = new(StringComparer.Ordinal);

    /// <summary>
    /// A new life of a process from now on: RabbitMQ's application stopped and started again keeps its pid but starts
    /// over. A new pid is a new life by itself.
    /// </summary>
    public void Restarted(string name)
    {
        lock (lives)
        {
            foreach (var key in lives.Keys.Where(k => k == name || k.StartsWith(name + " ", StringComparison.Ordinal)).ToList())
            {
                lives[key] = (0, lives[key].Life);
            }
        }
    }

    public IReadOnlyList<RssSample> Samples => samples;

    /// <summary>The machine's 1-minute load average at each sample: how shared the cores were meanwhile.</summary>
    public List<double> LoadAverages { get; } = [];

    public async Task Run(Ledger ledger, TimeSpan every, StreamWriter csv, CancellationToken ct)
    {
        await csv.WriteLineAsync("seconds,process,pid,vmrss_kb");
        while (!ct.IsCancellationRequested)
        {
            var at = ledger.Now;
            var children = Children();
            if (double.TryParse(ReadOrEmpty("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load))
            {
                lock (LoadAverages)
                {
                    LoadAverages.Add(load);
                }
            }
            foreach (var name in Names)
            {
                if (!int.TryParse(ReadOrEmpty(Path.Combine(work, $"{name}.pid")).Trim(), out var leader) || !Directory.Exists($"/proc/{leader}"))
                {
                    continue; // not running right now (a fault)
                }
                // a process killed a moment ago may linger as a zombie, without memory figures: not a sample
                var figures = Descendants(leader, children).Select(p => Rss(p, name == "postgres" ? "RssAnon:" : "VmRSS:")).ToList();
                if (figures[0] < 0)
                {
                    continue;
                }
                if (name == "postgres")
                {
                    Add(at, name, leader, Rss(leader));
                    var backends = figures.Skip(1).Where(kb => kb >= 0).ToList();
                    if (backends.Count > 0)
                    {
                        Add(at, "postgres backend (RssAnon, mean)", leader, (long)backends.Average());
                    }
                }
                else
                {
                    Add(at, name, leader, figures.Where(kb => kb >= 0).Sum());
                }
            }
            try
            {
                await Task.Delay(every, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        void Add(double at, string name, int pid, long kb)
        {
            int life;
            lock (lives)
            {
                var known = lives.TryGetValue(name, out var l) ? l : (Pid: pid, Life: 0);
                life = known.Pid == pid ? known.Life : known.Life + 1;
                lives[name] = (pid, life);
            }
            var sample = new RssSample(at, name, pid, life, kb);
            lock (samples)
            {
                samples.Add(sample);
            }
            csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sample.At:F1},{sample.Name},{sample.Pid},{sample.Kb}"));
        }
    }

    /// <summary>
    /// The slope of each process's VmRSS over the samples taken from <paramref name="from"/> to <paramref name="until"/>
    /// seconds (the load's end: idle afterwards, memory is given back), pooled over its
    /// lives (a process killed and started again is a new life, with its own level and its own warm-up of
    /// <paramref name="lifeWarmup"/> seconds): Σ(t−t̄)(y−ȳ) / Σ(t−t̄)², with the means taken within each life. A life
    /// whose samples span less than a minute after warm-up is left out.
    /// </summary>
    public List<RssTrend> Trends(double from, double until, double lifeWarmup)
    {
        List<RssSample> all;
        lock (samples)
        {
            // a life's first sample is its start, except for the first life, which started before the soak
            var starts = samples.GroupBy(s => (s.Name, s.Life)).ToDictionary(g => g.Key, g => g.Key.Life == 0 ? 0 : g.Min(s => s.At));
            all = [.. samples.Where(s => s.At >= from && s.At <= until && s.At >= starts[(s.Name, s.Life)] + (s.Life == 0 ? 0 : lifeWarmup))];
        }
        var trends = new List<RssTrend>();
        foreach (var process in all.GroupBy(s => s.Name))
        {
            double covariance = 0, variance = 0;
            var lives = 0;
            foreach (var life in process.GroupBy(s => s.Life).Select(g => g.ToList()))
            {
                if (life.Count < 3 || life[^1].At - life[0].At < 60)
                {
                    continue;
                }
                lives++;
                var meanT = life.Average(s => s.At / 60);
                var meanY = life.Average(s => s.Kb / 1024.0);
                covariance += life.Sum(s => (s.At / 60 - meanT) * (s.Kb / 1024.0 - meanY));
                variance += life.Sum(s => (s.At / 60 - meanT) * (s.At / 60 - meanT));
            }
            var ordered = process.OrderBy(s => s.At).ToList();
            trends.Add(new RssTrend(process.Key, variance == 0 ? double.NaN : covariance / variance,
                ordered[0].Kb / 1024.0, ordered[^1].Kb / 1024.0, ordered.Max(s => s.Kb) / 1024.0, ordered.Count, lives));
        }
        return [.. trends.OrderBy(t => Array.IndexOf(Names, t.Name.Split(' ')[0])).ThenBy(t => t.Name, StringComparer.Ordinal)];
    }

    /// <summary>The process and every process under it.</summary>
    private static IEnumerable<int> Descendants(int pid, Dictionary<int, List<int>> children)
    {
        yield return pid;
        foreach (var child in children.GetValueOrDefault(pid) ?? [])
        {
            foreach (var descendant in Descendants(child, children))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>
    /// Parent → its children, from /proc/PID/stat (field 4, after the command name in parentheses). By parent, not by
    /// session: PostgreSQL's backends each open a session of their own.
    /// </summary>
    private static Dictionary<int, List<int>> Children()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            var stat = ReadOrEmpty(Path.Combine(dir, "stat"));
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                continue;
            }
            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out var parent))
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }
        return children;
    }

    /// <summary>A memory figure of /proc/PID/status, in kB: VmRSS by default; -1 when the process has none (gone, or a zombie).</summary>
    private static long Rss(int pid, string field = "VmRSS:")
    {
        foreach (var line in ReadOrEmpty($"/proc/{pid}/status").Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return -1;
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
