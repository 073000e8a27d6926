using System.Text.Json;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.FollowUp;
using ProBono.Feedback.Reports;
using ProBono.Feedback.Surveys;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.Feedback;

/// <summary>
/// The associations' follow-up: it opens once for a completed marathon, invites each association with a delivered need
/// once, asks in use (yes, partly, no), what changed and NPS, refuses answers after it closed, and the report counts it.
/// </summary>
public sealed class FollowUpTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly DateTimeOffset Completed = new(2030, 11, 16, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Completed.AddMonths(6);
    private static readonly Guid Reachable = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Unreachable = new("00000000-0000-0000-0000-00000000000b");

    private static readonly Specification<SurveyCampaign> Spec =
        Specification.For<SurveyCampaign>(SurveyCampaign.Evolution, e => SurveyCampaign.Create((SurveyCampaignOpened)e));

    static FollowUpTests() => RequestValidation.UseApiConventions();

    private static readonly IReadOnlyList<DeliveredAssociation> Delivered =
        [new(Unreachable, null), new(Reachable, "contact@asso.example"), new(Reachable, "contact@asso.example")];

    private static Func<string> Tokens()
    {
        var n = 0;
        return () => $"token-{++n}";
    }

    private static readonly SurveyCampaignOpened Opened = new(MarathonId, Completed, Completed.AddDays(14));

    private static InvitationIssued FollowUpInvitation(string token, Guid association, string? email, string state) =>
        new(MarathonId, token, SurveyGroups.AssociationFollowUp, association.ToString(), null, email, "fr", state, Now, Now.AddDays(10));

    [Fact]
    public void Before_the_marathon_completed_there_is_nothing_to_follow_up() =>
        Spec.Given().When(c => OpenFollowUp.Decide(c, MarathonId, Delivered, new HashSet<string>(), Tokens(), Now, 10))
            .ThenThrows<StateConflict>();

    [Fact]
    public void A_completed_marathon_opens_its_follow_up_with_one_invitation_per_association_with_a_delivered_need() =>
        Spec.Given(Opened).When(c => OpenFollowUp.Decide(c, MarathonId, Delivered, new HashSet<string>(), Tokens(), Now, 10))
            .Then(
                new FollowUpOpened(MarathonId, Now, Now.AddDays(10)),
                FollowUpInvitation("token-1", Reachable, "contact@asso.example", SendingStates.Pending),
                FollowUpInvitation("token-2", Unreachable, null, SendingStates.NotApplicable));

    [Fact]
    public void Opening_it_again_opens_nothing_new() =>
        Spec.Given(Opened, new FollowUpOpened(MarathonId, Now, Now.AddDays(10)),
                FollowUpInvitation("t1", Reachable, "contact@asso.example", SendingStates.Pending),
                FollowUpInvitation("t2", Unreachable, null, SendingStates.NotApplicable))
            .When(c => OpenFollowUp.Decide(c, MarathonId, Delivered, new HashSet<string> { Reachable.ToString(), Unreachable.ToString() }, Tokens(),
                Now.AddDays(1), 10))
            .ThenNothing();

    [Fact]
    public void The_follow_up_is_asked_apart_from_the_first_surveys_and_counted_apart()
    {
        var campaign = Spec.Fold([
            Opened, new FollowUpOpened(MarathonId, Now, Now.AddDays(10)),
            FollowUpInvitation("t1", Reachable, "contact@asso.example", SendingStates.Pending),
            FollowUpInvitation("t2", Unreachable, null, SendingStates.NotApplicable),
            new FollowUpAnswered(MarathonId, "t1", SurveyGroups.AssociationFollowUp, Reachable.ToString(), 10, "partly", "Deux bénévoles de plus", null, Now),
        ])!;

        Assert.Empty(campaign.ByGroup);
        Assert.Equal(2, campaign.InvitedCount());
        Assert.Equal(Now.AddDays(10), campaign.ClosingOf(SurveyGroups.AssociationFollowUp));
        Assert.Equal(Completed.AddDays(14), campaign.ClosingOf(SurveyGroups.Association));
        Assert.Equal(new FollowUpFigures(2, 1, 0, 1, 0, 100.0m), FollowUpFigures.Of(campaign.FollowUp));
    }

    private static SurveyResponseRequest Request(int? nps, int? satisfaction, string answersJson = "{}") =>
        new(nps, satisfaction, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(answersJson), null);

    [Fact]
    public void A_follow_up_answer_says_whether_the_deliverable_is_in_use_and_its_NPS_without_satisfaction()
    {
        SurveyAnswering.Validate(SurveyGroups.AssociationFollowUp, Request(9, null, """{"in-use": "yes", "changed": "Un site à jour"}"""));
        SurveyAnswering.Validate(SurveyGroups.AssociationFollowUp, Request(0, null, """{"in-use": "no", "changed": ""}"""));

        Assert.Equal(["answers.in-use", "nps"], Errors(Request(null, null)).Keys.Order());
        Assert.Equal(["satisfaction"], Errors(Request(9, 4, """{"in-use": "yes"}""")).Keys);
        Assert.Equal(["answers.in-use"], Errors(Request(9, null, """{"in-use": "maybe"}""")).Keys);
        Assert.Equal(["answers.in-use"], Errors(Request(9, null, """{"in-use": 1}""")).Keys);
        Assert.Equal(["answers.outside-view-useful"], Errors(Request(9, null, """{"in-use": "yes", "outside-view-useful": 4}""")).Keys);
    }

    private static IDictionary<string, string[]> Errors(SurveyResponseRequest request) =>
        Assert.Throws<ValidationFailed>(() => SurveyAnswering.Validate(SurveyGroups.AssociationFollowUp, request)).Errors;

    [Fact]
    public void The_answer_is_recorded_until_the_follow_up_closes_and_refused_after()
    {
        var history = new object[]
        {
            Opened, new FollowUpOpened(MarathonId, Now, Now.AddDays(10)), FollowUpInvitation("t1", Reachable, "contact@asso.example", SendingStates.Pending),
        };
        var invitation = new SurveyInvitation
        {
            Id = "t1", MarathonId = MarathonId, Group = SurveyGroups.AssociationFollowUp, RespondentId = Reachable.ToString(), ClosesAt = Now.AddDays(10),
        };
        var answer = Request(9, null, """{"in-use": "partly", "changed": "  Deux bénévoles de plus  "}""");

        Spec.Given(history).When(c => SurveyAnswering.Decide(c, invitation, answer, Now.AddDays(9)))
            .Then(new FollowUpAnswered(MarathonId, "t1", SurveyGroups.AssociationFollowUp, Reachable.ToString(), 9, "partly", "Deux bénévoles de plus", null,
                Now.AddDays(9)));
        Spec.Given(history).When(c => SurveyAnswering.Decide(c, invitation, answer, Now.AddDays(10))).ThenThrows<SurveyClosed>();
    }

    [Fact]
    public void A_first_survey_is_refused_once_its_campaign_closed_also_when_the_invitation_predates_closings()
    {
        var invitation = new SurveyInvitation { Id = "t1", MarathonId = MarathonId, Group = SurveyGroups.Volunteer, RespondentId = "a1", PartnerId = "edf" };
        var history = new object[]
        {
            new SurveyCampaignOpened(MarathonId, Completed),
            new InvitationIssued(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", null, "fr", SendingStates.NotApplicable, Completed),
        };
        Spec.Given(history).When(c => SurveyAnswering.Decide(c, invitation, Request(9, 4), Completed.AddDays(14))).ThenThrows<SurveyClosed>();
        Spec.Given(history).When(c => SurveyAnswering.Decide(c, invitation, Request(9, 4), Completed.AddDays(13)))
            .Then(new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", 9, 4, [], null, Completed.AddDays(13)));
    }
}
