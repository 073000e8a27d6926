using System.Text.Json.Nodes;
using ProBono.Marathon;
using Xunit.Abstractions;

namespace ProBono.EndToEndTests;

/// <summary>
/// A small marathon through the gateway, from scheduling to the final report, played by tools/ProBono.Marathon as the
/// demo and the simulator play theirs: the report's figures must be the ones recomputed from what was sent.
/// </summary>
public sealed class SmallMarathonTests(PlatformFixture platform, ITestOutputHelper output) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_small_marathon_from_scheduling_to_the_report_keeps_every_invariant_and_the_report_counts_what_was_sent()
    {
        var plan = Plans.Synthetic("End-to-end small marathon", partners: 3, needs: 3, volunteers: 18, seed: 7,
            new DayPlan(CheckInRate: 0.85, Plans.DayMilestones, Seed: 7), new SurveyPlan(0.7, 1.0, 0.67, Seed: 7),
            DateOnly.FromDateTime(DateTime.UtcNow));
        using var gateway = new Gateway(platform.Gateway, staffSubject: "e2e-small-marathon");
        var player = new MarathonPlayer(gateway, plan, new LineProgress(output.WriteLine), new PlayerOptions(Parallelism: 4, Patience: TimeSpan.FromSeconds(90)));

        await player.PlayAll(CancellationToken.None);

        var record = player.Record;
        Assert.Empty(Invariants.All(plan, record));
        Assert.NotNull(record.Report);
        Assert.Equal("completed", record.Status);
        Assert.NotEmpty(record.Teams);
        Assert.NotEmpty(record.Answers);
        var checkedIn = record.Confirmed.Where(v => record.CheckedIn.Contains(v.VolunteerId)).ToList();
        var impact = record.Report["impact"]!;
        Assert.Equal(checkedIn.Count * plan.HoursPerVolunteer, (int)impact["hours"]!);
        Assert.Equal(Invariants.Value(plan, checkedIn), (decimal)impact["valueEur"]!);
        Assert.Equal(record.Teams.Count, (int)impact["deliverables"]!);
        var volunteers = record.Report["groups"]!["volunteer"]!;
        Assert.Equal(record.CheckedIn.Count, (int)volunteers["invited"]!);
        Assert.Equal(record.Answers.Count(a => a.Group == "volunteer"), (int)volunteers["responded"]!);
        Assert.Equal(Invariants.Nps([.. record.Answers.Where(a => a.Group == "volunteer")]), (decimal?)volunteers["nps"]);

        // the checker the simulator relies on sees a report that does not count what was sent
        var tampered = JsonNode.Parse(record.Report.ToJsonString())!;
        tampered["impact"]!["hours"] = (int)impact["hours"]! + plan.HoursPerVolunteer;
        record.Report = tampered;
        Assert.Contains(Invariants.Report(plan, record), f => f.Contains("impact.hours", StringComparison.Ordinal));
    }
}
