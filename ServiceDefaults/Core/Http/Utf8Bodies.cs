using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// Every JSON or CSV body this API reads is UTF-8 (JSON by RFC 8259): a <c>charset</c> naming anything else is an
/// unknown value, a 400 naming <c>Content-Type</c>, as API.md answers unknown values. Without it the JSON reader fails on
/// a charset it does not know (a 500), and one it does know (UTF-16) is read past the control-character check, which
/// reads the bytes as UTF-8.
/// </summary>
public static class Utf8Bodies
{
    public const string Message = "Bodies are UTF-8: send charset=utf-8 or no charset.";

    /// <summary>
    /// Refuses a body whose media type names another charset; a UTF-8 one in any spelling (quoted, repeated) is taken,
    /// and its charset dropped, as the JSON reader knows only the plain spelling and reads UTF-8 without one.
    /// </summary>
    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            && ReadAsUtf8(mediaType)
            && mediaType.Parameters.Any(IsCharset))
        {
            if (!mediaType.Parameters.Where(IsCharset).All(p => HeaderUtilities.RemoveQuotes(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
            {
                // read to its end first, as the other body checks do: Kestrel drains an unread body for 5 s at most
                // before it drops the connection, which a client may already be sending its next request on
                await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
                throw new ValidationFailed(new Dictionary<string, string[]> { [HeaderNames.ContentType] = [Message] });
            }
            foreach (var charset in mediaType.Parameters.Where(IsCharset).ToList())
            {
                mediaType.Parameters.Remove(charset);
            }
            http.Request.ContentType = mediaType.ToString();
        }
        await next(http);
    });

    /// <summary>JSON and CSV, which we read as UTF-8 ourselves; a form's reader honours its charset and falls back to UTF-8.</summary>
    private static bool ReadAsUtf8(MediaTypeHeaderValue mediaType) =>
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
        || mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    private static bool IsCharset(NameValueHeaderValue parameter) =>
        parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase);
}
