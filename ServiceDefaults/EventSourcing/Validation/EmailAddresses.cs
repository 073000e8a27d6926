using System.Net;
using System.Net.Mail;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// API.md's one rule for e-mail addresses: a bare <c>local@domain</c> address, nothing around it. A mail header is built
/// from it, so no display name, no angle brackets, no quotes or spaces, no control or line-separator character (a header
/// injection), and a domain name with a dot, never an IP literal (<c>[10.0.0.1]</c>) or a bare IP address.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    public const string Expected = "must be an e-mail address such as name@example.com.";

    /// <summary>True when <paramref name="address"/>, as given (untrimmed), is an address the platform may mail.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength || address.Any(Refused))
        {
            return false;
        }
        var at = address.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == address.Length - 1 || address.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return false;
        }
        var domain = address[(at + 1)..];
        return MailAddress.TryCreate(address, out var parsed)
               && parsed.Address == address
               && parsed.DisplayName.Length == 0
               && domain.Contains('.', StringComparison.Ordinal)
               && !domain.StartsWith('.') && !domain.EndsWith('.')
               && !domain.Contains("..", StringComparison.Ordinal)
               && !domain.StartsWith('[')
               && !IPAddress.TryParse(domain, out _);
    }

    /// <summary>Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and what only a quoted or named address holds.</summary>
    private static bool Refused(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029' or '"' or '<' or '>' or '(' or ')' or ',' or ';' or '\\';
}
