using System.Text.Json;

namespace ProBono.Recruitment.Marathons;

internal static class MarathonStatusExtensions
{
    /// <summary>The status as the API and the integration events spell it: <c>registration-open</c>.</summary>
    public static string ToApi(this MarathonStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());
}
