using ProBono.IntegrationTests.Needs;
using static ProBono.IntegrationTests.Needs.NeedsFixture;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// Many callers holding the same version of one need send their command at once: exactly one wins, every other one
/// is told 412 (its If-Match is stale), and the need's history holds the move once.
/// </summary>
public sealed class ConcurrentCommandTests(ConcurrentCommandTests.PatientNeeds needs) : IClassFixture<ConcurrentCommandTests.PatientNeeds>
{
    /// <summary>
    /// Needs whose database commands may wait 120 s: the 20 callers queue on the need's row lock, and past the fail-fast
    /// 10 s the last would be answered 503, not the 412 under test (docs/adr/0005).
    /// </summary>
    public sealed class PatientNeeds : NeedsFixture
    {
        protected override IReadOnlyDictionary<string, string>? SettingsFor(string name) => new Dictionary<string, string>
        {
            ["ConnectionStrings:needsdb"] = $"{Servers.Database(name)};Timeout=30;Command Timeout=120",
        };
    }

    private const int Callers = 20;

    [Fact]
    public async Task Twenty_publishes_with_the_same_If_Match_make_one_success_and_nineteen_412()
    {
        var id = await Submit(needs.Association(await needs.AnAssociation()), ANeed(await needs.AMarathon()));
        await needs.Move(id, "qualify"); // version 2

        using var start = new SemaphoreSlim(0, Callers);
        var calls = Enumerable.Range(0, Callers).Select(async _ =>
        {
            using var publish = new HttpRequestMessage(HttpMethod.Post, $"/admin/{id}/publish");
            publish.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
            await start.WaitAsync();
            return (await needs.Staff.SendAsync(publish)).StatusCode;
        }).ToList();
        start.Release(Callers);
        var statuses = await Task.WhenAll(calls);

        var told = string.Join(", ", statuses.GroupBy(s => (int)s).Select(g => $"{g.Count()} × {g.Key}"));
        Assert.True(statuses.Count(s => (int)s is >= 200 and < 300) == 1, $"one success, the rest 412; got {told}");
        Assert.True(statuses.Count(s => s == HttpStatusCode.PreconditionFailed) == Callers - 1, $"one success, the rest 412; got {told}");
        var need = await needs.Need(id);
        Assert.Equal(["submitted", "qualified", "published"], need.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("published", need.GetProperty("status").GetString());
    }
}
