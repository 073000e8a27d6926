using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProBono.Soak;

/// <summary>One answer of the gateway: when (seconds into the soak), to what, and how it was told.</summary>
internal sealed record Answer(double At, string Method, string Route, string Service, int Status, bool Problem, bool RetryAfter);

/// <summary>
/// Every answer the load got, and what the platform acknowledged (a 200/201 with the ids it created): the soak's
/// "sent" side, compared at the end with what the services hold. Filled by <see cref="RecordingHandler"/>, so every
/// caller (the marathon player, the registration stream, the readers) is counted the same way, retries included.
/// </summary>
internal sealed partial class Ledger
{
    private readonly ConcurrentQueue<Answer> answers = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyCollection<Answer> Answers => answers;

    /// <summary>Volunteer ids answered by a registration (single or bulk), by marathon.</summary>
    public ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, byte>> Volunteers { get; } = new();

    /// <summary>Need ids answered by a submission, by marathon.</summary>
    public ConcurrentDictionary<Guid, Guid> Needs { get; } = new();

    /// <summary>Marathons whose formation was committed (200), with the number of teams of the committed proposal.</summary>
    public ConcurrentDictionary<Guid, int> Formations { get; } = new();

    /// <summary>Proposals answered by a formation request: their teams, until one is committed.</summary>
    public ConcurrentDictionary<Guid, int> Proposals { get; } = new();

    /// <summary>Check-ins the desk answered as done: volunteer ids, or badge codes when the desk was sent codes.</summary>
    public ConcurrentDictionary<string, byte> CheckIns { get; } = new(StringComparer.Ordinal);

    /// <summary>Milestones acknowledged, by team (an answer replayed for its Idempotency-Key is not a second one).</summary>
    public ConcurrentDictionary<Guid, int> Milestones { get; } = new();

    /// <summary>Survey tokens whose answer the survey page accepted (200).</summary>
    public ConcurrentDictionary<string, byte> SurveyAnswers { get; } = new(StringComparer.Ordinal);

    public double Now => Clock.Elapsed.TotalSeconds;

    public void Add(Answer answer) => answers.Enqueue(answer);

    /// <summary>Notes what a successful answer acknowledged, for the routes whose effects the soak counts.</summary>
    public void Acknowledge(string method, string path, string body, bool replayed)
    {
        if (method != "POST")
        {
            return;
        }
        if (Milestone().Match(path) is { Success: true } milestone)
        {
            if (!replayed)
            {
                Milestones.AddOrUpdate(Guid.Parse(milestone.Groups[1].Value), 1, (_, n) => n + 1);
            }
            return;
        }
        if (SurveyPage().Match(path) is { Success: true } survey)
        {
            SurveyAnswers.TryAdd(survey.Groups[1].Value, 0);
            return;
        }
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }
        if (json is null)
        {
            return;
        }
        if (Registration().Match(path) is { Success: true } registration)
        {
            var marathon = Volunteers.GetOrAdd(Guid.Parse(registration.Groups[1].Value), _ => new());
            var results = registration.Groups[2].Success ? json["results"]!.AsArray().Select(r => r!["volunteerId"]) : [json["volunteerId"]];
            foreach (var id in results.OfType<JsonValue>())
            {
                marathon.TryAdd(id.GetValue<Guid>(), 0);
            }
        }
        else if (path == "/api/needs" && json["needId"] is JsonValue needId)
        {
            Needs.TryAdd(needId.GetValue<Guid>(), Guid.Parse((string)json["marathonId"]!));
        }
        else if (Formation().Match(path) is { Success: true } formation && json["proposalId"] is JsonValue proposal)
        {
            Proposals[proposal.GetValue<Guid>()] = json["teams"]?.AsArray().Count ?? 0;
        }
        else if (Commit().Match(path) is { Success: true } commit)
        {
            Formations[Guid.Parse(commit.Groups[1].Value)] = Proposals.GetValueOrDefault(Guid.Parse(commit.Groups[2].Value), -1);
        }
        else if (CheckInDesk().IsMatch(path))
        {
            foreach (var result in json["results"]!.AsArray().Where(r => r?["checkedIn"]?.GetValue<bool>() == true))
            {
                CheckIns.TryAdd((string?)result!["volunteerId"] ?? (string)result["badgeCode"]!, 0);
            }
        }
    }

    /// <summary>A path with its ids and tokens replaced, so that answers group by operation.</summary>
    public static string Route(string path) => Token().Replace(Ids().Replace(path, "{id}"), "/surveys/{token}");

    /// <summary>The service a gateway route leads to (the gateway's own routing table, appsettings.json).</summary>
    public static string ServiceOf(string route) => route switch
    {
        _ when route.StartsWith("/api/needs", StringComparison.Ordinal) || route.StartsWith("/admin/needs", StringComparison.Ordinal) => "needs",
        _ when route.StartsWith("/api/teams", StringComparison.Ordinal) || route.StartsWith("/admin/teams", StringComparison.Ordinal)
            || route == "/api/marathons/{id}/teams" => "teams",
        _ when route.StartsWith("/surveys", StringComparison.Ordinal) || route.StartsWith("/api/surveys", StringComparison.Ordinal)
            || route.StartsWith("/admin/feedback", StringComparison.Ordinal) || route == "/api/marathons/{id}/impact" => "feedback",
        _ when route.StartsWith("/api/marathons", StringComparison.Ordinal) || route.StartsWith("/admin/recruitment", StringComparison.Ordinal) => "recruitment",
        _ => "gateway",
    };

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Ids();

    [GeneratedRegex("/surveys/[^/]+$")]
    private static partial Regex Token();

    [GeneratedRegex("^/surveys/([^/]+)$")]
    private static partial Regex SurveyPage();

    [GeneratedRegex("^/api/marathons/([0-9a-f-]{36})/volunteers(/bulk)?$")]
    private static partial Regex Registration();

    [GeneratedRegex("^/admin/teams/marathons/([0-9a-f-]{36})/formation$")]
    private static partial Regex Formation();

    [GeneratedRegex("^/admin/teams/marathons/([0-9a-f-]{36})/formation/([0-9a-f-]{36})/commit$")]
    private static partial Regex Commit();

    [GeneratedRegex("^/api/teams/([0-9a-f-]{36})/milestones$")]
    private static partial Regex Milestone();

    [GeneratedRegex("^/admin/recruitment/marathons/[0-9a-f-]{36}/check-ins$")]
    private static partial Regex CheckInDesk();
}
