using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// Optimistic concurrency over HTTP: responses about one aggregate carry <c>ETag: "&lt;stream version&gt;"</c>,
/// commands may send <c>If-Match</c> with it.
/// </summary>
public static class ETags
{
    /// <summary>The stream version named by <c>If-Match</c>, or null when the caller sent none (or <c>*</c>).</summary>
    public static long? ExpectedVersion(this HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*")
        {
            return null;
        }
        if (raw.StartsWith("W/", StringComparison.Ordinal))
        {
            raw = raw[2..];
        }
        raw = raw.Trim('"');
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ValidationFailed(new Dictionary<string, string[]>
            {
                ["If-Match"] = [$"'If-Match' must be an ETag this API gave, such as \"3\"; got {request.Headers.IfMatch}."],
            });
    }

    public static void SetETag(this HttpResponse response, long version) =>
        response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
