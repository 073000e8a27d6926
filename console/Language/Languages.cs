using Microsoft.AspNetCore.Mvc;
using ProBono.StaffConsole.Session;

namespace ProBono.StaffConsole.Language;

/// <summary>French (the default) or English, chosen by the person: a cookie before sign-in, a claim of the session after.</summary>
internal static class Languages
{
    public const string French = "fr";
    public const string English = "en";
    public const string CookieName = "probono-console-lang";

    public static string Of(HttpContext http)
    {
        if (Known(http.User.FindFirst(StaffSession.LanguageClaim)?.Value) is { } chosen)
        {
            return chosen;
        }
        if (Known(http.Request.Cookies[CookieName]) is { } remembered)
        {
            return remembered;
        }
        var accepted = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        return accepted?.Value.Value?.StartsWith(English, StringComparison.OrdinalIgnoreCase) == true ? English : French;
    }

    public static string? Known(string? language) => language is French or English ? language : null;

    public static WebApplication MapLanguageEndpoint(this WebApplication app)
    {
        app.MapPost("/language", async (HttpContext http, [FromForm] string lang, [FromForm] string? returnUrl) =>
        {
            var language = Known(lang) ?? French;
            http.Response.Cookies.Append(CookieName, language, new CookieOptions
            {
                Path = ConsoleHost.PathBase,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
            // the session carries the language too, so that interactive pages (which see no cookie of their own) follow it
            var session = await http.AuthenticateAsync(StaffSession.Scheme);
            if (session is { Succeeded: true, Principal: { } user } && user.FindFirst(StaffSession.TokenClaim)?.Value is { } token
                && StaffSession.PrincipalFor(token, language) is { } principal)
            {
                await StaffSession.SignIn(http, principal);
            }
            return Results.LocalRedirect(SessionEndpoints.Local(returnUrl));
        }).AllowAnonymous();
        return app;
    }
}
