using MimeKit;
using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.Feedback.Mail;

/// <summary>
/// Where the mails go through (<see cref="SmtpServer"/>: <c>ConnectionStrings:smtp</c>), who they come from
/// (<c>Feedback:MailFrom</c>, else <c>Mail:From</c>), where the survey page is reached from outside (<c>Feedback:PublicUrl</c>,
/// the gateway), and where Recruitment answers for volunteers' addresses (<c>Feedback:VolunteerContacts</c>, a MassTransit
/// address: the exchange bound to Recruitment's queue, so the sender never declares Recruitment's queue).
/// </summary>
/// <param name="Connections">How many SMTP connections a page of invitations is sent over at once (<c>Feedback:Mail:Connections</c>).</param>
internal sealed record MailSettings(SmtpServer Server, string Sender, Uri PublicUrl, Uri VolunteerContacts, int Connections = 8)
{
    /// <summary>Null without a server: the invitations then stay pending (the staff list shows it).</summary>
    public static MailSettings? Of(IConfiguration configuration) =>
        SmtpServer.Of(configuration) is not { } server
            ? null
            : new MailSettings(server,
                configuration["Feedback:MailFrom"] ?? server.From.Address,
                new Uri(configuration["Feedback:PublicUrl"] ?? "http://localhost:5080"),
                new Uri(configuration["Feedback:VolunteerContacts"] ?? "exchange:recruitment-find-volunteer-contact"),
                Math.Clamp(configuration.GetValue("Feedback:Mail:Connections", 8), 1, 64));
}

/// <summary>The invitation e-mail: in its language, with the other language's link below, and the link to its survey page. Pure.</summary>
internal static class SurveyMail
{
    public static MimeMessage Compose(InvitationIssued invitation, string to, string? firstName, MailSettings settings)
    {
        var english = invitation.Language == "en";
        var link = new Uri(settings.PublicUrl, $"/surveys/{invitation.Token}");
        var englishLink = new Uri(settings.PublicUrl, $"/surveys/{invitation.Token}?lang=en");
        var hello = firstName is { Length: > 0 } ? $" {firstName}" : "";
        var french =
            $"Bonjour{hello},\n\nMerci d'avoir participé au Marathon Pro Bono. Deux minutes de votre temps nous aident à préparer le prochain :\n\n{link}\n\n" +
            "Ce lien est personnel : merci de ne pas le partager.\n";
        var inEnglish =
            $"Hello{hello},\n\nThank you for taking part in the Pro Bono Marathon. Two minutes of your time help us prepare the next one:\n\n{englishLink}\n\n" +
            "This link is yours alone; please do not share it.\n";
        var message = new MimeMessage
        {
            Subject = english ? "Your view of the Pro Bono Marathon" : "Votre avis sur le Marathon Pro Bono",
            // the same id at every attempt, so a receiving system can drop a repeat (a crash between the server's
            // acceptance and the mailer's record of it is the one case where a mail leaves twice)
            MessageId = $"{invitation.Token}@survey.probono",
            Body = new TextPart("plain")
            {
                Text = english
                    ? $"{inEnglish}\n---\nEn français : {link}\n"
                    : $"{french}\n---\nIn English: {englishLink}\n",
            },
        };
        message.From.Add(MailboxAddress.Parse(settings.Sender));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
