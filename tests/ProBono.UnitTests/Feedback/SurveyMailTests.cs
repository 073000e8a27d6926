using Microsoft.Extensions.Configuration;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Mail;
using ProBono.Feedback.Surveys;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.UnitTests.Feedback;

/// <summary>
/// The invitation mail: its language, its links in both languages, its greeting, what it is about, until when it can be
/// answered, its two parts, its sender's name, a stable Message-Id that carries no token; and where the settings come from.
/// </summary>
public sealed class SurveyMailTests
{
    private const string Token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";

    private static readonly MailSettings Settings = new(
        new SmtpServer("smtp.example", 25, new MimeKit.MailboxAddress("Marathon Pro Bono", "marathon@probono.example")),
        new MimeKit.MailboxAddress("Marathon Pro Bono", "marathon@probono.example"), new Uri("https://marathon.example.org"),
        new Uri("exchange:recruitment-find-volunteer-contact"));

    private static readonly SurveySubject Subject = new(
        "Marathon Pro Bono 2030", new DateOnly(2030, 11, 16), "1000 VISAGES", "Une brochure", new DateTimeOffset(2030, 11, 30, 17, 0, 0, TimeSpan.Zero));

    private static InvitationIssued Invitation(string language, string group = SurveyGroups.Volunteer) =>
        new(Guid.NewGuid(), Token, group, Guid.NewGuid().ToString(), "edf", null, language, SendingStates.Pending, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_French_invitation_names_the_marathon_its_date_the_association_and_the_closing_and_offers_the_English_page()
    {
        var mail = SurveyMail.Compose(Invitation("fr"), "camille@edf.example", "Camille", Subject, Settings);

        Assert.Equal("Marathon Pro Bono 2030 (16 novembre 2030) : votre avis en deux minutes", mail.Subject);
        Assert.Equal("camille@edf.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal(("Marathon Pro Bono", "marathon@probono.example"), (Assert.Single(mail.From.Mailboxes).Name, mail.From.Mailboxes.Single().Address));
        Assert.StartsWith("Bonjour Camille,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Merci d'avoir participé à Marathon Pro Bono 2030, le 16 novembre 2030.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Votre équipe a aidé 1000 VISAGES : « Une brochure ».", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://marathon.example.org/surveys/{Token}\n", mail.TextBody, StringComparison.Ordinal);
        // 17:00 UTC on 30 November is 18:00 in Paris (winter time)
        Assert.Contains("Vous pouvez répondre jusqu'au 30 novembre 2030 à 18 h 00 (heure de Paris).", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"In English: https://marathon.example.org/surveys/{Token}?lang=en", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://marathon.example.org/surveys/{Token}?lang=en\" hreflang=\"en\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("30 novembre 2030 à 18 h 00", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void An_English_invitation_to_an_association_names_its_need_says_hello_and_links_to_the_English_page()
    {
        var mail = SurveyMail.Compose(Invitation("en", SurveyGroups.Association), "contact@asso.example", null, Subject, Settings);

        Assert.Equal("Marathon Pro Bono 2030 (16 November 2030): your view in two minutes", mail.Subject);
        Assert.StartsWith("Hello,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Your need: “Une brochure”.", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("1000 VISAGES", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("You can answer until 30 November 2030 at 18:00 (Paris time).", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://marathon.example.org/surveys/{Token}?lang=en\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"En français : https://marathon.example.org/surveys/{Token}\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mail_is_text_and_HTML_alternatives_and_no_header_carries_the_token()
    {
        var mail = SurveyMail.Compose(Invitation("fr"), "camille@edf.example", "Camille", Subject, Settings);

        var alternative = Assert.IsType<MimeKit.MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.All(mail.Headers, h => Assert.DoesNotContain(Token, h.Value, StringComparison.Ordinal));
        // stable: the same invitation gets the same id at every attempt, another invitation another id
        Assert.Equal(mail.MessageId, SurveyMail.Compose(Invitation("en"), "camille@edf.example", null, Subject, Settings).MessageId);
        Assert.NotEqual(mail.MessageId, SurveyMail.MessageIdOf("ZyXwVuTsRqPoNmLkJiHgFeDcBa543210"));
        Assert.EndsWith("@survey.probono", mail.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_copies_do_not_know_is_left_out_rather_than_guessed()
    {
        var mail = SurveyMail.Compose(Invitation("en"), "camille@edf.example", null, new SurveySubject(null, null, null, null, null), Settings);

        Assert.Equal("the Pro Bono Marathon: your view in two minutes", mail.Subject);
        Assert.DoesNotContain("until", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Your team", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Marathon Pro Bono", "marathon@probono.example")]
    [InlineData("surveys@probono.example", "Marathon Pro Bono", "surveys@probono.example")]
    [InlineData("Enquêtes <surveys@probono.example>", "Enquêtes", "surveys@probono.example")]
    public void The_sender_is_named_by_Mail_FromName_unless_Feedback_MailFrom_names_itself(string? mailFrom, string name, string address)
    {
        var settings = MailSettings.Of(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:smtp"] = "smtp://127.0.0.1:2525",
            ["Feedback:MailFrom"] = mailFrom,
        }).Build())!;

        Assert.Equal((name, address), (settings.Sender.Name, settings.Sender.Address));
        var renamed = MailSettings.Of(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:smtp"] = "smtp://127.0.0.1:2525",
            ["Mail:FromName"] = "Pro Bono",
        }).Build())!;
        Assert.Equal("Pro Bono", renamed.Sender.Name);
    }

    [Fact]
    public void Settings_come_from_the_smtp_connection_string_and_there_are_none_without_it()
    {
        Assert.Null(MailSettings.Of(new ConfigurationBuilder().Build()));
        var settings = MailSettings.Of(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:smtp"] = "smtp://127.0.0.1:2525",
            ["Feedback:PublicUrl"] = "http://localhost:5080",
        }).Build());
        Assert.NotNull(settings);
        Assert.Equal(("127.0.0.1", 2525), (settings.Server.Host, settings.Server.Port));
        Assert.Equal(SmtpServer.DefaultFromAddress, settings.Sender.Address);
        Assert.Equal(new Uri("exchange:recruitment-find-volunteer-contact"), settings.VolunteerContacts);
        Assert.Equal(25, MailSettings.Of(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:smtp"] = "mail.example.org",
        }).Build())!.Server.Port);
    }

    [Fact]
    public void A_reminder_is_the_same_survey_its_subject_and_first_lines_saying_it_is_a_reminder_under_a_Message_Id_of_its_own()
    {
        var invitation = SurveyMail.Compose(Invitation("fr"), "camille@edf.example", "Camille", Subject, Settings);
        var first = SurveyMail.Compose(Invitation("fr"), "camille@edf.example", "Camille", Subject, Settings, reminder: 1);
        var english = SurveyMail.Compose(Invitation("en"), "camille@edf.example", "Camille", Subject, Settings, reminder: 2);

        Assert.Equal("Rappel : Marathon Pro Bono 2030 (16 novembre 2030) : votre avis en deux minutes", first.Subject);
        Assert.StartsWith("Reminder: ", english.Subject, StringComparison.Ordinal);
        Assert.Contains("Nous n'avons pas encore reçu votre réponse", first.TextBody, StringComparison.Ordinal);
        Assert.Contains("pas encore reçu votre réponse", first.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"https://marathon.example.org/surveys/{Token}\n", first.TextBody, StringComparison.Ordinal);
        Assert.Contains("Vous pouvez répondre jusqu'au 30 novembre 2030 à 18 h 00 (heure de Paris).", first.TextBody, StringComparison.Ordinal);
        Assert.Equal(3, new[] { invitation.MessageId, first.MessageId, SurveyMail.ReminderMessageIdOf(Token, 2) }.Distinct().Count());
        Assert.Equal(SurveyMail.ReminderMessageIdOf(Token, 2), english.MessageId);
        Assert.DoesNotContain(Token, first.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void The_follow_up_mail_asks_an_association_what_became_of_its_deliverable()
    {
        var mail = SurveyMail.Compose(Invitation("fr", SurveyGroups.AssociationFollowUp), "contact@asso.example", null, Subject, Settings);

        Assert.Equal("Marathon Pro Bono 2030 (16 novembre 2030) : que devient votre livrable ?", mail.Subject);
        Assert.StartsWith("Bonjour,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Votre besoin : « Une brochure ».", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("le livrable est-il utilisé", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://marathon.example.org/surveys/{Token}\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Répondre au suivi", mail.HtmlBody, StringComparison.Ordinal);
    }
}
