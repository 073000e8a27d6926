using ProBono.Feedback.Copies;

namespace ProBono.Feedback.Campaigns;

internal sealed record InvitationView(string Token, string Group, string RespondentId, string? Email, string SendingState, bool Answered);

internal sealed record InvitationList(IReadOnlyList<InvitationView> Items, int Total);

internal static class ListInvitationsSlice
{
    public static RouteGroupBuilder MapListInvitations(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/invitations", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                var batch = session.CreateBatchQuery();
                var marathon = batch.Load<MarathonForImpact>(marathonId);
                var campaign = batch.Load<SurveyCampaign>(marathonId);
                // the invitation documents by the marathon index, in the order issued (before the marathon completes: none)
                var invitations = batch.Query<SurveyInvitation>().Where(i => i.MarathonId == marathonId).OrderBy(i => i.Number).ToList();
                await batch.Execute(ct);
                if (await marathon is null && await campaign is null)
                {
                    throw new NotFound($"Feedback has not heard of marathon {marathonId}.");
                }
                var items = (await invitations)
                    .Select(i => new InvitationView(i.Id, i.Group, i.RespondentId, i.Email, i.SendingState, i.AnsweredAt is not null))
                    .ToList();
                return TypedResults.Ok(new InvitationList(items, items.Count));
            })
            .WithName("ListSurveyInvitations")
            .ProducesProblems(404)
            .WithSummary("The marathon's survey invitations with each one's sending state (staff).");
        return admin;
    }
}
