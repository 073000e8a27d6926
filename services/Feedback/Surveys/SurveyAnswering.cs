using System.Text.Json;
using FluentValidation;
using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Surveys;

/// <summary>
/// Body of <c>POST /api/surveys/{token}/responses</c> (and what the survey page builds from its form):
/// NPS 0–10 and satisfaction 1–5 (both required), the other questions by id, an optional comment.
/// </summary>
internal sealed record SurveyResponseRequest(int? Nps, int? Satisfaction, IReadOnlyDictionary<string, JsonElement>? Answers, string? Comment);

/// <summary>Checks a response against the questions of the invitation's group: ranges, known ids, and each answer's kind.</summary>
internal sealed class SurveyResponseValidator : AbstractValidator<SurveyResponseRequest>
{
    public const int MaxCommentLength = 2000;

    public SurveyResponseValidator(string group)
    {
        var questions = SurveyQuestions.InAnswers(group).ToDictionary(q => q.Id, StringComparer.Ordinal);
        var known = string.Join(", ", questions.Keys);
        RuleFor(r => r.Nps).Required().Between(0, 10);
        if (SurveyQuestions.AsksSatisfaction(group))
        {
            RuleFor(r => r.Satisfaction).Required().Between(1, 5);
        }
        else
        {
            RuleFor(r => r.Satisfaction).Null().WithMessage("'satisfaction' is not a question of this survey.");
        }
        // a blank comment is no comment (a form sends its empty field)
        RuleFor(r => r.Comment).MultiLineText(MaxCommentLength).When(r => !string.IsNullOrWhiteSpace(r.Comment));
        RuleFor(r => r.Answers).Custom((answers, context) =>
        {
            foreach (var missing in questions.Values.Where(q => q.Mandatory && !Given(answers, q.Id)))
            {
                context.AddFailure($"answers.{missing.Id}", missing.Options is { } options
                    ? $"'answers.{missing.Id}' is required: one of {string.Join(", ", options.Select(o => o.Value))}."
                    : $"'answers.{missing.Id}' is required.");
            }
            foreach (var (id, value) in answers ?? new Dictionary<string, JsonElement>())
            {
                var field = $"answers.{id}";
                if (id is SurveyQuestions.NpsId or SurveyQuestions.SatisfactionId)
                {
                    context.AddFailure(field, $"'{id}' is answered by the field '{id}', not in 'answers'.");
                }
                else if (!questions.TryGetValue(id, out var question))
                {
                    context.AddFailure(field, $"'{id}' is not a question of this survey; its questions are: {known}.");
                }
                else if (Problem(question, value) is { } problem)
                {
                    context.AddFailure(field, $"'{field}' {problem}");
                }
            }
        });
    }

    /// <summary>What is wrong with <paramref name="value"/> as an answer to <paramref name="question"/>, or null.</summary>
    /// <summary>A question is answered when its answer is there and, for a text or a choice, not blank.</summary>
    private static bool Given(IReadOnlyDictionary<string, JsonElement>? answers, string id) =>
        answers is not null && answers.TryGetValue(id, out var value) && value.ValueKind != JsonValueKind.Null
        && (value.ValueKind != JsonValueKind.String || !string.IsNullOrWhiteSpace(value.GetString()));

    private static string? Problem(SurveyQuestion question, JsonElement value) => question.Kind switch
    {
        QuestionKinds.Choice => value.ValueKind == JsonValueKind.String && question.Options!.Any(o => o.Value == value.GetString())
            ? null
            : $"must be one of: {string.Join(", ", question.Options!.Select(o => o.Value))}.",
        QuestionKinds.Text => value.ValueKind != JsonValueKind.String ? "must be a text."
            : value.GetString()!.Length > SurveyQuestion.MaxTextLength ? $"must be at most {SurveyQuestion.MaxTextLength} characters."
            : value.GetString()!.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')) ? "must not contain control characters other than tabs and line breaks."
            : null,
        _ => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= question.Min && n <= question.Max
            ? null
            : $"must be a whole number between {question.Min} and {question.Max}.",
    };
}

