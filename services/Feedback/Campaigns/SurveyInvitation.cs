using System.Buffers.Text;
using System.Security.Cryptography;

namespace ProBono.Feedback.Campaigns;

/// <summary>
/// One invitation, a document per token (id = token), so a survey is found by one load by id, never by a scan. Its
/// sending state and answer change only under the campaign stream's row lock, re-read after taking it, so the mailer and
/// an answer never overwrite each other. <see cref="Email"/> is an association's or a partner's contact address, never a
/// volunteer's.
/// Public: Marten generates code against it.
/// </summary>
public sealed class SurveyInvitation
{
    public string Id { get; set; } = "";
    public Guid MarathonId { get; set; }

    /// <summary>Its place in the campaign (1, 2, …, in the order issued): the staff list's order.</summary>
    public int Number { get; set; }

    public string Group { get; set; } = "";
    public string RespondentId { get; set; } = "";
    public string? PartnerId { get; set; }
    public string? Email { get; set; }
    public string Language { get; set; } = SurveyTokens.DefaultLanguage;
    public string SendingState { get; set; } = SendingStates.NotApplicable;
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>When it was issued, and when it closes (null for invitations issued before the surveys closed).</summary>
    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? ClosesAt { get; set; }

    /// <summary>The reminders claimed for it so far, and when the last one was (docs/adr/0025).</summary>
    public int RemindersSent { get; set; }

    public DateTimeOffset? LastReminderAt { get; set; }
}

/// <summary>Survey tokens: 192 random bits from the system's CSPRNG, base64url (32 characters), so they cannot be guessed.</summary>
internal static class SurveyTokens
{
    public const string DefaultLanguage = "fr";
    private const int Bytes = 24;
    public const int Length = Bytes * 4 / 3;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>A token could be one of ours: anything else is answered 404 without touching the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
