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
    /// <summary>
    /// The stream version named by <c>If-Match</c>, or null when the caller sent none (or <c>*</c>). Anything but one
    /// whole entity tag of ours (<c>"3"</c>, or weak <c>W/"3"</c>) is a 400: a stray or missing quote is not read as a
    /// version, which could match and let the move through.
    /// </summary>
    public static long? ExpectedVersion(this HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*")
        {
            return null;
        }
        var tag = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ValidationFailed(new Dictionary<string, string[]>
            {
                ["If-Match"] = [$"'If-Match' must be an ETag this API gave, such as \"3\"; got {request.Headers.IfMatch}."],
            });
    }

    public static void SetETag(this HttpResponse response, long version) =>
        response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
