using Microsoft.AspNetCore.WebUtilities;

namespace ProBono.ServiceDefaults.Problems;

/// <summary>A framework or Kestrel refusal's title, the same whichever answers it (handler, limits, the gateway's rewrite).</summary>
public static class StatusTitles
{
    public static string Of(int status) => status switch
    {
        400 => "Bad request",
        405 => "Method not allowed",
        408 => "Request timeout",
        413 => "Request body too large",
        414 => "URI too long",
        415 => "Unsupported media type",
        431 => "Request headers too large",
        505 => "HTTP version not supported",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Refused",
    };
}
