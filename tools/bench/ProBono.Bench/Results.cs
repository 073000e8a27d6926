namespace ProBono.Bench;

/// <summary>The rate of one partner's registrations once its roster holds <see cref="RosterBefore"/> volunteers.</summary>
internal sealed record Window(int RosterBefore, Cell Cell);

internal sealed record Propagation(int Samples, double P50, double P99, double Max, int TimedOut);

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
