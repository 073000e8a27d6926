using MimeKit;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Volunteers.Attendance;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>What a completion makes (a mailing per partner) and what a partner's no-show mail says.</summary>
public sealed class NoShowMailTests
{
    private static readonly DateTimeOffset CompletedAt = new(2030, 11, 16, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid MarathonId = new("0195a0c4-7d2e-7000-8000-000000000001");

    private static MarathonSummary Marathon(params PartnerSummary[] partners) => new()
    {
        Id = MarathonId, Name = "Pro Bono Marathon La Défense", Venue = "Paris La Défense", Date = new DateOnly(2030, 11, 16),
        Status = MarathonStatus.Completed, Partners = [.. partners], PartnerIds = [.. partners.Select(p => p.PartnerId)],
    };

    private static readonly PartnerSummary Edf = new() { PartnerId = "edf", Name = "EDF", Quota = 10, ContactEmail = "rse@edf.example" };
    private static readonly PartnerSummary Thales = new() { PartnerId = "thales", Name = "Thales", Quota = 10 };

    [Fact]
    public void A_completion_makes_a_pending_mailing_per_partner_with_a_contact_and_a_no_address_one_for_the_others()
    {
        var made = NoShowMail.At(new MarathonCompleted(MarathonId, CompletedAt), Marathon(Edf, Thales), CompletedAt.AddSeconds(1));

        Assert.Equal([($"{MarathonId:N}/edf", "rse@edf.example", "pending"), ($"{MarathonId:N}/thales", null, "no-address")],
            made.Select(m => (m.Id, m.To, m.State)));
    }

    [Fact]
    public void A_completion_seen_more_than_two_weeks_later_mails_no_one()
    {
        var made = NoShowMail.At(new MarathonCompleted(MarathonId, CompletedAt), Marathon(Edf), CompletedAt.AddDays(15));

        Assert.Equal("too-late", Assert.Single(made).State);
    }

    [Fact]
    public void The_mail_names_the_marathon_and_its_date_lists_the_no_shows_in_text_and_html_and_keeps_one_message_id()
    {
        var mail = NoShowMail.Compose(Marathon(Edf), Edf, "rse@edf.example", ["Bob Martin", "Dan <b>Petit</b>"], new MailboxAddress("Marathon Pro Bono", "m@probono.example"));

        Assert.Equal("Pro Bono Marathon La Défense – 16/11/2030 : présence de vos collaborateurs / your employees' attendance", mail.Subject);
        Assert.Equal($"{MarathonId:N}.edf@no-shows.probono", mail.MessageId);
        Assert.Equal("rse@edf.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("Bonjour,\n\nParmi les collaborateurs de EDF confirmés pour le Pro Bono Marathon La Défense du 16/11/2030", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 personnes ne se sont pas présentées :\n\n- Bob Martin\n- Dan <b>Petit</b>\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 did not come:\n\n- Bob Martin\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<ul><li>Bob Martin</li><li>Dan &lt;b&gt;Petit&lt;/b&gt;</li></ul>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_no_shows_the_mail_thanks_the_partner()
    {
        var mail = NoShowMail.Compose(Marathon(Edf), Edf, "rse@edf.example", [], new MailboxAddress("", "m@probono.example"));

        Assert.Contains("sont venus. Merci !", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("came. Thank you!", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<ul>", mail.HtmlBody, StringComparison.Ordinal);
    }
}
