using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// JSON and CSV bodies are UTF-8 (RFC 8259): another <c>charset</c> is an unknown value, a 400 naming <c>Content-Type</c>,
/// not a 500 from the JSON reader, nor UTF-16 read past the control-character check (which reads UTF-8).
/// </summary>
public static class Utf8Bodies
{
    public const string Message = "Bodies are UTF-8: send charset=utf-8 or no charset.";

    /// <summary>Refuses another charset; UTF-8 in any spelling is taken and dropped (the JSON reader knows only the plain one).</summary>
    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            && ReadAsUtf8(mediaType)
            && mediaType.Parameters.Any(IsCharset))
        {
            if (!mediaType.Parameters.Where(IsCharset).All(p => HeaderUtilities.RemoveQuotes(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
            {
                // read to its end first: Kestrel drains an unread body for 5 s at most, then drops a kept-alive connection
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
