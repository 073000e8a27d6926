using System.Diagnostics;
using Marten;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// Answers per second on one large campaign: a measurement, not a test (timings stay out of the test run), so it runs
/// only with <c>PROBONO_BENCH=campaign</c> and asserts only that every answer was accepted. Command and figures:
/// docs/benchmarks-marathon.md; <c>PROBONO_BENCH_INVITED</c>, <c>_ANSWERS</c> and <c>_CLIENTS</c> change its size.
/// </summary>
public sealed class CampaignAnswersBench(FeedbackFixture feedback, ITestOutputHelper output) : IClassFixture<FeedbackFixture>
{
    private static int Setting(string name, int byDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : byDefault;

    [SkippableFact]
    public async Task Answers_per_second_on_one_large_campaign()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("PROBONO_BENCH") == "campaign", "a benchmark: PROBONO_BENCH=campaign runs it");
        var (invited, answers, clients) = (Setting("PROBONO_BENCH_INVITED", 10_000), Setting("PROBONO_BENCH_ANSWERS", 2_000), Setting("PROBONO_BENCH_CLIENTS", 4));
        var marathonId = await feedback.AMarathon("edf");

        var opening = Stopwatch.StartNew();
        await feedback.OpenCampaignOfCheckedInVolunteers(marathonId, "edf", invited);
        opening.Stop();

        var tokens = (await feedback.Invitations(marathonId)).Select(i => i.GetProperty("token").GetString()!).Take(answers).ToList();
        Assert.Equal(Math.Min(answers, invited), tokens.Count);

        var next = -1;
        var refused = 0;
        var answering = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < tokens.Count; i = Interlocked.Increment(ref next))
            {
                using var response = await feedback.Answer(tokens[i], new { nps = i % 11, satisfaction = 1 + i % 5, answers = new { } });
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        answering.Stop();

        await using var query = feedback.Host.Store.QuerySession();
        var snapshotChars = (await query.QueryAsync<int>(
            $"select length(data::text) from {query.DocumentStore.Options.DatabaseSchemaName}.mt_doc_surveycampaign where id = ?", marathonId)).Single();
        output.WriteLine(
            $"campaign of {invited} invitations opened in {opening.Elapsed.TotalSeconds:F1} s; {tokens.Count} answers by {clients} clients in " +
            $"{answering.Elapsed.TotalSeconds:F1} s = {tokens.Count / answering.Elapsed.TotalSeconds:F1} answers/s; snapshot {snapshotChars:N0} characters");
        Assert.Equal(0, refused);
    }
}
