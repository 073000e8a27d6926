using System.Threading.Channels;
using Marten;
using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Feedback.Surveys;

/// <summary>
/// Records survey answers in batches, one transaction per campaign for every answer that arrived while the previous
/// batch was being saved (group commit). An answer must take its campaign's row lock, which serialises one marathon's
/// answers (the tallies stay exact and a second answer to a token sees the first); saved one by one, that lock made a
/// 10,000-person campaign answer at ~42 per second, so a crowd answering after the day queued behind it. Batched, the
/// lock is taken once for the whole batch: the same checks, events and documents, in fewer, larger transactions.
/// A quiet campaign sees batches of one, saved at once. The caller's answer completes only once its batch has
/// committed (201 means counted); a failed save fails every answer of that batch, and none of them is recorded.
/// </summary>
internal sealed class SurveyAnswerRecorder(IDocumentStore store, ILogger<SurveyAnswerRecorder> logger) : BackgroundService
{
    /// <summary>The most answers saved in one transaction; more wait for the next batch.</summary>
    public const int MaxBatch = 200;

    private readonly Channel<PendingAnswer> waiting = Channel.CreateUnbounded<PendingAnswer>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Records <paramref name="request"/> (valid for the invitation's group) as the answer to <paramref name="invitation"/>,
    /// once its batch commits. 409 when the invitation was answered meanwhile, also by an earlier answer of the same batch.
    /// </summary>
    public async Task<SurveyAnswered> Record(SurveyInvitation invitation, SurveyResponseRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var answer = new PendingAnswer(invitation.MarathonId, invitation.Id, request, now);
        if (!waiting.Writer.TryWrite(answer))
        {
            throw new OperationCanceledException("The service is stopping; the answer was not recorded.");
        }
        // the caller may stop waiting (a closed browser tab); the answer is still recorded, as it would have been in flight
        return await answer.Outcome.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingAnswer>(MaxBatch);
        // no token: on stopping, the writer is completed (StopAsync) and what is queued is still saved
        while (await waiting.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && waiting.Reader.TryRead(out var answer))
            {
                batch.Add(answer);
            }
            foreach (var campaign in batch.GroupBy(a => a.MarathonId))
            {
                await Save(campaign.Key, [.. campaign]);
            }
            batch.Clear();
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        waiting.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// One campaign's answers, in the order they arrived, in one transaction: the campaign's row lock, then the
    /// invitations read under it (an answer committed meanwhile is seen), each answer decided against its invitation as
    /// the earlier answers of the batch left it, the events appended and the invitations marked answered.
    /// </summary>
    private async Task Save(Guid marathonId, IReadOnlyList<PendingAnswer> answers)
    {
        var decided = new List<(PendingAnswer Answer, SurveyAnswered Event)>(answers.Count);
        try
        {
            await using var session = store.LightweightSession();
            var campaign = await session.OpenForWriting<SurveyCampaign>(marathonId, CancellationToken.None, exclusive: true);
            var invitations = (await session.LoadManyAsync<SurveyInvitation>(CancellationToken.None, answers.Select(a => a.Token).Distinct()))
                .ToDictionary(i => i.Id, StringComparer.Ordinal);
            foreach (var answer in answers)
            {
                try
                {
                    var invitation = invitations.GetValueOrDefault(answer.Token) ?? throw new NotFound(SurveyAnswering.NoSuchSurvey);
                    var answered = SurveyAnswering.Decide(campaign.Require(), invitation, answer.Request, answer.At);
                    invitation.AnsweredAt = answer.At;
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

    private sealed record PendingAnswer(Guid MarathonId, string Token, SurveyResponseRequest Request, DateTimeOffset At)
    {
        public TaskCompletionSource<SurveyAnswered> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
