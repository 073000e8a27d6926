using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MimeKit;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Surveys;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.Feedback.Mail;

/// <summary>
/// Where the mails go through (<see cref="SmtpServer"/>: <c>ConnectionStrings:smtp</c>), who they come from
/// (<c>Feedback:MailFrom</c>, else <c>Mail:From</c>, named <c>Mail:FromName</c> unless the address carries its own name), where the survey page is reached from outside (<c>Feedback:PublicUrl</c>,
/// the gateway), and where Recruitment answers for volunteers' addresses (<c>Feedback:VolunteerContacts</c>, a MassTransit
/// address: the exchange bound to Recruitment's queue, so the sender never declares Recruitment's queue).
/// </summary>
/// <param name="Connections">How many SMTP connections a page of invitations is sent over at once (<c>Feedback:Mail:Connections</c>).</param>
internal sealed record MailSettings(SmtpServer Server, MailboxAddress Sender, Uri PublicUrl, Uri VolunteerContacts, int Connections = 8)
{
    /// <summary>Null without a server: the invitations then stay pending (the staff list shows it).</summary>
    public static MailSettings? Of(IConfiguration configuration) =>
        SmtpServer.Of(configuration) is not { } server
            ? null
            : new MailSettings(server,
                SenderOf(configuration["Feedback:MailFrom"], server.From),
                new Uri(configuration["Feedback:PublicUrl"] ?? "http://localhost:5080"),
                new Uri(configuration["Feedback:VolunteerContacts"] ?? "exchange:recruitment-find-volunteer-contact"),
                Math.Clamp(configuration.GetValue("Feedback:Mail:Connections", 8), 1, 64));

    private static MailboxAddress SenderOf(string? address, MailboxAddress platform) =>
        address is null ? platform
        : MailboxAddress.Parse(address) is { Name.Length: > 0 } named ? named
        : new MailboxAddress(platform.Name, MailboxAddress.Parse(address).Address);
}

/// <summary>
/// The invitation e-mail, in its language: plain text and HTML alike name the marathon and its date (also in the subject),
/// what the survey is about, until when it can be answered, the survey's link and the other language's. Pure.
/// </summary>
internal static class SurveyMail
{
    /// <param name="reminder">The reminder's number, for a reminder: the same mail, its subject and first line saying it is one.</param>
    public static MimeMessage Compose(
        InvitationIssued invitation, string to, string? firstName, SurveySubject subject, MailSettings settings, int? reminder = null)
    {
        var language = invitation.Language == "en" ? "en" : "fr";
        var other = language == "en" ? "fr" : "en";
        var words = SurveyMailText.For(language, invitation.Group, subject, firstName, reminder is not null);
        var link = Link(settings, invitation.Token, language);
        var otherLink = Link(settings, invitation.Token, other);
        var text = new StringBuilder()
            .Append(words.Greeting).Append("\n\n")
            .Append(words.Thanks).Append('\n');
        if (words.About is { } about)
        {
            text.Append(about).Append('\n');
        }
        text.Append('\n').Append(words.Ask).Append("\n\n").Append(link).Append("\n\n");
        if (words.Closes is { } closes)
        {
            text.Append(closes).Append('\n');
        }
        text.Append(words.Personal).Append("\n\n---\n").Append(words.OtherLanguage).Append(' ').Append(otherLink).Append('\n');

        var body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = Html(language, other, words, link, otherLink) };
        var message = new MimeMessage
        {
            Subject = words.Subject,
            // the same id at every attempt, so a receiving system can drop a repeat (a crash between the server's acceptance
            // and the mailer's record of it is the one case where a mail leaves twice); derived one way from the token, as
            // relays log headers and the token opens the survey
            MessageId = reminder is { } n ? ReminderMessageIdOf(invitation.Token, n) : MessageIdOf(invitation.Token),
            Body = body.ToMessageBody(),
        };
        message.From.Add(settings.Sender);
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    /// <summary>The invitation's Message-Id: a SHA-256 of its token (not reversible), stable across attempts.</summary>
    public static string MessageIdOf(string token) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"survey-invitation:{token}")))[..32]}@survey.probono";

    /// <summary>A reminder's Message-Id: like the invitation's, one per reminder.</summary>
    public static string ReminderMessageIdOf(string token, int number) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"survey-reminder:{number}:{token}")))[..32]}@survey.probono";

    /// <summary>The survey page in a language: French is the page's own default, English says so.</summary>
    private static Uri Link(MailSettings settings, string token, string language) =>
        new(settings.PublicUrl, language == "en" ? $"/surveys/{token}?lang=en" : $"/surveys/{token}");

    private static string Html(string language, string other, SurveyMailText words, Uri link, Uri otherLink)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(words.Subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:24px 16px;background:#f4f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;line-height:1.5\">")
            .Append("<div style=\"max-width:36rem;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px\">")
            .Append("<p style=\"margin:0 0 4px;font-size:14px;color:#555\">").Append(E(words.Heading)).Append("</p>")
            .Append("<h1 style=\"margin:0 0 16px;font-size:22px\">").Append(E(words.Title)).Append("</h1>")
            .Append("<p>").Append(E(words.Greeting)).Append("</p>")
            .Append("<p>").Append(E(words.Thanks));
        if (words.About is { } about)
        {
            html.Append("<br>").Append(E(about));
        }
        html.Append("</p><p>").Append(E(words.Ask)).Append("</p>")
            .Append("<p style=\"margin:24px 0\"><a href=\"").Append(E(link.ToString())).Append("\" style=\"display:inline-block;background:#0b5394;color:#ffffff;")
            .Append("text-decoration:none;font-weight:600;padding:12px 24px;border-radius:6px\">").Append(E(words.Button)).Append("</a></p>");
        if (words.Closes is { } closes)
        {
            html.Append("<p><strong>").Append(E(closes)).Append("</strong></p>");
        }
        html.Append("<p style=\"font-size:14px;color:#555\">").Append(E(words.Personal)).Append("<br>").Append(E(words.Fallback))
            .Append(" <a href=\"").Append(E(link.ToString())).Append("\" style=\"color:#0b5394;word-break:break-all\">").Append(E(link.ToString())).Append("</a></p>")
            .Append("<hr style=\"border:0;border-top:1px solid #ddd;margin:24px 0 12px\">")
            .Append("<p lang=\"").Append(other).Append("\" style=\"font-size:14px;margin:0\"><a href=\"").Append(E(otherLink.ToString())).Append("\" hreflang=\"")
            .Append(other).Append("\" style=\"color:#0b5394\">").Append(E(words.OtherLanguageLink)).Append("</a></p>")
            .Append("</div></body></html>");
        return html.ToString();
    }

    // letters of any script stay as they are (readable in the mail's source); markup characters are still encoded
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string value) => Encoder.Encode(value);
}
