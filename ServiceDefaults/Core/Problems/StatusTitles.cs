using Microsoft.AspNetCore.WebUtilities;

namespace ProBono.ServiceDefaults.Problems;

/// <summary>
/// The title of a refusal the framework or Kestrel makes, in our words: the same whichever answers it (the exception
/// handler, the limits, the gateway's rewrite of Kestrel's bare refusals).
/// </summary>
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
