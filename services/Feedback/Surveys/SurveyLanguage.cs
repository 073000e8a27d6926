namespace ProBono.Feedback.Surveys;

/// <summary>The language a survey is shown in: <c>?lang=</c> first, then <c>Accept-Language</c>, then the invitation's (French by default).</summary>
internal static class SurveyLanguage
{
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal) { "fr", "en" };

    public static string Of(HttpRequest request, string invitationLanguage)
    {
        if (request.Query["lang"] is { Count: > 0 } asked)
        {
            var lang = asked.ToString().Trim().ToLowerInvariant();
            return Supported.Contains(lang)
                ? lang
                : throw new ValidationFailed(new Dictionary<string, string[]> { ["lang"] = ["'lang' must be one of: fr, en."] });
        }
        var preferred = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is not null && Supported.Contains(l));
        return preferred ?? invitationLanguage;
    }
}
