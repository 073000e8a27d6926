using System.Text.Json.Nodes;

namespace ProBono.Marathon;

/// <summary>What the platform answered while a marathon was played: ids, teams, who came, what was answered, the report.</summary>
public sealed class MarathonRecord
{
    public Guid MarathonId { get; set; }

    public string Status { get; set; } = "";

    /// <summary>False when the marathon was found from an earlier run (then only what is still missing was sent).</summary>
    public bool Scheduled { get; set; }

    public Dictionary<string, Guid> Associations { get; } = new(StringComparer.Ordinal);

    public List<PlayedNeed> Needs { get; } = [];

    /// <summary>By (partnerId, employeeRef).</summary>
    public Dictionary<(string PartnerId, string EmployeeRef), RegisteredVolunteer> Volunteers { get; } = [];

    /// <summary>Need → its pinned lead.</summary>
    public Dictionary<Guid, Guid> Pins { get; } = [];

    /// <summary>The committed proposal (null when an earlier run committed the formation).</summary>
    public JsonNode? Proposal { get; set; }

    public List<JsonNode> Teams { get; } = [];

    public HashSet<Guid> CheckedIn { get; } = [];

    /// <summary>Staff's reason for completing a marathon that was not ready (null: it completed ready).</summary>
    public string? CompletionReason { get; set; }

    public List<Invitation> Invitations { get; } = [];

    public List<SentAnswer> Answers { get; } = [];

    /// <summary>Tokens an earlier run had answered already (409): their answers are not in <see cref="Answers"/>.</summary>
    public int AnsweredBefore { get; set; }

    public JsonNode? Report { get; set; }

    public List<PhaseTiming> Phases { get; } = [];

    public IEnumerable<RegisteredVolunteer> Confirmed => Volunteers.Values.Where(v => v.Status == "confirmed");

    public RegisteredVolunteer? Volunteer(Guid volunteerId) => Volunteers.Values.FirstOrDefault(v => v.VolunteerId == volunteerId);
}

public sealed record PlayedNeed(string Association, Guid AssociationId, NeedPlan Plan, Guid NeedId, string Status);

public sealed record RegisteredVolunteer(Guid VolunteerId, string Status, VolunteerPlan Plan);

public sealed record Invitation(string Token, string Group, string RespondentId);

public sealed record SentAnswer(string Token, string Group, string RespondentId, int Nps, int Satisfaction);

public sealed record PhaseTiming(string Phase, TimeSpan Elapsed, long Calls, int Items);

/// <summary>Where a player tells what it is doing (Spectre.Console's progress bars, the demo's log lines, a test's output).</summary>
public interface IMarathonProgress
{
    IPhaseProgress Start(string phase, int total);
}

public interface IPhaseProgress : IDisposable
{
    void Advance(int by = 1);
}

/// <summary>Progress written as one line per phase.</summary>
public sealed class LineProgress(Action<string> write) : IMarathonProgress
{
    public IPhaseProgress Start(string phase, int total) => new Line(phase, total, write);

    private sealed class Line(string phase, int total, Action<string> write) : IPhaseProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        private int done;

        public void Advance(int by = 1) => Interlocked.Add(ref done, by);

        public void Dispose() => write($"{phase}: {done}{(total > 0 ? $"/{total}" : "")} in {watch.Elapsed.TotalSeconds:F1} s");
    }
}
