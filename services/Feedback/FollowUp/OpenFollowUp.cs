using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;

namespace ProBono.Feedback.FollowUp;

/// <summary>An association whose need was delivered, to ask some months on whether the deliverable is in use.</summary>
internal sealed record DeliveredAssociation(Guid AssociationId, string? Email);

/// <summary>What <c>POST /admin/feedback/marathons/{mid}/follow-up</c> answers: when the follow-up opened and closes, and who it asks.</summary>
internal sealed record FollowUpView(Guid MarathonId, DateTimeOffset OpenedAt, DateTimeOffset ClosesAt, int Invited, int InvitedNow);

/// <summary>
/// The associations' follow-up survey: <c>Feedback:FollowUpMonths</c> after the completion (the clock opens it), or now
/// (staff), each association with a delivered need gets a second invitation (<c>association-follow-up</c>), mailed to its
/// contact like its first survey. Opening again invites only an association not invited yet (none, usually).
/// </summary>
internal static class OpenFollowUp
{
    /// <summary>
    /// Pure: opens the follow-up of a completed marathon's campaign if it is not open, and invites each delivered
    /// association not yet <paramref name="invited"/>; 409 before the marathon completed (no campaign yet).
    /// </summary>
    public static IReadOnlyList<object> Decide(
        SurveyCampaign? campaign, Guid marathonId, IReadOnlyList<DeliveredAssociation> delivered, IReadOnlySet<string> invited,
        Func<string> newToken, DateTimeOffset now, int surveyDays)
    {
        if (campaign is null)
        {
            throw new StateConflict($"Marathon {marathonId} has not completed: its follow-up opens after its surveys.");
        }
        var events = new List<object>();
        var closesAt = campaign.FollowUpClosesAt ?? now.AddDays(surveyDays);
        if (campaign.FollowUpOpenedAt is null)
        {
            events.Add(new FollowUpOpened(marathonId, now, closesAt));
        }
        foreach (var association in delivered.DistinctBy(a => a.AssociationId).OrderBy(a => a.AssociationId))
        {
            var respondent = new Respondent(SurveyGroups.AssociationFollowUp, association.AssociationId.ToString(), null, association.Email);
            if (invited.Contains(respondent.RespondentId))
            {
                continue;
            }
            events.Add(new InvitationIssued(marathonId, newToken(), respondent.Group, respondent.RespondentId, null, respondent.Email,
                SurveyTokens.DefaultLanguage, CampaignOpening.SendingStateOf(respondent), now, closesAt));
        }
        return events;
    }

    /// <summary>
    /// Stages the follow-up's opening under the campaign's row lock (the clock of two replicas and staff may open it at
    /// once: the second sees the first's invitations); does not save. 404 for a marathon Feedback has not heard of.
    /// </summary>
    public static async Task<(StreamWrite<SurveyCampaign> Write, SurveyCampaign State, int InvitedNow)> Stage(
        IDocumentSession session, Guid marathonId, DateTimeOffset now, CancellationToken ct)
    {
        var write = await session.OpenForWriting<SurveyCampaign>(marathonId, ct, exclusive: true);
        var batch = session.CreateBatchQuery();
        var marathon = batch.Load<MarathonForImpact>(marathonId);
        var invitations = batch.Query<SurveyInvitation>().Where(i => i.MarathonId == marathonId && i.Group == SurveyGroups.AssociationFollowUp)
            .Select(i => new InvitedRespondent(i.Group, i.RespondentId)).ToList();
        var teams = batch.Query<TeamForImpact>().Where(t => t.MarathonId == marathonId && t.Delivered).ToList();
        var needs = batch.Query<NeedForImpact>().Where(n => n.MarathonId == marathonId).ToList();
        await batch.Execute(ct);
        var copy = await marathon;
        if (copy is null && write.State is null)
        {
            throw new NotFound($"Feedback has not heard of marathon {marathonId}.");
        }
        var deliveredNeeds = (await teams).Select(t => t.NeedId).ToHashSet();
        var delivered = (await needs).Where(n => deliveredNeeds.Contains(n.Id))
            .GroupBy(n => n.AssociationId)
            .Select(g => new DeliveredAssociation(g.Key, g.Select(n => n.ContactEmail).FirstOrDefault(e => e is not null)))
            .ToList();
        var events = Decide(write.State, marathonId, delivered, (await invitations).Select(i => i.RespondentId).ToHashSet(), SurveyTokens.New, now,
            copy?.SurveyDays ?? Contracts.MarathonDefaults.SurveyDays);
        write.Append(events);
        CampaignOpening.Insert(session, write.State!.InvitedCount(), events);
        return (write, events.Aggregate(write.State!, SurveyCampaign.Evolution), events.OfType<InvitationIssued>().Count());
    }

    /// <summary>How long after its day a follow-up is still opened by the clock: older ones (a service down for weeks, or
    /// marathons completed before follow-ups existed) are left to staff rather than mailed out of the blue.</summary>
    public static readonly TimeSpan LateByAtMost = TimeSpan.FromDays(30);

    /// <summary>
    /// The follow-ups due at <paramref name="now"/>: campaigns opened <paramref name="months"/> months ago (up to
    /// <see cref="LateByAtMost"/> more) whose follow-up has not opened, each opened in a transaction of its own. Returns how many opened.
    /// </summary>
    public static async Task<int> OpenDue(IDocumentStore store, int months, DateTimeOffset now, CancellationToken ct)
    {
        var openedBefore = now.AddMonths(-months);
        var tooOld = openedBefore - LateByAtMost;
        IReadOnlyList<Guid> due;
        await using (var query = store.QuerySession())
        {
            // the database keeps microseconds, .NET ticks: the query leaves a second's margin, the exact test is made here
            var (to, from) = (openedBefore.AddSeconds(1), tooOld.AddSeconds(-1));
            due = [.. (await query.Query<SurveyCampaign>()
                    .Where(c => c.OpenedAt <= to && c.OpenedAt > from && c.FollowUpOpenedAt == null)
                    .ToListAsync(ct))
                .Where(c => c.OpenedAt <= openedBefore && c.OpenedAt > tooOld)
                .Select(c => c.Id)];
        }
        foreach (var marathonId in due)
        {
            await using var session = store.LightweightSession();
            await Stage(session, marathonId, now, ct);
            await session.SaveChangesAsync(ct);
        }
        return due.Count;
    }

    public static RouteGroupBuilder MapOpenFollowUp(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/follow-up", async (
                Guid marathonId, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
            {
                var (write, campaign, invitedNow) = await Stage(session, marathonId, clock.GetUtcNow(), ct);
                await session.SaveAndSetETag(response, write, ct);
                return TypedResults.Ok(new FollowUpView(
                    marathonId, campaign.FollowUpOpenedAt!.Value, campaign.FollowUpClosesAt!.Value, campaign.FollowUp.Invited, invitedNow));
            })
            .WithName("OpenFollowUpSurvey")
            .ProducesProblems(404, 409).ReturnsETag()
            .WithSummary("Open the associations' follow-up survey of a completed marathon now (staff); again, it opens nothing new.")
            .WithDescription("Each association with a delivered need gets an invitation of the group association-follow-up, mailed to its "
                + "contact: is the deliverable in use (yes, partly, no), what changed, and NPS. Without this call the follow-up opens "
                + "Feedback:FollowUpMonths (default 6) after the completion. 409 before the marathon completed.");
        return admin;
    }
}
