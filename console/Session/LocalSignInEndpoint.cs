using Microsoft.AspNetCore.Mvc;
using ProBono.StaffConsole.Language;
using ProBono.Token;

namespace ProBono.StaffConsole.Session;

/// <summary>
/// Development's local sign-in (the page is <c>LocalSignIn.razor</c>): a staff token minted as tools/ProBono.Token mints
/// it, with the key the services accept in Development, or a token pasted in. Outside Development it does not exist.
/// </summary>
internal static class LocalSignInEndpoint
{
    public static WebApplication MapLocalSignIn(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }
        // a form binding: the antiforgery token of the page's form is checked before this runs
        app.MapPost("/signin/local", async (HttpContext http, [FromForm] string? name, [FromForm] string? token, [FromForm] string? returnUrl) =>
        {
            var back = $"{http.Request.PathBase}/signin/local?ReturnUrl={Uri.EscapeDataString(SessionEndpoints.Local(returnUrl))}";
            if (string.IsNullOrWhiteSpace(token) && string.IsNullOrWhiteSpace(name))
            {
                return Results.LocalRedirect(back + "&refused=name");
            }
            var bearer = string.IsNullOrWhiteSpace(token)
                ? Tokens.Mint("staff", new Dictionary<string, string> { ["name"] = name!.Trim() },
                    app.Configuration["Auth:SigningKey"] ?? Tokens.DevelopmentKey, TimeSpan.FromHours(8), subject: $"staff-{Slug(name!)}")
                : token.Trim();
            if (StaffSession.PrincipalFor(bearer, Languages.Of(http)) is not { } principal)
            {
                return Results.LocalRedirect(back + "&refused=token");
            }
            await StaffSession.SignIn(http, principal);
            // a non-staff token signs in only to be shown the refusal page: the same path as an OIDC sign-in
            return Results.LocalRedirect(SessionEndpoints.Local(returnUrl));
        }).AllowAnonymous();
        return app;
    }

    private static string Slug(string name) =>
        new string([.. name.Trim().ToLowerInvariant().Take(40).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-') is { Length: > 0 } slug ? slug : "local";
}
