using System.Globalization;
using System.Text;
using System.Text.Json;
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
        app.MapGet("/surveys/{token}", async (string token, IQuerySession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var invitation = await FindOrNull(session, token, ct);
                var language = Language(http.Request, posted: null, invitation?.Language);
                var text = SurveyPageText.For(language);
                if (invitation is null)
                {
                    return Page(404, text.Unknown, language);
                }
                if (invitation.AnsweredAt is not null)
                {
                    return Page(409, text.Used, language);
                }
                var subject = await SurveySubject.Load(session, invitation, ct);
                if (subject.ClosesAt is { } closes && clock.GetUtcNow() >= closes)
                {
                    return Page(410, text.Closed, language);
                }
                return Page(200, Form(invitation, subject, language, values: null, errors: null), language);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost("/surveys/{token}", async (
                string token, IQuerySession session, SurveyAnswerRecorder recorder, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var form = await ReadFormOrNull(http.Request, ct);
                var invitation = await FindOrNull(session, token, ct);
                // the thanks and the errors in the language the form was shown in (its hidden field), not the browser's
                var language = Language(http.Request, form?.GetValueOrDefault("lang"), invitation?.Language);
                var text = SurveyPageText.For(language);
                if (form is null)
                {
                    // a body no form sends: a 400 whatever the token, so the answer tells nothing of it
                    return invitation is { AnsweredAt: null }
                        ? Page(400, Form(invitation, await SurveySubject.Load(session, invitation, ct), language, values: null, errors: null, unreadable: true), language)
                        : Page(400, text.Unreadable, language);
                }
                if (invitation is null)
                {
                    return Page(404, text.Unknown, language);
                }
                try
                {
                    await SurveyAnswering.Submit(invitation, recorder, Request(invitation.Group, form), clock.GetUtcNow(), ct);
                    // POST/redirect/GET: a refresh of the thanks page sends nothing again
                    return SeeOther($"/surveys/{Uri.EscapeDataString(invitation.Id)}/thanks?lang={language}");
                }
                catch (ValidationFailed failed)
                {
                    return Page(400, Form(invitation, await SurveySubject.Load(session, invitation, ct), language, form, Localised(invitation.Group, form, failed.Errors, text)), language);
                }
                catch (StateConflict)
                {
                    return Page(409, text.Used, language);
                }
                catch (SurveyClosed)
                {
                    return Page(410, text.Closed, language);
                }
                catch (NotFound)
                {
                    return Page(404, text.Unknown, language);
                }
            })
            .AllowAnonymous()
            .DisableAntiforgery() // the unguessable token in the address is the secret a forged form would need
            .ExcludeFromDescription();

        app.MapGet("/surveys/{token}/thanks", async (string token, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var invitation = await FindOrNull(session, token, ct);
                var language = Language(http.Request, posted: null, invitation?.Language);
                var text = SurveyPageText.For(language);
                return invitation is null ? Page(404, text.Unknown, language)
                    : invitation.AnsweredAt is null ? SeeOther($"/surveys/{Uri.EscapeDataString(invitation.Id)}?lang={language}")
                    : Page(200, text.Thanks, language);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>303 See Other: the browser follows it with a GET, whatever the request's method was.</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    /// <summary>The most a form of this page holds: its longest texts, with room for escaping.</summary>
    private const int MaxFormChars = 64 * 1024;

    /// <summary>
    /// The form's fields, or null for a body that is no readable form (another content type, a broken multipart, too long).
    /// The page's own encoding is read here rather than by ASP.NET's form reader, which refuses a NUL for the whole form:
    /// so a NUL is told beside its field, in the form's language, like any other problem.
    /// </summary>
    private static async Task<Dictionary<string, string>?> ReadFormOrNull(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }
        try
        {
            if (request.GetTypedHeaders().ContentType?.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                return await ReadUrlEncoded(request.Body, ct);
            }
            var form = await request.ReadFormAsync(ct);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private static async Task<Dictionary<string, string>?> ReadUrlEncoded(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8); // bytes that are not UTF-8 become U+FFFD, as a browser would show them
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            if (text.Length + read > MaxFormChars)
            {
                return null;
            }
            text.Append(buffer, 0, read);
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.ToString().Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            // a field sent twice keeps both, as ASP.NET's reader does
            fields[key] = fields.TryGetValue(key, out var earlier) ? $"{earlier},{value}" : value;
        }
        return fields;
    }

    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));

    /// <summary>Each field's problem in the page's language (the API's validator speaks English to programs).</summary>
    private static Dictionary<string, string[]> Localised(
        string group, IReadOnlyDictionary<string, string> form, IDictionary<string, string[]> errors, SurveyPageText text)
    {
        var kinds = SurveyQuestions.For(group).ToDictionary(
            q => q.Id is SurveyQuestions.NpsId or SurveyQuestions.SatisfactionId ? q.Id : $"answers.{q.Id}", q => q.Kind, StringComparer.Ordinal);
        kinds["comment"] = QuestionKinds.Text;
        return errors.ToDictionary(e => e.Key, e => new[]
        {
            kinds.GetValueOrDefault(e.Key) switch
            {
                QuestionKinds.Nps => text.ChooseNps,
                QuestionKinds.Rating => text.ChooseRating,
                QuestionKinds.Choice => text.ChooseOne,
                _ when form.GetValueOrDefault(e.Key) is { } value && ProBono.ServiceDefaults.Http.Text.HasControlCharacters(value, multiLine: true) =>
                    text.TextInvisibleCharacter,
                _ => string.Format(CultureInfo.InvariantCulture, text.TextTooLong,
                    e.Key == "comment" ? SurveyResponseValidator.MaxCommentLength : SurveyQuestion.MaxTextLength),
            },
        }, StringComparer.Ordinal);
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

    /// <summary>
    /// The language shown: a posted form's own (its hidden field), else as <see cref="SurveyLanguage.Of"/>; an unknown
    /// language falls back instead of a 400 (a person, not a program, reads it).
    /// </summary>
    private static string Language(HttpRequest request, string? posted, string? invitationLanguage)
    {
        if (posted is not null && SurveyLanguage.Supported.Contains(posted))
        {
            return posted;
        }
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
            answers[question.Id] = question.Kind is QuestionKinds.Text or QuestionKinds.Choice
                ? JsonSerializer.SerializeToElement(raw)
                : int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? JsonSerializer.SerializeToElement(n) : JsonSerializer.SerializeToElement(raw);
        }
        return new SurveyResponseRequest(Number(form, "nps"), Number(form, "satisfaction"), answers, form.GetValueOrDefault("comment"));
    }

    private static int? Number(IReadOnlyDictionary<string, string> form, string field) =>
        form.TryGetValue(field, out var raw) && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Form(
        Campaigns.SurveyInvitation invitation, SurveySubject subject, string language, IReadOnlyDictionary<string, string>? values,
        IDictionary<string, string[]>? errors, bool unreadable = false)
    {
        var (token, group) = (invitation.Id, invitation.Group);
        var text = SurveyPageText.For(language);
        var html = new StringBuilder();
        var followUp = group == Campaigns.SurveyGroups.AssociationFollowUp;
        html.Append("<h1>").Append(E(followUp ? text.FollowUpTitle : text.Title)).Append("</h1>");
        // what the survey is about: the marathon and its date, the association helped or the need, and the closing
        if (subject.Marathon is { } marathon)
        {
            html.Append("<p class=\"marathon\"><strong>")
                .Append(E(subject.DateIn(language) is { } date ? string.Format(CultureInfo.InvariantCulture, text.Marathon, marathon, date) : marathon))
                .Append("</strong></p>");
        }
        var about = (group, subject.Association, subject.Need) switch
        {
            (Campaigns.SurveyGroups.Volunteer, { } association, { } need) => string.Format(CultureInfo.InvariantCulture, text.HelpedWithNeed, association, need),
            (Campaigns.SurveyGroups.Volunteer, { } association, null) => string.Format(CultureInfo.InvariantCulture, text.Helped, association),
            (Campaigns.SurveyGroups.Association or Campaigns.SurveyGroups.AssociationFollowUp, _, { } need) =>
                string.Format(CultureInfo.InvariantCulture, text.YourNeed, need),
            _ => null,
        };
        if (about is not null)
        {
            html.Append("<p class=\"about\">").Append(E(about)).Append("</p>");
        }
        html.Append("<p>").Append(E(followUp ? text.FollowUpIntro : text.Intro)).Append("</p>");
        if (subject.ClosesIn(language) is { } closes)
        {
            html.Append("<p class=\"closes\">").Append(E(string.Format(CultureInfo.InvariantCulture, text.Closes, closes))).Append("</p>");
        }
        if (errors is { Count: > 0 })
        {
            html.Append("<div class=\"errors\" role=\"alert\" id=\"errors\"><p>").Append(E(text.FixErrors)).Append("</p></div>");
        }
        if (unreadable)
        {
            html.Append("<div class=\"errors\" role=\"alert\" id=\"errors\"><p>").Append(E(text.UnreadableText)).Append("</p></div>");
        }
        html.Append("<form method=\"post\" action=\"/surveys/").Append(E(token)).Append("\">");
        html.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(E(language)).Append("\">");
        foreach (var question in SurveyQuestions.For(group))
        {
            var field = question.Id is SurveyQuestions.NpsId or SurveyQuestions.SatisfactionId ? question.Id : $"answers.{question.Id}";
            var error = errors?.TryGetValue(field, out var messages) == true ? string.Join(" ", messages) : null;
            var required = question.Required;
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
            if (question.Options is { } options)
            {
                // one choice among worded options: a radio each, labelled in the page's language
                html.Append("<div class=\"choices\">");
                foreach (var (option, i) in options.Select((o, i) => (o, i)))
                {
                    var id = $"{Id(field)}-{option.Value}";
                    html.Append("<label for=\"").Append(E(id)).Append("\"><input type=\"radio\" id=\"").Append(E(id)).Append("\" name=\"").Append(E(field))
                        .Append("\" value=\"").Append(E(option.Value)).Append('"').Append(value == option.Value ? " checked" : "")
                        .Append(required && i == 0 ? " required" : "").Append("><span>").Append(E(option.Text(language))).Append("</span></label>");
                }
                html.Append("</div></fieldset>");
                continue;
            }
            html.Append("<div class=\"scale\">");
            for (var n = question.Min!.Value; n <= question.Max!.Value; n++)
            {
                var id = $"{Id(field)}-{n}";
                html.Append("<label for=\"").Append(E(id)).Append("\"><input type=\"radio\" id=\"").Append(E(id)).Append("\" name=\"").Append(E(field))
                    .Append("\" value=\"").Append(n).Append('"').Append(value == n.ToString(CultureInfo.InvariantCulture) ? " checked" : "")
                    .Append(required && n == question.Min ? " required" : "").Append("><span>").Append(n).Append("</span></label>");
            }
            html.Append("</div><p class=\"ends\"><span>").Append(E(Ends(question, text).Low))
                .Append("</span><span>").Append(E(Ends(question, text).High)).Append("</span></p></fieldset>");
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

    /// <summary>What the ends of a scale say: likelihood for NPS, satisfaction for the satisfaction question, agreement for the statements.</summary>
    private static (string Low, string High) Ends(SurveyQuestion question, SurveyPageText text) =>
        question.Kind == QuestionKinds.Nps ? (text.NpsLow, text.NpsHigh)
        : question.Id == SurveyQuestions.SatisfactionId ? (text.SatisfactionLow, text.SatisfactionHigh)
        : (text.RatingLow, text.RatingHigh);

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

    private static string E(string value) => SurveyPageText.Encode(value);

    private static IResult Page(int status, string body, string language) =>
        TypedResults.Content(SurveyPageText.Layout(body, language), "text/html; charset=utf-8", Encoding.UTF8, status);
}
