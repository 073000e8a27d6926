using System.Net;
using System.Text;
using MimeKit;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;

namespace ProBono.Recruitment.Volunteers.Attendance;

/// <summary>Where one partner's no-show mail stands.</summary>
internal static class NoShowMailStates
{
    /// <summary>To be sent.</summary>
    public const string Pending = "pending";

    /// <summary>The partner had no contact address at completion: no mail.</summary>
    public const string NoAddress = "no-address";

    /// <summary>Claimed by the mailer right before it hands the mail to the server; what a crash then leaves is <see cref="Unknown"/>.</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";

    /// <summary>The server refused it for good (5xx).</summary>
    public const string Failed = "failed";

    /// <summary>The connection broke or the process stopped while it was on its way: it may have left; it is never sent again.</summary>
    public const string Unknown = "unknown";

    /// <summary>The mailer saw the completion too late (see <see cref="NoShowMail.TooLate"/>): no mail.</summary>
    public const string TooLate = "too-late";
}

/// <summary>
/// One partner's mail of its no-shows for one completed marathon: made once per (marathon, partner) when the mailer sees
/// the completion, and the record of what became of it, so that it is sent at most once. No names: those are read when
/// the mail is composed. Public: Marten generates code against it.
/// </summary>
public sealed class NoShowMailing
{
    public string Id { get; set; } = "";
    public Guid MarathonId { get; set; }
    public string PartnerId { get; set; } = "";
    public string? To { get; set; }
    public string State { get; set; } = NoShowMailStates.Pending;
    public string? Failure { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
    public DateTimeOffset? SendingAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>What a completion makes, and what the mail says. Pure.</summary>
internal static class NoShowMail
{
    /// <summary>A completion the mailer sees this much later (mail turned on long after, a long outage) mails no one: old news.</summary>
    public static readonly TimeSpan TooLate = TimeSpan.FromDays(14);

    public static string IdOf(Guid marathonId, string partnerId) => $"{marathonId:N}/{partnerId}";

    /// <summary>A mailing per partner: to its contact address at completion, or none.</summary>
    public static IReadOnlyList<NoShowMailing> At(MarathonCompleted completed, MarathonSummary marathon, DateTimeOffset now) =>
        [.. marathon.Partners.Select(p => new NoShowMailing
        {
            Id = IdOf(completed.MarathonId, p.PartnerId),
            MarathonId = completed.MarathonId,
            PartnerId = p.PartnerId,
            To = p.ContactEmail,
            CompletedAt = completed.CompletedAt,
            State = p.ContactEmail is null ? NoShowMailStates.NoAddress
                : now - completed.CompletedAt > TooLate ? NoShowMailStates.TooLate
                : NoShowMailStates.Pending,
        })];

    /// <summary>
    /// The mail of <paramref name="noShows"/> (names, in arrival order): French, then English, as plain text and HTML,
    /// its subject naming the marathon and its date, and the same Message-Id at every attempt.
    /// </summary>
    public static MimeMessage Compose(MarathonSummary marathon, PartnerSummary partner, string to, IReadOnlyList<string> noShows, MailboxAddress from)
    {
        var date = marathon.Date;
        var french = noShows.Count == 0
            ? $"Tous les collaborateurs de {partner.Name} confirmés pour le {marathon.Name} du {date:dd/MM/yyyy} ({marathon.Venue}) sont venus. Merci !"
            : $"Parmi les collaborateurs de {partner.Name} confirmés pour le {marathon.Name} du {date:dd/MM/yyyy} ({marathon.Venue}), " +
              $"{(noShows.Count == 1 ? "une personne ne s'est pas présentée" : $"{noShows.Count} personnes ne se sont pas présentées")} :";
        var english = noShows.Count == 0
            ? $"All of {partner.Name}'s employees confirmed for {marathon.Name} on {date:yyyy-MM-dd} ({marathon.Venue}) came. Thank you!"
            : $"Of {partner.Name}'s employees confirmed for {marathon.Name} on {date:yyyy-MM-dd} ({marathon.Venue}), " +
              $"{(noShows.Count == 1 ? "one did not come" : $"{noShows.Count} did not come")}:";
        var attendance = $"/api/marathons/{marathon.Id}/attendance";

        var text = new StringBuilder()
            .Append("Bonjour,\n\n").Append(french).Append("\n\n").Append(List(noShows, name => $"- {name}\n"))
            .Append($"La présence de chacun : GET {attendance}\n\n---\n\n")
            .Append("Hello,\n\n").Append(english).Append("\n\n").Append(List(noShows, name => $"- {name}\n"))
            .Append($"Everyone's attendance: GET {attendance}\n");
        var html = new StringBuilder()
            .Append("<p>Bonjour,</p>").Append(Paragraph(french)).Append(HtmlList(noShows))
            .Append($"<p>La présence de chacun : <code>GET {Encode(attendance)}</code></p><hr>")
            .Append("<p lang=\"en\">Hello,</p>").Append(Paragraph(english)).Append(HtmlList(noShows))
            .Append($"<p lang=\"en\">Everyone's attendance: <code>GET {Encode(attendance)}</code></p>");

        var message = new MimeMessage
        {
            Subject = $"{marathon.Name} – {date:dd/MM/yyyy} : présence de vos collaborateurs / your employees' attendance",
            // the same id at every attempt, so a receiving system can tell a repeat (the mailer itself never sends one twice)
            MessageId = $"{marathon.Id:N}.{partner.PartnerId}@no-shows.probono",
            Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = $"<!DOCTYPE html><html lang=\"fr\"><body>{html}</body></html>" }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }

    private static string List(IReadOnlyList<string> names, Func<string, string> line) =>
        names.Count == 0 ? "" : string.Concat(names.Select(line)) + "\n";

    private static string HtmlList(IReadOnlyList<string> names) =>
        names.Count == 0 ? "" : $"<ul>{string.Concat(names.Select(n => $"<li>{Encode(n)}</li>"))}</ul>";

    private static string Paragraph(string text) => $"<p>{Encode(text)}</p>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
