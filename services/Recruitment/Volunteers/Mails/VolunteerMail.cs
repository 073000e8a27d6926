using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using MimeKit;
using QRCoder;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>What one volunteer mail is made of, read when it is composed.</summary>
/// <param name="WaitlistPlace">1-based, for the waitlisted mail.</param>
/// <param name="AttendanceToken">The day-before mail's key to the attendance page; only ever in the body.</param>
internal sealed record VolunteerMailFacts(
    VolunteerMailing Mailing, string To, string Language, string FirstName, string Marathon, string Venue, DateOnly Date,
    string? BadgeCode, int? WaitlistPlace, string? AttendanceToken, DateTimeOffset Now);

/// <summary>
/// A volunteer's mail in their language: plain text and HTML, from <c>Mail:FromName</c>, its subject naming the marathon
/// and its date; the confirmation (and the promotion) carries the badge as text and as a QR code shown inline, and the
/// day as a calendar entry; the day-before mail links the attendance page in both languages. No header carries the
/// badge code or the attendance token. Pure.
/// </summary>
internal static class VolunteerMail
{
    public const string QrContentId = "badge-qr@volunteers.probono";

    public static MimeMessage Compose(VolunteerMailFacts facts, MailboxAddress from, Uri publicUrl)
    {
        var mailing = facts.Mailing;
        var language = facts.Language == "en" ? "en" : "fr";
        var other = language == "en" ? "fr" : "en";
        var words = VolunteerMailText.For(language, mailing.Kind, facts.FirstName, facts.Marathon, facts.Date, facts.Venue, facts.BadgeCode, facts.WaitlistPlace);
        var withBadge = mailing.Kind is VolunteerMailKinds.Confirmed or VolunteerMailKinds.Promoted && facts.BadgeCode is not null;
        var link = facts.AttendanceToken is { } token ? AttendanceLink(publicUrl, token, language) : null;
        var otherLink = facts.AttendanceToken is { } same ? AttendanceLink(publicUrl, same, other) : null;

        var text = new StringBuilder().Append(words.Greeting).Append("\n\n").Append(words.Lead).Append("\n\n");
        if (words.Badge is { } badge)
        {
            text.Append(badge).Append('\n');
            if (words.BadgeHint is { } hint)
            {
                text.Append(hint).Append('\n');
            }
            text.Append('\n');
        }
        if (words.Calendar is { } calendar)
        {
            text.Append(calendar).Append("\n\n");
        }
        if (link is not null)
        {
            text.Append(words.Ask).Append("\n\n").Append(words.ConfirmButton).Append(language == "en" ? ": " : " : ").Append(link).Append("\n\n");
        }
        text.Append(words.Closing).Append('\n');
        if (otherLink is not null)
        {
            text.Append("\n---\n").Append(words.OtherLanguage).Append(' ').Append(otherLink).Append('\n');
        }

        var body = new BodyBuilder { TextBody = text.ToString() };
        if (withBadge)
        {
            var qr = body.LinkedResources.Add("badge.png", QrPng(facts.BadgeCode!), new ContentType("image", "png"));
            qr.ContentId = QrContentId;
            var ics = body.Attachments.Add("marathon.ics", Encoding.UTF8.GetBytes(Calendar(facts)), new ContentType("text", "calendar"));
            ics.ContentType.Parameters.Add("method", "PUBLISH");
            ics.ContentType.Charset = "utf-8";
        }
        body.HtmlBody = Html(language, other, words, withBadge, link, otherLink);

        var message = new MimeMessage
        {
            Subject = words.Subject,
            MessageId = VolunteerMailings.MessageIdOf(mailing),
            Body = body.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(facts.To));
        return message;
    }

    /// <summary>The attendance page in a language, named explicitly so the page follows the mail rather than the browser.</summary>
    public static Uri AttendanceLink(Uri publicUrl, string token, string language) => new(publicUrl, $"/attendance/{token}?lang={language}");

    /// <summary>The badge code as a QR code (PNG): what the check-in desk's scanner reads.</summary>
    public static byte[] QrPng(string badgeCode)
    {
        using var data = QRCodeGenerator.GenerateQrCode(badgeCode, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(8);
    }

    /// <summary>
    /// The marathon's day as an all-day event. Its UID is the same for a volunteer and a marathon whatever mail carries it,
    /// so a calendar that already has it updates the entry instead of adding a second one.
    /// </summary>
    public static string Calendar(VolunteerMailFacts facts)
    {
        var calendar = new Calendar { Method = "PUBLISH", ProductId = "-//ProBono Platform//Volunteers//FR" };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = CalendarUid(facts.Mailing.MarathonId, facts.Mailing.VolunteerId),
            Summary = facts.Marathon,
            Location = facts.Venue,
            DtStart = new CalDateTime(facts.Date),
            DtEnd = new CalDateTime(facts.Date.AddDays(1)),
            DtStamp = new CalDateTime(facts.Now.UtcDateTime, "UTC", true),
            Sequence = 0,
        });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    public static string CalendarUid(Guid marathonId, Guid volunteerId) => $"{marathonId:N}.{volunteerId:N}@volunteers.probono";

    private static string Html(string language, string other, VolunteerMailText words, bool withQr, Uri? link, Uri? otherLink)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(words.Subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:24px 16px;background:#f4f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;line-height:1.5\">")
            .Append("<div style=\"max-width:36rem;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px\">")
            .Append("<p>").Append(E(words.Greeting)).Append("</p>")
            .Append("<p>").Append(E(words.Lead)).Append("</p>");
        if (words.Badge is { } badge)
        {
            html.Append("<p style=\"font-size:18px\"><strong>").Append(E(badge)).Append("</strong></p>");
            if (words.BadgeHint is { } hint)
            {
                html.Append("<p>").Append(E(hint)).Append("</p>");
            }
        }
        if (withQr)
        {
            html.Append("<p><img src=\"cid:").Append(QrContentId).Append("\" alt=\"").Append(E(words.Badge ?? "")).Append("\" width=\"200\" height=\"200\"></p>");
        }
        if (words.Calendar is { } calendar)
        {
            html.Append("<p>").Append(E(calendar)).Append("</p>");
        }
        if (link is not null)
        {
            html.Append("<p>").Append(E(words.Ask!)).Append("</p>")
                .Append("<p style=\"margin:24px 0\"><a href=\"").Append(E(link.ToString())).Append("\" style=\"display:inline-block;background:#0b5394;color:#ffffff;")
                .Append("text-decoration:none;font-weight:600;padding:12px 24px;border-radius:6px\">").Append(E(words.ConfirmButton!)).Append("</a></p>")
                .Append("<p style=\"font-size:14px;color:#555\">").Append(E(words.Fallback!))
                .Append(" <a href=\"").Append(E(link.ToString())).Append("\" style=\"color:#0b5394;word-break:break-all\">").Append(E(link.ToString())).Append("</a></p>");
        }
        html.Append("<p>").Append(E(words.Closing)).Append("</p>");
        if (otherLink is not null)
        {
            html.Append("<hr style=\"border:0;border-top:1px solid #ddd;margin:24px 0 12px\">")
                .Append("<p lang=\"").Append(other).Append("\" style=\"font-size:14px;margin:0\"><a href=\"").Append(E(otherLink.ToString())).Append("\" hreflang=\"")
                .Append(other).Append("\" style=\"color:#0b5394\">").Append(E(words.OtherLanguageLink!)).Append("</a></p>");
        }
        return html.Append("</div></body></html>").ToString();
    }

    // letters of any script stay as they are; markup characters are still encoded
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string value) => Encoder.Encode(value);
}
