using System.Text.Json;
using ProBono.IntegrationTests.Infrastructure;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>A Feedback service whose invitations go to a real SMTP server of the test's own.</summary>
public sealed class MailingFeedbackFixture : FeedbackFixture
{
    public SmtpSink Smtp { get; } = new();

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:smtp"] = $"smtp://127.0.0.1:{Smtp.Port}",
        ["Feedback:PublicUrl"] = "https://marathon.example.org",
    };
}

/// <summary>Invitations with an address reach the SMTP server, once, in the invitation's language, with the survey's link.</summary>
public sealed class InvitationMailTests(MailingFeedbackFixture feedback) : IClassFixture<MailingFeedbackFixture>
{
    private IReadOnlyList<ReceivedMail> MailsTo(string address) => [.. feedback.Smtp.Received.Where(m => m.To.Contains(address))];

    [Fact]
    public async Task Each_invitation_with_an_address_is_mailed_once_with_its_link_and_the_staff_list_says_sent()
    {
        var marathonId = await feedback.AMarathon("edf");
        var early = await feedback.AVolunteer(marathonId, "edf", checkedIn: true);
        await feedback.SurveyContact(marathonId, early, $"early-{marathonId:N}@edf.example");
        var late = await feedback.AVolunteer(marathonId, "edf", checkedIn: true);
        var association = Guid.NewGuid();
        var need = await feedback.ANeed(marathonId, association, $"contact-{marathonId:N}@asso.example");
        await feedback.ATeam(marathonId, need, (early, "edf"), (late, "edf"));

        await feedback.Status(marathonId, "completed", 5);
        // the late volunteer's address overtaken by the completion: the invitation is addressed afterwards, then mailed
        await feedback.SurveyContact(marathonId, late, $"late-{marathonId:N}@edf.example");

        var invitations = await Eventually.Get(async () =>
        {
            var list = await feedback.Invitations(marathonId);
            return list.Count(i => i.GetProperty("sendingState").GetString() == "sent") == 3 ? list : null;
        }, TimeSpan.FromSeconds(30), "three invitations mailed");
        Assert.Equal("not-applicable", invitations.Single(i => i.GetProperty("group").GetString() == "partner").GetProperty("sendingState").GetString());

        foreach (var (group, respondent, address) in new[]
        {
            ("volunteer", early.ToString(), $"early-{marathonId:N}@edf.example"),
            ("volunteer", late.ToString(), $"late-{marathonId:N}@edf.example"),
            ("association", association.ToString(), $"contact-{marathonId:N}@asso.example"),
        })
        {
            var invitation = invitations.Single(i => i.GetProperty("group").GetString() == group && i.GetProperty("respondentId").GetString() == respondent);
            Assert.Equal(address, invitation.GetProperty("email").GetString());
            var mail = Assert.Single(MailsTo(address));
            Assert.Contains("Subject: Votre avis sur le Marathon Pro Bono", mail.Raw, StringComparison.Ordinal);
            Assert.Contains($"https://marathon.example.org/surveys/{invitation.GetProperty("token").GetString()}", mail.Raw, StringComparison.Ordinal);
        }
    }
}