/// <summary>
/// Answering a survey, for the API and the survey page alike: an unknown token 404 (revealing nothing), a used one 409,
/// invalid 400; then <see cref="SurveyAnswerRecorder"/> re-reads the invitation under the campaign's row lock, so the
/// second of two answers sent at once to one token gets 409.
/// </summary>
internal static class SurveyAnswering
{
    public const string NoSuchSurvey = "There is no survey here.";

    /// <summary>The invitation behind <paramref name="token"/>; 404 for anything else, with nothing about why.</summary>
    public static async Task<SurveyInvitation> Find(IQuerySession session, string? token, CancellationToken ct) =>
        SurveyTokens.IsWellFormed(token) && await session.LoadAsync<SurveyInvitation>(token!, ct) is { } invitation
            ? invitation
            : throw new NotFound(NoSuchSurvey);

    public static async Task<ISurveyAnswer> Submit(
        IQuerySession session, SurveyAnswerRecorder recorder, string? token, SurveyResponseRequest? request, DateTimeOffset now, CancellationToken ct) =>
        await Submit(await Find(session, token, ct), recorder, request, now, ct);

    /// <summary>
    /// As above, for an invitation the caller has just found (the survey page reads it first for its language). A closed
    /// survey is 410 before anything else is looked at; the recorder checks it again under the campaign's lock.
    /// </summary>
    public static async Task<ISurveyAnswer> Submit(
        SurveyInvitation invitation, SurveyAnswerRecorder recorder, SurveyResponseRequest? request, DateTimeOffset now, CancellationToken ct)
    {
        if (invitation.AnsweredAt is not null)
        {
            throw new StateConflict(AlreadyAnswered);
        }
        if (invitation.ClosesAt is { } closes && now >= closes)
        {
            throw new SurveyClosed(SurveyClosing.Closed);
        }
        Validate(invitation.Group, request);
        return await recorder.Record(invitation, request!, now, ct);
    }

    private const string AlreadyAnswered = "This survey has already been answered: one response per invitation.";

    /// <summary>400 with every field's problems, or nothing.</summary>
    public static void Validate(string group, SurveyResponseRequest? request)
    {
        if (request is null)
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        }
        var result = new SurveyResponseValidator(group).Validate(request);
        if (!result.IsValid)
        {
            throw result.ToValidationFailed();
        }
    }

    /// <summary>
    /// Pure: the answer to the campaign's <paramref name="invitation"/>, refused when it was answered (409) or once the
    /// survey closed (410). The request is valid for the invitation's group.
    /// </summary>
    public static ISurveyAnswer Decide(SurveyCampaign campaign, SurveyInvitation invitation, SurveyResponseRequest request, DateTimeOffset now)
    {
        if (invitation.MarathonId != campaign.Id)
        {
            throw new NotFound(NoSuchSurvey);
        }
        if (invitation.AnsweredAt is not null)
        {
            throw new StateConflict(AlreadyAnswered);
        }
        if (SurveyClosing.IsClosed(invitation, campaign, now))
        {
            throw new SurveyClosed(SurveyClosing.Closed);
        }
        var questions = SurveyQuestions.InAnswers(invitation.Group).ToDictionary(q => q.Id, StringComparer.Ordinal);
        var answers = (request.Answers ?? new Dictionary<string, JsonElement>())
            .Where(a => a.Value.ValueKind != JsonValueKind.String || !string.IsNullOrWhiteSpace(a.Value.GetString())) // a blank text is no answer
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => questions[a.Key].Kind is QuestionKinds.Text or QuestionKinds.Choice
                ? new QuestionAnswer(a.Key, null, a.Value.GetString()!.Trim())
                : new QuestionAnswer(a.Key, a.Value.GetInt32(), null))
            .ToList();
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (invitation.Group == SurveyGroups.AssociationFollowUp)
        {
            return new FollowUpAnswered(campaign.Id, invitation.Id, invitation.Group, invitation.RespondentId, request.Nps!.Value,
                answers.Single(a => a.QuestionId == SurveyQuestions.InUseId).Text!,
                answers.FirstOrDefault(a => a.QuestionId == SurveyQuestions.ChangedId)?.Text, comment, now);
        }
        return new SurveyAnswered(campaign.Id, invitation.Id, invitation.Group, invitation.RespondentId, invitation.PartnerId,
            request.Nps!.Value, request.Satisfaction!.Value, answers, comment, now);
    }
}
