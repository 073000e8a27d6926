using Microsoft.AspNetCore.Mvc;

namespace ProBono.Feedback.Surveys;

/// <summary>A choice question's option: the value to send and its words.</summary>
internal sealed record OptionView(string Value, string Text);

internal sealed record QuestionView(string Id, string Kind, string Text, int? Min, int? Max, bool Required, IReadOnlyList<OptionView>? Options);

internal sealed record SurveyView(
    string Token, string Group, string Language, IReadOnlyList<QuestionView> Questions, bool Answered, DateTimeOffset? ClosesAt);

internal sealed record SurveyResponseReceived(string Token, string Group, DateTimeOffset At);

internal static class SurveyEndpoints
{
    /// <summary>Anonymous: the token is the only key (an unguessable one), as the people surveyed have no account.</summary>
    public static RouteGroupBuilder MapSurveys(this RouteGroupBuilder api)
    {
        api.MapGet("/surveys/{token}", async (string token, IQuerySession session, HttpContext http, TimeProvider clock, CancellationToken ct) =>
            {
                var invitation = await SurveyAnswering.Find(session, token, ct);
                var language = SurveyLanguage.Of(http.Request, invitation.Language);
                var closesAt = await SurveyClosing.Load(session, invitation, ct);
                // a closed survey is gone for whoever did not answer it (an answered one still says so: 200, answered)
                if (invitation.AnsweredAt is null && closesAt is { } closes && clock.GetUtcNow() >= closes)
                {
                    throw new SurveyClosed(SurveyClosing.Closed);
                }
                var questions = SurveyQuestions.For(invitation.Group)
                    .Select(q => new QuestionView(q.Id, q.Kind, q.Text(language), q.Min, q.Max, q.Required,
                        q.Options?.Select(o => new OptionView(o.Value, o.Text(language))).ToList()))
                    .ToList();
                return TypedResults.Ok(new SurveyView(invitation.Id, invitation.Group, language, questions, invitation.AnsweredAt is not null, closesAt));
            })
            .AllowAnonymous()
            .WithName("GetSurvey")
            .WithQuery("lang", "The language of the questions (else Accept-Language, else French).", "fr", "en")
            .ProducesProblems(400, 404, 410)
            .WithSummary("The questions of a survey, by its token (no bearer needed); 410 once it closed.");

        api.MapPost("/surveys/{token}/responses", async (
                string token, [FromBody] SurveyResponseRequest? request, IQuerySession session, SurveyAnswerRecorder recorder, TimeProvider clock,
                CancellationToken ct) =>
            {
                var answered = await SurveyAnswering.Submit(session, recorder, token, request, clock.GetUtcNow(), ct);
                return TypedResults.Created($"/api/surveys/{token}", new SurveyResponseReceived(answered.Token, answered.Group, answered.At));
            })
            .AllowAnonymous()
            .WithName("AnswerSurvey")
            .ProducesProblems(400, 404, 409, 410)
            .WithSummary("Answer a survey, once per token (no bearer needed); 410 once it closed.")
            .WithDescription("The body's fields follow the survey's questions: nps always; satisfaction when the survey asks it (not the "
                + "associations' follow-up); the other questions in answers by id (the follow-up's 'in-use' is required: yes, partly or no).");
        return api;
    }
}
