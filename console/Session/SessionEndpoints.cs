using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace ProBono.StaffConsole.Session;

internal static class SessionEndpoints
{
    public static WebApplication MapSessionEndpoints(this WebApplication app)
    {
        // a form post with its antiforgery token (Blazor's <AntiforgeryToken/>): a link elsewhere cannot sign anyone out
        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(StaffSession.Scheme);
            if (!string.IsNullOrEmpty(app.Configuration["Auth:Authority"]))
            {
                await http.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = $"{http.Request.PathBase}/signin" });
                return Results.Empty;
            }
            return Results.LocalRedirect($"{http.Request.PathBase}/signin");
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());

        // with an OIDC provider, /signin starts its flow; without one (Development) it shows the local page
        var oidc = !string.IsNullOrEmpty(app.Configuration["Auth:Authority"]);
        app.MapGet("/signin", (HttpContext http, [FromQuery(Name = "ReturnUrl")] string? returnUrl) => oidc
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = Local(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.LocalRedirect($"{http.Request.PathBase}/signin/local?ReturnUrl={Uri.EscapeDataString(Local(returnUrl))}"))
            .AllowAnonymous();
        return app;
    }

    /// <summary>A return address inside the console, never another site (an open redirect).</summary>
    public static string Local(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : ConsoleHost.PathBase + "/";
}
