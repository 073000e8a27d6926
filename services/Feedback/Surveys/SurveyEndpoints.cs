using Microsoft.AspNetCore.Mvc;

namespace ProBono.Feedback.Surveys;

internal sealed record QuestionView(string Id, string Kind, string Text, int? Min, int? Max);

internal sealed record SurveyView(string Token, string Group, string Language, IReadOnlyList<QuestionView> Questions, bool Answered);

internal sealed record SurveyResponseReceived(string Token, string Group, DateTimeOffset At);

internal static class SurveyEndpoints
{
    /// <summary>Anonymous: the token is the only key (an unguessable one), as the people surveyed have no account.</summary>
    public static RouteGroupBuilder MapSurveys(this RouteGroupBuilder api)
    {
        api.MapGet("/surveys/{token}", async (string token, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                var invitation = await SurveyAnswering.Find(session, token, ct);
                var language = SurveyLanguage.Of(http.Request, invitation.Language);
                var questions = SurveyQuestions.For(invitation.Group)
                    .Select(q => new QuestionView(q.Id, q.Kind, q.Text(language), q.Min, q.Max))
                    .ToList();
                return TypedResults.Ok(new SurveyView(invitation.Id, invitation.Group, language, questions, invitation.AnsweredAt is not null));
            })
            .AllowAnonymous()
            .WithName("GetSurvey")
            .WithQuery("lang", "The language of the questions (else Accept-Language, else French).", "fr", "en")
            .ProducesProblems(400, 404)
            .WithSummary("The questions of a survey, by its token (no bearer needed).");

        api.MapPost("/surveys/{token}/responses", async (
                string token, [FromBody] SurveyResponseRequest? request, IQuerySession session, SurveyAnswerRecorder recorder, TimeProvider clock,
                CancellationToken ct) =>
            {
                var answered = await SurveyAnswering.Submit(session, recorder, token, request, clock.GetUtcNow(), ct);
                return TypedResults.Created($"/api/surveys/{token}", new SurveyResponseReceived(answered.Token, answered.Group, answered.At));
            })
            .AllowAnonymous()
            .WithName("AnswerSurvey")
            .ProducesProblems(400, 404, 409)
            .WithSummary("Answer a survey, once per token (no bearer needed).");
        return api;
    }
}
