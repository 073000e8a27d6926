using Marten;
using ProBono.Feedback.Campaigns;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// A crowd answering one campaign at once: the answers are saved in batches (SurveyAnswerRecorder), and batching changes
/// nothing of what each answer means: every first answer to a token is counted once, every repeat is refused (409) even
/// when it is saved in the same batch as the first, and the tallies and the stream agree with what was accepted.
/// </summary>
public sealed class SurveyAnswerBatchTests(FeedbackFixture feedback, ITestOutputHelper output) : IClassFixture<FeedbackFixture>
{
    [Fact]
    public async Task Answers_sent_at_once_are_each_counted_once_and_a_token_answered_twice_at_once_only_once()
    {
        const int Invited = 240;
        var marathonId = await feedback.AMarathon("edf");
        await feedback.OpenCampaignOfCheckedInVolunteers(marathonId, "edf", Invited);
        var tokens = (await feedback.Invitations(marathonId)).Where(i => i.GetProperty("group").GetString() == "volunteer")
            .Select(i => i.GetProperty("token").GetString()!).ToList();
        Assert.Equal(Invited, tokens.Count);

        // every token answered; one in three answered twice at the same instant, with different figures
        var sent = tokens.Select((token, i) => (Token: token, Nps: i % 11, Satisfaction: 1 + i % 5))
            .Concat(tokens.Where((_, i) => i % 3 == 0).Select(token => (Token: token, Nps: 0, Satisfaction: 1)))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var responses = await Task.WhenAll(sent.Select(async a =>
        {
            using var response = await feedback.Answer(a.Token, new { nps = a.Nps, satisfaction = a.Satisfaction, answers = new { } });
            return (a.Token, a.Nps, a.Satisfaction, response.StatusCode);
        }));

        Assert.Equal([(HttpStatusCode.Created, Invited), (HttpStatusCode.Conflict, Invited / 3)],
            responses.GroupBy(r => r.StatusCode).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key));
        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(tokens.Order(StringComparer.Ordinal), accepted.Select(a => a.Token).Order(StringComparer.Ordinal));

        // the stream holds exactly the accepted answers, each with the figures its 201 acknowledged
        await using var query = feedback.Host.Store.QuerySession();
        var events = await query.Events.FetchStreamAsync(marathonId);
        var answered = events.Select(e => e.Data).OfType<SurveyAnswered>().ToList();
        Assert.Equal(
            accepted.Select(a => (a.Token, a.Nps, a.Satisfaction)).Order(),
            answered.Select(a => (a.Token, a.Nps, a.Satisfaction)).Order());

        // the tallies the report reads agree with them
        var volunteers = (await feedback.Report(marathonId)).GetProperty("groups").GetProperty("volunteer");
        Assert.Equal((Invited, Invited), (volunteers.GetProperty("invited").GetInt32(), volunteers.GetProperty("responded").GetInt32()));
        var promoters = accepted.Count(a => a.Nps >= 9);
        var detractors = accepted.Count(a => a.Nps <= 6);
        Assert.Equal(Math.Round(100m * (promoters - detractors) / Invited, 1, MidpointRounding.AwayFromZero), volunteers.GetProperty("nps").GetDecimal());
        Assert.All((await feedback.Invitations(marathonId)).Where(i => i.GetProperty("group").GetString() == "volunteer"),
            i => Assert.True(i.GetProperty("answered").GetBoolean()));

        // and they were saved in batches: fewer transactions than answers (PostgreSQL's xmin is the inserting transaction)
        var transactions = (await query.QueryAsync<long>(
            $"select count(distinct xmin::text::bigint) from {query.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where stream_id = ? and type = 'survey_answered'",
            marathonId)).Single();
        output.WriteLine($"{answered.Count} answers saved in {transactions} transactions");
        Assert.InRange(transactions, 1, answered.Count - 1);
    }
}
