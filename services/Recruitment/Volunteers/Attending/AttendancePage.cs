using System.Globalization;
using System.Text;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Volunteers.Mails;

namespace ProBono.Recruitment.Volunteers.Attending;

/// <summary>
/// The attendance page the day-before mail links to (<c>GET /attendance/{token}</c>, through the gateway, no bearer
/// token): plain HTML without JavaScript, French or English (<c>?lang=</c>, else the volunteer's language), naming the
/// marathon, its date and venue, with two buttons: I am coming, I cannot come. The answer is posted to the same address
/// and answered <c>303 See Other</c> to <c>/attendance/answers/{receipt}</c> (POST/redirect/GET), where the receipt is
/// the token's hash: it shows the answer and opens nothing, so no response header ever carries the token.
/// </summary>
internal static class AttendancePageSlice
{
    public static IEndpointRouteBuilder MapAttendancePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/attendance/{token}", async (string token, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var found = await Find(session, token, ct);
                var language = Language(http.Request, posted: null, found?.Volunteer.Profile.Language);
                return found is null ? Page(404, Unknown(language), language) : Answerable(found, language) ?? Page(200, Form(found, language), language);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost("/attendance/{token}", async (string token, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var form = await ReadFormOrNull(http.Request, ct);
                var found = await Find(session, token, ct);
                var language = Language(http.Request, form?.GetValueOrDefault("lang"), found?.Volunteer.Profile.Language);
                if (found is null)
                {
                    return Page(404, Unknown(language), language);
                }
                if (Answerable(found, language) is { } notNow)
                {
                    return notNow;
                }
                var answer = form?.GetValueOrDefault("answer");
                if (answer is not (AnswerAttendanceSlice.Confirm or AnswerAttendanceSlice.Cancel))
                {
                    var text = AttendancePageText.For(language);
                    return Page(400, AttendancePageText.Message(text.UnreadableTitle, text.UnreadableText) + Form(found, language), language);
                }
                try
                {
                    if (answer == AnswerAttendanceSlice.Confirm)
                    {
                        await session.ConfirmAttendance(found.Marathon.Id, found.Volunteer.Id, clock.GetUtcNow(), ct);
                    }
                    else
                    {
                        await session.CancelAttendance(found.Volunteer, found.Marathon.Status, clock.GetUtcNow(), ct);
                    }
                }
                catch (TooLateToAnswer)
                {
                    return Page(410, TooLate(found, language), language);
                }
                // POST/redirect/GET: a refresh of the answer sends nothing again
                return new SeeOtherResult($"/attendance/answers/{found.Token.Id}?lang={language}");
            })
            .AllowAnonymous()
            .DisableAntiforgery() // the unguessable token in the address is the secret a forged form would need
            .ExcludeFromDescription();

