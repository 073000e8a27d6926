using Marten;
using ProBono.Feedback.Marathons;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

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
                await batch.Execute(ct);
                if (await marathon is null && await campaign is null)
                {
                    throw new NotFound($"Feedback has not heard of marathon {marathonId}.");
                }
                // before the marathon completes there is no campaign: an empty list
                var items = (await campaign)?.Invitations
                    .Select(i => new InvitationView(i.Token, i.Group, i.RespondentId, i.Email, i.SendingState, i.Answered))
                    .ToList() ?? [];
                return TypedResults.Ok(new InvitationList(items, items.Count));
            })
            .WithName("ListSurveyInvitations")
            .ProducesProblems(404)
            .WithSummary("The marathon's survey invitations with each one's sending state (staff).");
        return admin;
    }
}
