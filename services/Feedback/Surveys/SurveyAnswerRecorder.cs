using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Surveys;

/// <summary>
/// Records answers by group commit (<see cref="GroupCommit{TItem, TOutcome}"/>): the campaign's row lock keeps the tallies
/// exact and lets a second answer to a token see the first; taken once per batch, not per answer, it does not queue a
/// crowd behind it (docs/adr/0011-feedback.md). 201 means counted: an answer completes once its batch has committed.
/// </summary>
internal sealed class SurveyAnswerRecorder
{
    /// <summary>The most answers saved in one transaction; more wait for the next batch.</summary>
    public const int MaxBatch = 200;

    private readonly IDocumentStore store;
    private readonly ILogger<SurveyAnswerRecorder> logger;
    private readonly GroupCommit<PendingAnswer, ISurveyAnswer> commit;

    public SurveyAnswerRecorder(IDocumentStore store, ILogger<SurveyAnswerRecorder> logger)
    {
        this.store = store;
        this.logger = logger;
        commit = new(SaveBatch, MaxBatch);
    }

    /// <summary>
    /// Records <paramref name="request"/> (valid for the invitation's group) as the answer to <paramref name="invitation"/>,
    /// once its batch commits. 409 when the invitation was answered meanwhile, also by an earlier answer of the same batch.
    /// The caller may stop waiting (a closed browser tab); the answer is still recorded, as it would have been in flight.
    /// </summary>
    public Task<ISurveyAnswer> Record(SurveyInvitation invitation, SurveyResponseRequest request, DateTimeOffset now, CancellationToken ct) =>
        commit.Submit(new PendingAnswer(invitation.MarathonId, invitation.Id, request, now), ct);

    private async Task SaveBatch(IReadOnlyList<GroupCommit<PendingAnswer, ISurveyAnswer>.Pending> batch)
    {
        foreach (var campaign in batch.GroupBy(a => a.Item.MarathonId))
        {
            await Save(campaign.Key, [.. campaign]);
        }
    }

    /// <summary>
    /// One campaign's answers, in the order they arrived, in one transaction: the campaign's row lock, then the
    /// invitations read under it (an answer committed meanwhile is seen), each answer decided against its invitation as
    /// the earlier answers of the batch left it, the events appended and the invitations marked answered.
    /// </summary>
    private async Task Save(Guid marathonId, IReadOnlyList<GroupCommit<PendingAnswer, ISurveyAnswer>.Pending> answers)
    {
        var decided = new List<(GroupCommit<PendingAnswer, ISurveyAnswer>.Pending Answer, ISurveyAnswer Event)>(answers.Count);
        try
        {
            await using var session = store.LightweightSession();
            var campaign = await session.OpenForWriting<SurveyCampaign>(marathonId, CancellationToken.None, exclusive: true);
            var invitations = (await session.LoadManyAsync<SurveyInvitation>(CancellationToken.None, answers.Select(a => a.Item.Token).Distinct()))
                .ToDictionary(i => i.Id, StringComparer.Ordinal);
            foreach (var answer in answers)
            {
                try
                {
                    var invitation = invitations.GetValueOrDefault(answer.Item.Token) ?? throw new NotFound(SurveyAnswering.NoSuchSurvey);
                    var answered = SurveyAnswering.Decide(campaign.Require(), invitation, answer.Item.Request, answer.Item.At);
                    invitation.AnsweredAt = answer.Item.At;
                    session.Update(invitation);
                    decided.Add((answer, answered));
                }
                catch (ProblemException refused)
                {
                    answer.Outcome.TrySetException(refused);
                }
            }
            if (decided.Count > 0)
            {
                campaign.Append([.. decided.Select(d => (object)d.Event)]);
                await session.SaveChangesAsync(CancellationToken.None);
            }
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "{Count} survey answers of marathon {MarathonId} could not be saved; each caller is told", answers.Count, marathonId);
            foreach (var answer in answers)
            {
                answer.Outcome.TrySetException(failure);
            }
            return;
        }
        foreach (var (answer, answered) in decided)
        {
            answer.Outcome.TrySetResult(answered);
        }
    }

    private sealed record PendingAnswer(Guid MarathonId, string Token, SurveyResponseRequest Request, DateTimeOffset At);
}
