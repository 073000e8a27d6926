using System.Security.Claims;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Feedback.Impact;

/// <summary>Whose figures and documents a caller asks for: a partner its own, staff the partner they name.</summary>
internal static class PartnerAccess
{
    /// <summary>A partner sees its own (naming another is 403); staff must name one (400 otherwise).</summary>
    public static string PartnerOf(ClaimsPrincipal user, string? named, string what)
    {
        if (user.PartnerId() is { } own)
        {
            return string.IsNullOrEmpty(named) || named == own ? own : throw new Forbidden($"A partner sees its own {what} only.");
        }
        return string.IsNullOrWhiteSpace(named)
            ? throw new ValidationFailed(new Dictionary<string, string[]> { ["partnerId"] = [$"'partnerId' is required when staff ask for a partner's {what}."] })
            : named.Trim();
    }

    /// <summary>
    /// <c>?format=</c>, one of <paramref name="formats"/> (the first when not given), read here rather than bound so the
    /// document describes it from WithQuery, with its values; another → 400.
    /// </summary>
    public static string FormatOf(HttpRequest request, IReadOnlyList<string> formats)
    {
        if (!request.Query.TryGetValue("format", out var asked))
        {
            return formats[0];
        }
        var format = asked.ToString();
        return formats.Contains(format, StringComparer.Ordinal)
            ? format
            : throw new ValidationFailed(new Dictionary<string, string[]> { ["format"] = [$"'format' must be one of: {string.Join(", ", formats)}."] });
    }
}
