using System.Security.Cryptography;
using System.Text;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>
/// The key of one volunteer's attendance page, as the store keeps it: only a SHA-256 of the token (the document's id),
/// so the database never holds what opens the page, and finding it is a lookup by that hash (no comparison of secrets).
/// The mail carries the token itself, 256 random bits, in its body only. Public: Marten generates code against it.
/// </summary>
public sealed class AttendanceToken
{
    public string Id { get; set; } = "";
    public Guid VolunteerId { get; set; }
    public Guid MarathonId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
}

/// <summary>Issuing a token, and telling a token or a receipt from anything else.</summary>
internal static class AttendanceTokens
{
    /// <summary>A fresh token and the document that finds it.</summary>
    public static (string Token, AttendanceToken Stored) Issue(Guid volunteerId, Guid marathonId, DateTimeOffset now)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, new AttendanceToken { Id = HashOf(token), VolunteerId = volunteerId, MarathonId = marathonId, IssuedAt = now });
    }

    /// <summary>The stored id of <paramref name="token"/>; also the (unguessable, powerless) key of the page that shows the answer.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What a token looks like: 43 base64url characters. Anything else is no token, without a database read.</summary>
    public static bool LooksLikeToken(string value) =>
        value.Length == 43 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>What a receipt (a token's hash) looks like: 64 lowercase hex digits.</summary>
    public static bool LooksLikeReceipt(string value) =>
        value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
