using System.Diagnostics;

namespace ProBono.Bench;

/// <summary>The rate of one partner's registrations once its roster holds <see cref="RosterBefore"/> volunteers.</summary>
internal sealed record Window(int RosterBefore, Cell Cell);

internal sealed record Propagation(int Samples, double P50, double P99, double Max, int TimedOut)
{
    /// <summary>
    /// <paramref name="samples"/> times, one at a time: <paramref name="write"/> sample i, then the time from its answer
    /// until <paramref name="arrived"/> sees it on the read side, polled every 5 ms (30 s at most: counted as timed out).
    /// </summary>
    public static async Task<Propagation> Measure<TAnswer>(int samples, Func<int, Task<TAnswer>> write, Func<int, TAnswer, Task<bool>> arrived)
    {
        var delays = new List<double>();
        var timedOut = 0;
        for (var i = 0; i < samples; i++)
        {
            var answer = await write(i);
            var answered = Stopwatch.StartNew();
            while (!await arrived(i, answer))
            {
                if (answered.Elapsed > TimeSpan.FromSeconds(30))
                {
                    timedOut++;
                    break;
                }
                await Task.Delay(5);
            }
            delays.Add(answered.Elapsed.TotalMilliseconds);
        }
        var sorted = delays.Order().ToArray();
        var result = new Propagation(samples, Load.Percentile(sorted, 0.5), Load.Percentile(sorted, 0.99), sorted.Max(), timedOut);
        Console.WriteLine($"  propagation p50 {result.P50:F0} ms, p99 {result.P99:F0} ms, max {result.Max:F0} ms");
        return result;
    }
}

/// <summary>What one boot measured; the report puts the two boots (main and the other sampling ratio) side by side.</summary>
internal sealed class Results
{
    public string Phase { get; set; } = "main";
    public bool Quick { get; set; }
    public double SamplingRatio { get; set; }
    public string DirectFoundBy { get; set; } = "";
    public List<Cell> Cells { get; set; } = [];
    public Window? AtFirst { get; set; }
    public Window? AtLast { get; set; }
    public int CsvRows { get; set; }
    public int CsvKept { get; set; }
    public double CsvSeconds { get; set; }
    public Propagation? Propagation { get; set; }
    public int ReadMarathonVolunteers { get; set; }
    public int VolunteersBeforeReads { get; set; }
    public int VolunteersAfterLoad { get; set; }
    public double LoadSeconds { get; set; }
    public List<Cell> ReadsAfterLoad { get; set; } = [];
    public int BigMarathonVolunteers { get; set; }
    public Cell? BigMarathonRead { get; set; }
    public double Seconds { get; set; }
}
