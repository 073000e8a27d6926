using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContentHttpResult = Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult;
using ProBono.Feedback.Surveys;

namespace ProBono.Feedback.SurveyPage;

/// <summary>
/// The survey page opened from the invitation (<c>GET /surveys/{token}</c>): plain HTML without JavaScript, labelled
/// for a keyboard and a screen reader, so it works for anyone on a phone. Sending goes through
/// <see cref="SurveyAnswering"/> like the API: problems beside their questions (400), a used token a clear page (409),
/// an unknown one a page that reveals nothing (404).
/// </summary>
internal static class SurveyPageSlice
{
    public static IEndpointRouteBuilder MapSurveyPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/surveys/{token}", async (string token, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var invitation = await FindOrNull(session, token, ct);
                var language = Language(http.Request, invitation?.Language);
                return invitation is null ? Page(404, SurveyPageText.For(language).Unknown, language)
                    : invitation.AnsweredAt is not null ? Page(409, SurveyPageText.For(language).Used, language)
                    : Page(200, Form(invitation.Id, invitation.Group, language, values: null, errors: null), language);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost("/surveys/{token}", async (
                string token, IQuerySession session, SurveyAnswerRecorder recorder, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var invitation = await FindOrNull(session, token, ct);
                var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
                var language = Language(http.Request, form?["lang"].ToString() is { Length: > 0 } chosen && SurveyLanguage.Supported.Contains(chosen) ? chosen : invitation?.Language);
                var text = SurveyPageText.For(language);
                if (invitation is null)
                {
                    return Page(404, text.Unknown, language);
                }
                var values = form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? [];
                try
                {
                    await SurveyAnswering.Submit(invitation, recorder, Request(invitation.Group, values), clock.GetUtcNow(), ct);
                    return Page(200, text.Thanks, language);
                }
                catch (ValidationFailed failed)
                {
                    return Page(400, Form(invitation.Id, invitation.Group, language, values, failed.Errors), language);
                }
                catch (StateConflict)
                {
                    return Page(409, text.Used, language);
                }
                catch (NotFound)
                {
                    return Page(404, text.Unknown, language);
                }
            })
            .AllowAnonymous()
            .DisableAntiforgery() // the unguessable token in the address is the secret a forged form would need
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Campaigns.SurveyInvitation?> FindOrNull(IQuerySession session, string token, CancellationToken ct)
    {
        try
        {
            return await SurveyAnswering.Find(session, token, ct);
        }
        catch (NotFound)
        {
            return null;
        }
    }

    /// <summary>The language shown: as <see cref="SurveyLanguage.Of"/>, but an unknown <c>?lang=</c> falls back instead of a 400 (a person, not a program, reads it).</summary>
    private static string Language(HttpRequest request, string? invitationLanguage)
    {
        try
        {
            return SurveyLanguage.Of(request, invitationLanguage ?? "fr");
        }
        catch (ValidationFailed)
        {
            return invitationLanguage ?? "fr";
        }
    }

