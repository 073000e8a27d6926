using ProBono.Feedback.Copies;
using ProBono.Feedback.Surveys;

namespace ProBono.Feedback.Campaigns;

/// <summary>
/// One invitation as staff see it: its mail's <see cref="SendingState"/>, and where it stands (<see cref="Status"/>:
/// pending, sent, answered or closed), its reminders and its closing.
/// </summary>
internal sealed record InvitationView(
    string Token, string Group, string RespondentId, string? Email, string SendingState, bool Answered, string Status, int RemindersSent,
    DateTimeOffset? ClosesAt);

internal static class ListInvitationsSlice
{
    public static RouteGroupBuilder MapListInvitations(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/invitations", async (
                Guid marathonId, HttpRequest http, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var batch = session.CreateBatchQuery();
                var marathon = batch.Load<MarathonForImpact>(marathonId);
                var campaign = batch.Load<SurveyCampaign>(marathonId);
                await batch.Execute(ct);
                if (await marathon is null && await campaign is null)
                {
                    throw new NotFound($"Feedback has not heard of marathon {marathonId}.");
                }
                // the invitation documents by the marathon index, in the order issued (before the marathon completes: none)
                var page = await session.Query<SurveyInvitation>().Where(i => i.MarathonId == marathonId).OrderBy(i => i.Number).ToPageAsync(paging, ct);
                var now = clock.GetUtcNow();
                var opened = await campaign;
                return TypedResults.Ok(new Page<InvitationView>(
                    [
                        .. page.Select(i => (Invitation: i, ClosesAt: SurveyClosing.Of(i, opened))).Select(x => new InvitationView(
                            x.Invitation.Id, x.Invitation.Group, x.Invitation.RespondentId, x.Invitation.Email, x.Invitation.SendingState,
                            x.Invitation.AnsweredAt is not null, SurveyClosing.StatusOf(x.Invitation, x.ClosesAt, now), x.Invitation.RemindersSent,
                            x.ClosesAt)),
                    ],
                    page.TotalItemCount));
            })
            .WithName("ListSurveyInvitations")
            .WithPaging()
            .ProducesProblems(400, 404)
            .WithSummary("The marathon's survey invitations, in the order issued, with each one's sending state and status (staff).")
            .WithDescription("status: answered once answered; else closed after closesAt; else sent once its mail left; else pending "
                + "(being mailed, or not mailed: sendingState says why). remindersSent counts the reminders sent to it (at most two).");
        return admin;
    }
}
