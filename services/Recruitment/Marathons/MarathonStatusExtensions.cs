namespace ProBono.Recruitment.Marathons;

internal static class MarathonStatusExtensions
{
    /// <summary>The status as the API, the messages and the integration events spell it (<c>registration-open</c>): as the JSON bodies do.</summary>
    public static string ToApi(this MarathonStatus status) => ApiSpelling.Of(status);
}
