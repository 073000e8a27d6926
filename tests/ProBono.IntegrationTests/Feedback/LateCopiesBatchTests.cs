using Marten;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.IntegrationTests.Messaging;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// Feedback's copies that may top a survey campaign up (a check-in the completion overtook) are saved in batches like every
/// copy. Many of them about one campaign, in one batch, must invite each respondent once: the campaign is topped up once per
/// batch, and its stream and its invitation documents agree.
/// </summary>
public sealed class LateCopiesBatchTests(FeedbackFixture feedback, ITestOutputHelper output) : IClassFixture<FeedbackFixture>
{
    private const int Volunteers = 60;

    private Task SendCheckIn(Guid messageId, Guid marathonId, Guid volunteerId) =>
        feedback.Send("volunteer-checked-in", "probono:recruitment:volunteer-checked-in:v1", messageId,
            new { volunteerId, marathonId, partnerId = "edf", version = 3, checkedInAt = DateTimeOffset.UtcNow });

    private Task SendCompletion(Guid messageId, Guid marathonId) =>
        feedback.Send("marathon-status-changed", "probono:recruitment:marathon-status-changed:v1", messageId,
            new { marathonId, status = "completed", version = 5, changedAt = DateTimeOffset.UtcNow });

    /// <summary>The campaign's invitations, from its stream and from its documents: (group, respondent) in issue order.</summary>
    private async Task<(List<(string, string)> Issued, List<(string, string)> Documents)> Campaign(Guid marathonId)
    {
        await using var session = feedback.Host.Store.QuerySession();
        var issued = (await session.Events.FetchStreamAsync(marathonId)).Select(e => e.Data).OfType<InvitationIssued>()
            .Select(i => (i.Group, i.RespondentId)).ToList();
        var documents = (await session.Query<SurveyInvitation>().Where(i => i.MarathonId == marathonId).ToListAsync())
            .OrderBy(i => i.Number).Select(i => (i.Group, i.RespondentId)).ToList();
        return (issued, documents);
    }

    [Fact]
    public async Task Check_ins_the_completion_overtook_arriving_together_and_twice_invite_each_volunteer_once_in_few_transactions()
    {
        using var inbox = new InboxWatch(feedback.QueuePrefix);
        var marathonId = await feedback.AMarathon("edf");
        await feedback.Status(marathonId, "completed", 5);
        var checkIns = Enumerable.Range(0, Volunteers).Select(_ => (MessageId: Guid.NewGuid(), VolunteerId: Guid.NewGuid())).ToArray();

        // each check-in delivered twice (the broker's at-least-once), all at once: one queue's backlog
        foreach (var (messageId, volunteerId) in checkIns.Concat(checkIns))
        {
            await SendCheckIn(messageId, marathonId, volunteerId);
        }
        foreach (var (messageId, _) in checkIns)
        {
            await inbox.Decided(messageId, 2, TimeSpan.FromSeconds(60));
        }

        Assert.All(checkIns, c => Assert.Equal((1, 1), (inbox.Applied(c.MessageId), inbox.Repeats(c.MessageId))));
        var (issued, documents) = await Campaign(marathonId);
        var expected = new[] { ("partner", "edf") }.Concat(checkIns.Select(c => ("volunteer", c.VolunteerId.ToString()))).Order().ToList();
        Assert.Equal(expected, issued.Order()); // a second top-up of the campaign in one batch would issue some twice
        Assert.Equal(issued, documents);
        var transactions = await InboxTransactions.Count(feedback.Host.Store, typeof(VolunteerCheckedInConsumer), checkIns.Select(c => c.MessageId));
        output.WriteLine($"{Volunteers} check-ins saved in {transactions} transactions");
        // one at a time (or a batch that always fell back to one at a time) would be 60
        Assert.InRange(transactions, 1, Volunteers / 2);
    }

    [Fact]
    public async Task Check_ins_and_the_completion_consumed_at_the_same_time_invite_every_volunteer_once_whichever_commits_first()
    {
        using var inbox = new InboxWatch(feedback.QueuePrefix);
        var marathonId = await feedback.AMarathon("edf");
        var checkIns = Enumerable.Range(0, Volunteers).Select(_ => (MessageId: Guid.NewGuid(), VolunteerId: Guid.NewGuid())).ToArray();
        var completion = Guid.NewGuid();

        // the completion goes out in the middle of the check-ins, on its own queue: consumed while batches of them are saved
        for (var i = 0; i < checkIns.Length; i++)
        {
            if (i == Volunteers / 3)
            {
                await SendCompletion(completion, marathonId);
            }
            await SendCheckIn(checkIns[i].MessageId, marathonId, checkIns[i].VolunteerId);
        }
        await inbox.Decided(completion, 1, TimeSpan.FromSeconds(60));
        foreach (var (messageId, _) in checkIns)
        {
            await inbox.Decided(messageId, 1, TimeSpan.FromSeconds(60));
        }

        var (issued, documents) = await Campaign(marathonId);
        // a check-in committed while the campaign opened, seen by neither, would be missing here
        var expected = new[] { ("partner", "edf") }.Concat(checkIns.Select(c => ("volunteer", c.VolunteerId.ToString()))).Order().ToList();
        Assert.Equal(expected, issued.Order());
        Assert.Equal(issued, documents);
    }
}
