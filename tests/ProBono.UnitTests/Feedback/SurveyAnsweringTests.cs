using System.Text.Json;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Reports;
using ProBono.Feedback.Surveys;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.Feedback;

/// <summary>What an answer must be (per field), that a token is answered once, and the CSV's formula neutralisation.</summary>
public sealed class SurveyAnsweringTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly DateTimeOffset Now = new(2016, 11, 19, 18, 0, 0, TimeSpan.Zero);

    static SurveyAnsweringTests() => RequestValidation.UseApiConventions();

    private static SurveyResponseRequest Request(int? nps, int? satisfaction, string answersJson = "{}", string? comment = null) =>
        new(nps, satisfaction, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(answersJson), comment);

    private static IDictionary<string, string[]> Errors(string group, SurveyResponseRequest request) =>
        Assert.Throws<ValidationFailed>(() => SurveyAnswering.Validate(group, request)).Errors;

    [Fact]
    public void A_complete_answer_within_the_ranges_passes()
    {
        SurveyAnswering.Validate(SurveyGroups.Volunteer, Request(0, 1, """{"time-reasonable": 5, "impact-visible": 1, "improvement": "Plus de café"}""", "Merci"));
        SurveyAnswering.Validate(SurveyGroups.Partner, Request(10, 5, """{"cohesion": 3}"""));
        SurveyAnswering.Validate(SurveyGroups.Association, Request(5, 3, """{"improvement": ""}""", comment: "  ")); // an empty form field
    }

    [Fact]
    public void NPS_and_satisfaction_are_required()
    {
        var errors = Errors(SurveyGroups.Volunteer, Request(null, null));
        Assert.Equal(["nps", "satisfaction"], errors.Keys.Order());
    }

    [Theory]
    [InlineData(-1, 3, "nps")]
    [InlineData(11, 3, "nps")]
    [InlineData(5, 0, "satisfaction")]
    [InlineData(5, 6, "satisfaction")]
    public void Out_of_range_scores_are_refused(int nps, int satisfaction, string field) =>
        Assert.Equal([field], Errors(SurveyGroups.Volunteer, Request(nps, satisfaction)).Keys);

    [Theory]
    [InlineData("""{"cohesion": 3}""", "answers.cohesion")] // a partner's question, not a volunteer's
    [InlineData("""{"time-reasonable": 0}""", "answers.time-reasonable")]
    [InlineData("""{"time-reasonable": 4.5}""", "answers.time-reasonable")]
    [InlineData("""{"time-reasonable": "4"}""", "answers.time-reasonable")]
    [InlineData("""{"improvement": 4}""", "answers.improvement")]
    [InlineData("""{"nps": 9}""", "answers.nps")] // answered by the field nps
    public void Unknown_questions_and_answers_of_the_wrong_kind_are_refused_by_question(string answers, string field) =>
        Assert.Equal([field], Errors(SurveyGroups.Volunteer, Request(9, 4, answers)).Keys);

    [Fact]
    public void A_second_answer_to_a_token_is_a_conflict_and_another_token_is_still_open()
    {
        var spec = Specification.For<SurveyCampaign>(SurveyCampaign.Evolution, e => SurveyCampaign.Create((SurveyCampaignOpened)e));
        var history = new object[]
        {
            new SurveyCampaignOpened(MarathonId, Now),
            new InvitationIssued(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", null, "fr", SendingStates.NotApplicable, Now),
            new InvitationIssued(MarathonId, "t2", SurveyGroups.Volunteer, "b2", "ey", null, "fr", SendingStates.NotApplicable, Now),
            new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", 10, 5, [], null, Now),
        };
        // the invitation documents as the answer reads them under the campaign's lock: t1 answered, t2 open
        var t1 = new SurveyInvitation { Id = "t1", MarathonId = MarathonId, Group = SurveyGroups.Volunteer, RespondentId = "a1", PartnerId = "edf", AnsweredAt = Now };
        var t2 = new SurveyInvitation { Id = "t2", MarathonId = MarathonId, Group = SurveyGroups.Volunteer, RespondentId = "b2", PartnerId = "ey" };
        spec.Given(history).When(c => SurveyAnswering.Decide(c, t1, Request(8, 4), Now)).ThenThrows<StateConflict>();
        spec.Given(history).When(c => SurveyAnswering.Decide(c, t2, Request(8, 4, """{"impact-visible": 2, "improvement": "  Rien  "}"""), Now))
            .Then(new SurveyAnswered(MarathonId, "t2", SurveyGroups.Volunteer, "b2", "ey", 8, 4,
                [new QuestionAnswer("impact-visible", 2, null), new QuestionAnswer("improvement", null, "Rien")], null, Now));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+33", "'+33")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("edf", "edf")]
    [InlineData("", "")]
    public void Text_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(string text, string written) =>
        Assert.Equal(written, ReportCsv.Neutralised(text));
}
