using MimeKit;
using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Mail;

/// <summary>Where the survey page is reached from outside (the gateway), and which server the mails go through.</summary>
internal sealed record MailSettings(string Host, int Port, string Sender, Uri PublicUrl)
{
    /// <summary>From <c>ConnectionStrings:smtp</c> (<c>smtp://host:port</c>) and <c>Feedback:PublicUrl</c>; null without a server.</summary>
    public static MailSettings? Of(IConfiguration configuration)
    {
        if (configuration.GetConnectionString("smtp") is not { Length: > 0 } smtp)
        {
            return null;
        }
        var server = new Uri(smtp.Contains("://", StringComparison.Ordinal) ? smtp : $"smtp://{smtp}");
        return new MailSettings(server.Host, server.Port > 0 ? server.Port : 25,
            configuration["Feedback:MailFrom"] ?? "marathon@probono.example",
            new Uri(configuration["Feedback:PublicUrl"] ?? "http://localhost:5080"));
    }
}

/// <summary>The invitation e-mail, in the invitation's language, with the link to its survey page. Pure.</summary>
internal static class SurveyMail
{
    public static MimeMessage Compose(SurveyInvitation invitation, string to, MailSettings settings)
    {
        var english = invitation.Language == "en";
        var link = new Uri(settings.PublicUrl, $"/surveys/{invitation.Id}{(english ? "?lang=en" : "")}");
        var message = new MimeMessage
        {
            Subject = english ? "Your view of the Pro Bono Marathon" : "Votre avis sur le Marathon Pro Bono",
            // the same id at every attempt, so a receiving system can drop a repeat
            MessageId = $"{invitation.Id}@survey.probono",
            Body = new TextPart("plain")
            {
                Text = english
                    ? $"Hello,\n\nThank you for taking part in the Pro Bono Marathon. Two minutes of your time help us prepare the next one:\n\n{link}\n\nThis link is yours alone; please do not share it.\n"
                    : $"Bonjour,\n\nMerci d'avoir participé au Marathon Pro Bono. Deux minutes de votre temps nous aident à préparer le prochain :\n\n{link}\n\nCe lien est personnel : merci de ne pas le partager.\n",
            },
        };
        message.From.Add(MailboxAddress.Parse(settings.Sender));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
