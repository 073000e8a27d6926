using Microsoft.Extensions.Configuration;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Mail;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.UnitTests.Feedback;

/// <summary>The invitation mail: its language, its links, its greeting, a stable Message-Id; and where the settings come from.</summary>
public sealed class SurveyMailTests
{
    private static readonly MailSettings Settings = new(
        new SmtpServer("smtp.example", 25, new MimeKit.MailboxAddress("", "marathon@probono.example")), "marathon@probono.example", new Uri("https://marathon.example.org"),
        new Uri("exchange:recruitment-find-volunteer-contact"));

    private static InvitationIssued Invitation(string language) =>
        new(Guid.NewGuid(), "AbCdEfGhIjKlMnOpQrStUvWxYz012345", SurveyGroups.Volunteer, Guid.NewGuid().ToString(), "edf", null, language, SendingStates.Pending,
            DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_French_invitation_greets_by_first_name_links_to_the_page_and_offers_the_English_one()
    {
        var mail = SurveyMail.Compose(Invitation("fr"), "camille@edf.example", "Camille", Settings);

        Assert.Equal("Votre avis sur le Marathon Pro Bono", mail.Subject);
        Assert.Equal("camille@edf.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("marathon@probono.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.StartsWith("Bonjour Camille,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://marathon.example.org/surveys/AbCdEfGhIjKlMnOpQrStUvWxYz012345\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("In English: https://marathon.example.org/surveys/AbCdEfGhIjKlMnOpQrStUvWxYz012345?lang=en", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("AbCdEfGhIjKlMnOpQrStUvWxYz012345@survey.probono", mail.MessageId);
    }

    [Fact]
    public void An_English_invitation_without_a_first_name_says_hello_and_links_to_the_English_page()
    {
        var mail = SurveyMail.Compose(Invitation("en"), "contact@asso.example", null, Settings);

        Assert.Equal("Your view of the Pro Bono Marathon", mail.Subject);
        Assert.StartsWith("Hello,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://marathon.example.org/surveys/AbCdEfGhIjKlMnOpQrStUvWxYz012345?lang=en\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("En français : https://marathon.example.org/surveys/AbCdEfGhIjKlMnOpQrStUvWxYz012345\n", mail.TextBody, StringComparison.Ordinal);
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
        Assert.Equal(SmtpServer.DefaultFromAddress, settings.Sender);
        Assert.Equal(new Uri("exchange:recruitment-find-volunteer-contact"), settings.VolunteerContacts);
        Assert.Equal(25, MailSettings.Of(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:smtp"] = "mail.example.org",
        }).Build())!.Server.Port);
    }
}
