using Marten;
using ProBono.Teams;
using ProBono.Teams.Formation;

namespace ProBono.IntegrationTests.Teams;

/// <summary>
/// Staff race each other on one marathon's formation: the first pins of a fresh marathon all land, each once, with no
/// 5xx; commits racing on one proposal leave one set of teams, counted by id in the teams, the seats and the events.
/// </summary>
public sealed class FormationRaceTests(TeamsFixture teams) : IClassFixture<TeamsFixture>
{
    private const int Pins = 12;
    private const int Commits = 8;

    /// <summary>Sends every call at once: each waits on one gate, opened when all are ready.</summary>
    private static async Task<IReadOnlyList<(HttpStatusCode Status, string Body)>> AllAtOnce(int callers, Func<int, Task<HttpResponseMessage>> call)
    {
        using var gate = new SemaphoreSlim(0, callers);
        var calls = Enumerable.Range(0, callers).Select(async i =>
        {
            await gate.WaitAsync();
            using var response = await call(i);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.Release(callers);
        return await Task.WhenAll(calls);
    }

    [Fact]
    public async Task Twelve_concurrent_first_pins_of_a_fresh_marathon_all_answer_200_and_the_formation_holds_each_once()
    {
        var marathon = await teams.AMarathon();
        var needs = new List<Guid>();
        var leads = new List<Guid>();
        for (var i = 0; i < Pins; i++)
        {
            needs.Add(await teams.ANeed(marathon, [("design", 1)], 2, 3));
            leads.Add(await teams.AVolunteer(marathon, new[] { "edf", "ey", "thales" }[i % 3], ["design"], leadCapable: true));
        }

        // no pin yet: the marathon's formation stream does not exist when all of them arrive
        var answers = await AllAtOnce(Pins, i =>
            teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{needs[i]}/lead", new { volunteerId = leads[i] }));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"a pin answered {(int)a.Status}: {a.Body}"));
        var listed = (await teams.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathon}/leads")).GetProperty("items").EnumerateArray()
            .Select(l => (Need: l.GetProperty("needId").GetGuid(), Lead: l.GetProperty("volunteerId").GetGuid())).ToList();
        Assert.Equal(needs.Zip(leads).OrderBy(p => p.First), listed.OrderBy(p => p.Need));
        await using var session = teams.Host.Store.QuerySession();
        var pinned = (await session.Events.FetchStreamAsync(marathon)).Select(e => e.Data).OfType<LeadPinned>().ToList();
        Assert.Equal(needs.Zip(leads).OrderBy(p => p.First), pinned.Select(p => (p.NeedId, p.VolunteerId)).OrderBy(p => p.NeedId));
    }

    [Fact]
    public async Task Eight_concurrent_commits_of_one_proposal_form_one_set_of_teams_one_succeeds_and_the_rest_are_409()
    {
        var marathon = await teams.AMarathon();
        var brochure = await teams.ANeed(marathon, [("marketing", 1), ("design", 1)], 2, 3);
        var budget = await teams.ANeed(marathon, [("finance", 1)], 2, 3);
        foreach (var (partner, skills, lead) in new[]
        {
            ("edf", new[] { "marketing" }, true), ("ey", new[] { "design" }, false), ("thales", new[] { "finance" }, true),
            ("edf", new[] { "finance" }, false), ("ey", new[] { "legal" }, true), ("thales", new[] { "it" }, false),
        })
        {
            await teams.AVolunteer(marathon, partner, skills, lead);
        }
        var proposal = await teams.Propose(marathon);
        var proposalId = proposal.GetProperty("proposalId").GetGuid();

        // no pin: the formation stream does not exist yet either, so nothing but the marathon's lock orders them
        var answers = await AllAtOnce(Commits, _ => teams.Commit(marathon, proposal));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"a commit answered {(int)a.Status}: {a.Body}"));
        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.OK));
        var proposed = proposal.GetProperty("teams").EnumerateArray()
            .ToDictionary(t => Team.IdOf(t.GetProperty("needId").GetGuid()), t => t.GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).Order().ToList());
        Assert.Equal(new[] { brochure, budget }.Select(Team.IdOf).Order(), proposed.Keys.Order());

        // the teams and their members, by id, as the API shows them
        var shown = await teams.Teams(teams.Staff, marathon);
        Assert.Equal(proposed.Keys.Order(), shown.Select(t => t.GetProperty("teamId").GetGuid()).Order());
        foreach (var team in shown)
        {
            Assert.Equal(proposed[team.GetProperty("teamId").GetGuid()],
                team.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("volunteerId").GetGuid()).Order());
        }
        // the events appended: one TeamFormed per team stream, one FormationCommitted; a second set would show here
        await using var session = teams.Host.Store.QuerySession();
        foreach (var (teamId, _) in proposed)
        {
            var events = await session.Events.FetchStreamAsync(teamId);
            Assert.Single(events);
            Assert.IsType<TeamFormed>(events[0].Data);
        }
        var committed = (await session.Events.FetchStreamAsync(marathon)).Select(e => e.Data).OfType<FormationCommitted>().ToList();
        Assert.Equal(proposalId, Assert.Single(committed).ProposalId);
        // the seats: one per member, each in the team the proposal gave it
        var seats = await session.Query<TeamSeat>().Where(s => s.MarathonId == marathon).ToListAsync();
        Assert.Equal(proposed.SelectMany(t => t.Value.Select(m => (Member: m, Team: t.Key))).OrderBy(s => s.Member),
            seats.Select(s => (Member: s.Id, Team: s.TeamId)).OrderBy(s => s.Member));
    }
}