    /// <summary>The form's fields as the API's body: <c>nps</c>, <c>satisfaction</c>, <c>answers.{id}</c>, <c>comment</c>; an empty field is no answer.</summary>
    public static SurveyResponseRequest Request(string group, IReadOnlyDictionary<string, string> form)
    {
        var answers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var question in SurveyQuestions.InAnswers(group))
        {
            if (!form.TryGetValue($"answers.{question.Id}", out var raw) || string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }
            answers[question.Id] = question.Kind == QuestionKinds.Text
                ? JsonSerializer.SerializeToElement(raw)
                : int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? JsonSerializer.SerializeToElement(n) : JsonSerializer.SerializeToElement(raw);
        }
        return new SurveyResponseRequest(Number(form, "nps"), Number(form, "satisfaction"), answers, form.GetValueOrDefault("comment"));
    }

    private static int? Number(IReadOnlyDictionary<string, string> form, string field) =>
        form.TryGetValue(field, out var raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Form(string token, string group, string language, IReadOnlyDictionary<string, string>? values, IDictionary<string, string[]>? errors)
    {
        var text = SurveyPageText.For(language);
        var html = new StringBuilder();
        html.Append("<h1>").Append(E(text.Title)).Append("</h1>");
        html.Append("<p>").Append(E(text.Intro)).Append("</p>");
        if (errors is { Count: > 0 })
        {
            html.Append("<div class=\"errors\" role=\"alert\" id=\"errors\"><p>").Append(E(text.FixErrors)).Append("</p></div>");
        }
        html.Append("<form method=\"post\" action=\"/surveys/").Append(E(token)).Append("\">");
        html.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(E(language)).Append("\">");
        foreach (var question in SurveyQuestions.For(group))
        {
            var field = question.Id is SurveyQuestions.NpsId or SurveyQuestions.SatisfactionId ? question.Id : $"answers.{question.Id}";
            var error = errors?.TryGetValue(field, out var messages) == true ? string.Join(" ", messages) : null;
            var required = question.Id is SurveyQuestions.NpsId or SurveyQuestions.SatisfactionId;
            var value = values?.GetValueOrDefault(field);
            var describedBy = error is null ? "" : $" aria-describedby=\"{E(Id(field))}-error\" aria-invalid=\"true\"";
            if (question.Kind == QuestionKinds.Text)
            {
                html.Append("<div class=\"question\"><label for=\"").Append(E(Id(field))).Append("\">").Append(E(question.Text(language))).Append("</label>");
                Error(html, field, error);
                html.Append("<textarea id=\"").Append(E(Id(field))).Append("\" name=\"").Append(E(field)).Append("\" rows=\"4\" maxlength=\"")
                    .Append(SurveyQuestion.MaxTextLength).Append('"').Append(describedBy).Append('>').Append(E(value ?? "")).Append("</textarea></div>");
                continue;
            }
            html.Append("<fieldset class=\"question\"").Append(describedBy).Append("><legend>").Append(E(question.Text(language)));
            if (required)
            {
                html.Append(" <span class=\"required\">(").Append(E(text.Required)).Append(")</span>");
            }
            html.Append("</legend>");
            Error(html, field, error);
            html.Append("<div class=\"scale\">");
            for (var n = question.Min!.Value; n <= question.Max!.Value; n++)
            {
                var id = $"{Id(field)}-{n}";
                html.Append("<label for=\"").Append(E(id)).Append("\"><input type=\"radio\" id=\"").Append(E(id)).Append("\" name=\"").Append(E(field))
                    .Append("\" value=\"").Append(n).Append('"').Append(value == n.ToString(CultureInfo.InvariantCulture) ? " checked" : "")
                    .Append(required && n == question.Min ? " required" : "").Append("><span>").Append(n).Append("</span></label>");
            }
            html.Append("</div><p class=\"ends\"><span>").Append(E(question.Kind == QuestionKinds.Nps ? text.NpsLow : text.RatingLow))
                .Append("</span><span>").Append(E(question.Kind == QuestionKinds.Nps ? text.NpsHigh : text.RatingHigh)).Append("</span></p></fieldset>");
        }
        html.Append("<div class=\"question\"><label for=\"comment\">").Append(E(text.Comment)).Append("</label>");
        Error(html, "comment", errors?.TryGetValue("comment", out var c) == true ? string.Join(" ", c) : null);
        html.Append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"").Append(SurveyResponseValidator.MaxCommentLength).Append("\">")
            .Append(E(values?.GetValueOrDefault("comment") ?? "")).Append("</textarea></div>");
        html.Append("<button type=\"submit\">").Append(E(text.Send)).Append("</button></form>");
        html.Append("<p class=\"other-language\"><a href=\"/surveys/").Append(E(token)).Append("?lang=").Append(language == "en" ? "fr" : "en").Append("\" hreflang=\"")
            .Append(language == "en" ? "fr" : "en").Append("\">").Append(E(text.OtherLanguage)).Append("</a></p>");
        return html.ToString();
    }

    private static void Error(StringBuilder html, string field, string? error)
    {
        if (error is not null)
        {
            html.Append("<p class=\"error\" id=\"").Append(E(Id(field))).Append("-error\">").Append(E(error)).Append("</p>");
        }
    }

    /// <summary>
    /// The page's token is its only key: no referrer may carry the address elsewhere, nothing may frame the page, and it
    /// loads nothing from outside and runs no script (its one style sheet is inline).
    /// </summary>
    private static void Protect(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
    }

    private static string Id(string field) => field.Replace('.', '-');

    private static string E(string value) => HtmlEncoder.Default.Encode(value);

    private static ContentHttpResult Page(int status, string body, string language) =>
        TypedResults.Content(SurveyPageText.Layout(body, language), "text/html; charset=utf-8", Encoding.UTF8, status);
}