        app.MapGet("/attendance/answers/{receipt}", async (string receipt, IQuerySession session, HttpContext http, CancellationToken ct) =>
            {
                Protect(http.Response);
                var found = AttendanceTokens.LooksLikeReceipt(receipt) ? await Load(session, await session.LoadAsync<AttendanceToken>(receipt, ct), ct) : null;
                var language = Language(http.Request, posted: null, found?.Volunteer.Profile.Language);
                if (found is null)
                {
                    return Page(404, Unknown(language), language);
                }
                var text = AttendancePageText.For(language);
                var (name, date, venue) = Named(found.Marathon, language);
                return found.Volunteer switch
                {
                    { Status: VolunteerStatus.Withdrawn } => Page(200, AttendancePageText.Message(text.CancelledTitle, Format(text.CancelledText, name, date)), language),
                    { Status: VolunteerStatus.Confirmed, AttendanceConfirmedAt: not null } =>
                        Page(200, AttendancePageText.Message(text.ConfirmedTitle, Format(text.ConfirmedText, name, date, venue)), language),
                    _ => Page(404, Unknown(language), language),
                };
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private sealed record Found(AttendanceToken Token, Volunteer Volunteer, MarathonSummary Marathon);

    private static async Task<Found?> Find(IQuerySession session, string token, CancellationToken ct) =>
        AttendanceTokens.LooksLikeToken(token) ? await Load(session, await session.LoadAsync<AttendanceToken>(AttendanceTokens.HashOf(token), ct), ct) : null;

    private static async Task<Found?> Load(IQuerySession session, AttendanceToken? token, CancellationToken ct)
    {
        if (token is null)
        {
            return null;
        }
        var reads = session.CreateBatchQuery();
        var volunteer = reads.Load<Volunteer>(token.VolunteerId);
        var marathon = reads.Load<MarathonSummary>(token.MarathonId);
        await reads.Execute(ct);
        return await volunteer is { } v && await marathon is { } m ? new Found(token, v, m) : null;
    }

    /// <summary>The page instead of the form when there is nothing to answer: too late, already cancelled, no place.</summary>
    private static IResult? Answerable(Found found, string language)
    {
        var text = AttendancePageText.For(language);
        var (name, date, _) = Named(found.Marathon, language);
        return AnswerAttendanceSlice.IsTooLate(found.Marathon.Status) ? Page(410, TooLate(found, language), language)
            : found.Volunteer.Status == VolunteerStatus.Withdrawn ? Page(200, AttendancePageText.Message(text.CancelledTitle, Format(text.CancelledText, name, date)), language)
            : found.Volunteer.Status != VolunteerStatus.Confirmed ? Page(409, AttendancePageText.Message(text.NoPlaceTitle, Format(text.NoPlaceText, name, date)), language)
            : null;
    }

    private static string TooLate(Found found, string language)
    {
        var text = AttendancePageText.For(language);
        var (name, date, _) = Named(found.Marathon, language);
        return AttendancePageText.Message(text.TooLateTitle, Format(text.TooLateText, name, date));
    }

    private static string Unknown(string language)
    {
        var text = AttendancePageText.For(language);
        return AttendancePageText.Message(text.UnknownTitle, text.UnknownText);
    }

    private static (string Name, string Date, string Venue) Named(MarathonSummary marathon, string language) =>
        (marathon.Name, VolunteerMailText.DateIn(language, marathon.Date), marathon.Venue);

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);

    private static string Form(Found found, string language)
    {
        var text = AttendancePageText.For(language);
        var (name, date, venue) = Named(found.Marathon, language);
        var other = language == "en" ? "fr" : "en";
        var html = new StringBuilder()
            .Append("<h1>").Append(E(text.Title)).Append("</h1>")
            .Append("<p class=\"marathon\"><strong>").Append(E(Format(text.Marathon, name, date, venue))).Append("</strong></p>");
        if (found.Volunteer.AttendanceConfirmedAt is not null)
        {
            html.Append("<p class=\"note\">").Append(E(text.AlreadyConfirmed)).Append("</p>");
        }
        // the form posts back to the address it was opened from: the token stays where the mail put it
        html.Append("<form method=\"post\"><input type=\"hidden\" name=\"lang\" value=\"").Append(language).Append("\">")
            .Append("<p>").Append(E(text.Question)).Append("</p><div class=\"answers\">")
            .Append("<button type=\"submit\" class=\"confirm\" name=\"answer\" value=\"").Append(AnswerAttendanceSlice.Confirm).Append("\">").Append(E(text.ConfirmButton)).Append("</button>")
            .Append("<button type=\"submit\" class=\"cancel\" name=\"answer\" value=\"").Append(AnswerAttendanceSlice.Cancel).Append("\">").Append(E(text.CancelButton)).Append("</button>")
            .Append("</div><p class=\"hint\">").Append(E(text.CancelHint)).Append("</p></form>")
            .Append("<p class=\"other-language\"><a href=\"?lang=").Append(other).Append("\" hreflang=\"").Append(other).Append("\">").Append(E(text.OtherLanguage)).Append("</a></p>");
        return html.ToString();
    }

    /// <summary>The posted fields, or null for a body that is no readable form.</summary>
    private static async Task<Dictionary<string, string>?> ReadFormOrNull(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }
        try
        {
            var form = await request.ReadFormAsync(ct);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>A posted form's language (its hidden field), else <c>?lang=</c>, else the volunteer's; an unknown one falls back (a person reads it).</summary>
    private static string Language(HttpRequest request, string? posted, string? volunteerLanguage)
    {
        foreach (var asked in new[] { posted, request.Query["lang"].ToString() })
        {
            if (asked?.Trim().ToLowerInvariant() is "fr" or "en")
            {
                return asked.Trim().ToLowerInvariant();
            }
        }
        return volunteerLanguage == "en" ? "en" : "fr";
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

    private static string E(string value) => AttendancePageText.Encode(value);

    private static IResult Page(int status, string body, string language) =>
        TypedResults.Content(AttendancePageText.Layout(body, language), "text/html; charset=utf-8", Encoding.UTF8, status);

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
}
