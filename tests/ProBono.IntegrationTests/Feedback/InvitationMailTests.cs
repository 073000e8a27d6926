using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Feedback.Mail;
using ProBono.IntegrationTests.Operators;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// A Feedback service that mails its invitations to a real SMTP server of the test's own, beside a real Recruitment
/// service (the marathon, its volunteers and their check-ins, and the volunteers' addresses when Feedback asks); the
/// broker connection plays Needs and Teams.
/// </summary>
public class MailingFeedbackFixture : FeedbackFixture
{
    private readonly string recruitment = Isolation.Name("mailrecruitment");

    public SmtpSink Smtp { get; } = new();

    public ServiceHost<RecruitmentProgram> Recruitment { get; private set; } = null!;

    private string RecruitmentQueues => recruitment.Replace('_', '-');

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:smtp"] = $"smtp://127.0.0.1:{Smtp.Port}",
        ["Feedback:PublicUrl"] = "https://marathon.example.org",
        // the test's queues are temporary (not durable, auto-deleted): the address says so
        ["Feedback:VolunteerContacts"] = $"exchange:{RecruitmentQueues}-find-volunteer-contact?durable=false&autodelete=true",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Recruitment = new ServiceHost<RecruitmentProgram>(Servers, "recruitmentdb", recruitment, RecruitmentQueues);
        var anonymous = Recruitment.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Recruitment healthy");
    }

    public override async Task DisposeAsync()
    {
        await Recruitment.DisposeAsync();
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private HttpClient RecruitmentStaff => Recruitment.ClientWith(Tokens.Staff());

    /// <summary>A marathon in Recruitment, taken to in-progress with each volunteer registered by EDF and checked in (Feedback hears it all from Recruitment).</summary>
    public Task<(Guid MarathonId, IReadOnlyList<Guid> Volunteers)> AMarathonOnTheDay(params string[] emails) =>
        AMarathonOnTheDay([new { partnerId = "edf", name = "EDF", quota = 10 }], emails);

    /// <summary>As above, with these <paramref name="partners"/> (EDF among them: it registers the volunteers).</summary>
    public Task<(Guid MarathonId, IReadOnlyList<Guid> Volunteers)> AMarathonOnTheDay(object[] partners, params string[] emails) =>
        AMarathonOnTheDay(partners, surveyDays: null, emails);

    /// <summary>As above, its surveys open for <paramref name="surveyDays"/> after the completion (Recruitment's default when null).</summary>
    public async Task<(Guid MarathonId, IReadOnlyList<Guid> Volunteers)> AMarathonOnTheDay(object[] partners, int? surveyDays, params string[] emails)
    {
        var scheduled = await Ok(await RecruitmentStaff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Mailing marathon", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01", hourlyValueEur = 80,
            partners, surveyDays,
        }));
        var marathonId = scheduled.GetProperty("marathonId").GetGuid();
        await Move(marathonId, "open-registration");
        var edf = Recruitment.ClientWith(Tokens.Partner("edf"));
        var volunteers = new List<Guid>();
        foreach (var (email, i) in emails.Select((e, i) => (e, i)))
        {
            var registered = await Ok(await edf.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", new
            {
                employeeRef = $"M-{i}", firstName = $"Camille{i}", lastName = "Martin", email, skills = new[] { "design" }, leadCapable = false,
                causePreferences = Array.Empty<string>(),
            }));
            volunteers.Add(registered.GetProperty("volunteerId").GetGuid());
        }
        await Move(marathonId, "close-registration");
        await Move(marathonId, "start");
        foreach (var volunteer in volunteers)
        {
            await Ok(await RecruitmentStaff.PostAsync($"/admin/marathons/{marathonId}/volunteers/{volunteer}/check-in", null));
        }
        return (marathonId, volunteers);
    }

    public Task Complete(Guid marathonId) => Move(marathonId, "complete");

    /// <summary>Staff change a partner in Recruitment (<c>PUT …/partners/{partnerId}</c>).</summary>
    public async Task ChangePartner(Guid marathonId, string partnerId, object change) =>
        await Ok(await RecruitmentStaff.PutAsJsonAsync($"/admin/marathons/{marathonId}/partners/{partnerId}", change));

    private async Task Move(Guid marathonId, string move) => await Ok(await RecruitmentStaff.PostAsync($"/admin/marathons/{marathonId}/{move}", null));

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>
/// Invitations reach the SMTP server, once each, with their survey's link; a volunteer's address comes from Recruitment
/// and is never kept by Feedback; an outage of the mail server is waited out; a refusal for good is recorded as failed.
/// One class (one fixture) on purpose: the mail server's outage is the fixture's state.
/// </summary>
[Collection(nameof(InvitationMailTests))]
public sealed class InvitationMailTests(MailingFeedbackFixture feedback, ITestOutputHelper output) : IClassFixture<MailingFeedbackFixture>
{
    private IReadOnlyList<ReceivedMail> MailsTo(string address) => [.. feedback.Smtp.Received.Where(m => m.To.Contains(address))];

    private async Task<IReadOnlyList<JsonElement>> Settled(Guid marathonId, int invitations)
    {
        return await Eventually.Get(async () =>
        {
            var list = await feedback.Invitations(marathonId);
            return list.Count == invitations && list.All(i => i.GetProperty("sendingState").GetString() != "pending") ? list : null;
        }, TimeSpan.FromSeconds(60), $"{invitations} invitations mailed or refused");
    }

    private static JsonElement Of(IReadOnlyList<JsonElement> invitations, string group, object respondent) =>
        invitations.Single(i => i.GetProperty("group").GetString() == group && i.GetProperty("respondentId").GetString() == respondent.ToString());

    [Fact]
    public async Task Each_invitation_is_mailed_once_with_its_link_and_a_volunteers_address_is_never_kept_by_Feedback()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"first-{tag}@edf.example", $"second-{tag}@edf.example");
        var association = Guid.NewGuid();
        var need = await feedback.ANeed(marathonId, association, $"contact-{tag}@asso.example");
        await feedback.ATeam(marathonId, need, (volunteers[0], "edf"), (volunteers[1], "edf"));
        await feedback.Complete(marathonId);

        var invitations = await Settled(marathonId, 4);
        Assert.Equal("no-address", Of(invitations, "partner", "edf").GetProperty("sendingState").GetString());
        var messageIds = new List<string>();
        foreach (var (group, respondent, address, greeting, about) in new[]
        {
            ("volunteer", (object)volunteers[0], $"first-{tag}@edf.example", "Bonjour Camille0,", "Votre équipe a aidé 1000 VISAGES : « A brochure »."),
            ("volunteer", volunteers[1], $"second-{tag}@edf.example", "Bonjour Camille1,", "Votre équipe a aidé 1000 VISAGES : « A brochure »."),
            ("association", association, $"contact-{tag}@asso.example", "Bonjour,", "Votre besoin : « A brochure »."),
        })
        {
            var invitation = Of(invitations, group, respondent);
            Assert.Equal("sent", invitation.GetProperty("sendingState").GetString());
            var received = Assert.Single(MailsTo(address));
            var mail = received.Message;
            var token = invitation.GetProperty("token").GetString()!;
            // the subject names the marathon and its date; the sender has a name
            Assert.Equal("Mailing marathon (16 novembre 2030) : votre avis en deux minutes", mail.Subject);
            Assert.Equal(("Marathon Pro Bono", "marathon@probono.example"), (mail.From.Mailboxes.Single().Name, mail.From.Mailboxes.Single().Address));
            // two alternatives: plain text and HTML, each with the survey's link, the other language's and the closing
            var alternative = Assert.IsType<MimeKit.MultipartAlternative>(mail.Body);
            Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
            Assert.Matches($@"https://marathon\.example\.org/surveys/{token}\s", mail.TextBody);
            Assert.Contains($"In English: https://marathon.example.org/surveys/{token}?lang=en", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"href=\"https://marathon.example.org/surveys/{token}?lang=en\" hreflang=\"en\"", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Matches(@"Vous pouvez répondre jusqu'au \d{1,2} \w+ \d{4} à \d{1,2} h \d\d \(heure de Paris\)\.", mail.TextBody);
            Assert.Contains(about, mail.TextBody, StringComparison.Ordinal);
            Assert.StartsWith(greeting, mail.TextBody, StringComparison.Ordinal);
            // no header, as the relay received it, carries the token: only the body does
            var headers = System.Text.RegularExpressions.Regex.Split(received.Raw, "\r?\n\r?\n")[0];
            Assert.DoesNotContain(token, headers, StringComparison.Ordinal);
            Assert.All(mail.Headers, h => Assert.DoesNotContain(token, h.Value, StringComparison.Ordinal));
            Assert.EndsWith("@survey.probono", mail.MessageId, StringComparison.Ordinal);
            Assert.Equal(SurveyMail.MessageIdOf(token), mail.MessageId);
            messageIds.Add(mail.MessageId!);
        }
        Assert.Equal(3, messageIds.Distinct().Count());
        // the staff list shows the association's contact address, never a volunteer's
        Assert.Equal($"contact-{tag}@asso.example", Of(invitations, "association", association).GetProperty("email").GetString());
        Assert.All(volunteers, v => Assert.True(
            !Of(invitations, "volunteer", v).TryGetProperty("email", out var email) || email.ValueKind == JsonValueKind.Null));
        // and nothing in Feedback's whole store (events, documents, copies) holds a volunteer's address
        Assert.Equal(0, await RowsMentioning($"first-{tag}"));
        Assert.Equal(0, await RowsMentioning($"second-{tag}"));
        Assert.True(await RowsMentioning($"contact-{tag}") > 0, "the search finds what is there (the association's address)");
    }

    [Fact]
    public async Task A_partner_with_a_contact_address_is_mailed_once_there_and_one_without_is_listed_as_no_address()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (marathonId, _) = await feedback.AMarathonOnTheDay(
            [
                new { partnerId = "edf", name = "EDF", quota = 10 },
                new { partnerId = "ey", name = "EY", quota = 5, contactEmail = $"rse-{tag}@ey.example" },
                new { partnerId = "kpmg", name = "KPMG", quota = 5 },
            ],
            $"volunteer-{tag}@edf.example");
        // EDF's address is given later: it reaches Feedback with the partner's change
        await feedback.ChangePartner(marathonId, "edf", new { contactEmail = $"rse-{tag}@edf.example" });
        await Eventually.True(async () =>
        {
            var copy = await feedback.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}");
            return copy.GetProperty("partners").EnumerateArray().Any(p => p.GetProperty("partnerId").GetString() == "edf"
                && p.TryGetProperty("contactEmail", out var email) && email.GetString() == $"rse-{tag}@edf.example");
        }, TimeSpan.FromSeconds(30), "Feedback's copy has EDF's contact address");
        await feedback.Complete(marathonId);

        var invitations = await Settled(marathonId, 4);
        foreach (var (partner, address) in new[] { ("edf", $"rse-{tag}@edf.example"), ("ey", $"rse-{tag}@ey.example") })
        {
            var invitation = Of(invitations, "partner", partner);
            Assert.Equal("sent", invitation.GetProperty("sendingState").GetString());
            Assert.Equal(address, invitation.GetProperty("email").GetString());
            var mail = Assert.Single(MailsTo(address)).Message;
            Assert.Equal("Mailing marathon (16 novembre 2030) : votre avis en deux minutes", mail.Subject);
            Assert.Contains($"https://marathon.example.org/surveys/{invitation.GetProperty("token").GetString()}", mail.TextBody, StringComparison.Ordinal);
        }
        var unreachable = Of(invitations, "partner", "kpmg");
        Assert.Equal("no-address", unreachable.GetProperty("sendingState").GetString());
        Assert.True(!unreachable.TryGetProperty("email", out var none) || none.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(feedback.Smtp.Received, m => m.To.Any(t => t.Contains("kpmg", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task While_the_mail_server_is_down_invitations_wait_then_each_is_sent_exactly_once()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"wait-{tag}@edf.example");
        var need = await feedback.ANeed(marathonId, Guid.NewGuid(), $"wait-contact-{tag}@asso.example");
        await feedback.ATeam(marathonId, need, (volunteers[0], "edf"));

        feedback.Smtp.Available = false;
        var outage = System.Diagnostics.Stopwatch.StartNew();
        var turnedBefore = feedback.Smtp.Turned;
        try
        {
            await feedback.Complete(marathonId);
            // the mailer came back several times while the server was down, and gave up on nothing
            await Eventually.True(() => Task.FromResult(feedback.Smtp.Turned >= turnedBefore + 3), TimeSpan.FromSeconds(60), "the mailer retried the unavailable server");
            var meanwhile = await feedback.Invitations(marathonId);
            Assert.Equal(3, meanwhile.Count);
            Assert.DoesNotContain(meanwhile, i => i.GetProperty("sendingState").GetString() is "sent" or "failed");
            // the association answers before its mail has gone: the mailer's outcome, recorded later, must not undo the answer
            var early = meanwhile.Single(i => i.GetProperty("group").GetString() == "association").GetProperty("token").GetString()!;
            Assert.Equal(HttpStatusCode.Created, (await feedback.Answer(early, new { nps = 9, satisfaction = 4, answers = new { } })).StatusCode);
        }
        finally
        {
            feedback.Smtp.Available = true;
        }
        var down = outage.Elapsed;

        var invitations = await Settled(marathonId, 3);
        output.WriteLine($"mail server down {down.TotalSeconds:F1} s, {feedback.Smtp.Turned - turnedBefore} connections turned away; " +
            $"both mails recorded as sent {(outage.Elapsed - down).TotalSeconds:F1} s after it came back");
        Assert.Equal(2, invitations.Count(i => i.GetProperty("sendingState").GetString() == "sent"));
        Assert.Equal([("association", true), ("partner", false), ("volunteer", false)],
            invitations.Select(i => (i.GetProperty("group").GetString(), i.GetProperty("answered").GetBoolean())).Order());
        Assert.Single(MailsTo($"wait-{tag}@edf.example"));
        Assert.Single(MailsTo($"wait-contact-{tag}@asso.example"));
    }

    [Fact]
    public async Task A_refused_address_and_a_volunteer_Recruitment_does_not_know_are_recorded_as_failed_and_the_others_still_go()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        using var meters = new MeterRecorder(feedback.Host.Services);
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"fine-{tag}@edf.example");
        // a volunteer Feedback heard of but Recruitment does not know (e.g. erased): no address to send to
        var unknown = await feedback.AVolunteer(marathonId, "edf", checkedIn: true);
        var association = Guid.NewGuid();
        var need = await feedback.ANeed(marathonId, association, $"refused-{tag}@asso.example");
        await feedback.ATeam(marathonId, need, (volunteers[0], "edf"), (unknown, "edf"));
        await feedback.Complete(marathonId);

        var invitations = await Settled(marathonId, 4);
        Assert.Equal("failed", Of(invitations, "association", association).GetProperty("sendingState").GetString());
        Assert.Equal("failed", Of(invitations, "volunteer", unknown).GetProperty("sendingState").GetString());
        Assert.Equal("sent", Of(invitations, "volunteer", volunteers[0]).GetProperty("sendingState").GetString());
        Assert.Single(MailsTo($"fine-{tag}@edf.example"));
        Assert.Empty(MailsTo($"refused-{tag}@asso.example"));
        // what operators see on the dashboard
        Assert.Equal((1, 2), (meters.Of("probono.invitations.sent").Sum(m => m.Value), meters.Of("probono.invitations.failed").Sum(m => m.Value)));
    }

    [Fact]
    public async Task A_mail_that_left_before_a_crash_is_recorded_as_sent_on_the_replay_and_nothing_is_mailed_or_recorded_twice()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"replay-a-{tag}@edf.example", $"replay-b-{tag}@edf.example", $"replay-c-{tag}@edf.example");
        var need = await feedback.ANeed(marathonId, Guid.NewGuid(), $"replay-contact-{tag}@asso.example");
        var refusedAssociation = Guid.NewGuid();
        var refusedNeed = await feedback.ANeed(marathonId, refusedAssociation, $"refused-replay-{tag}@asso.example");
        await feedback.ATeam(marathonId, need, (volunteers[0], "edf"), (volunteers[1], "edf"));
        await feedback.ATeam(marathonId, refusedNeed, (volunteers[2], "edf"));
        await feedback.Complete(marathonId);
        var token = Of(await Settled(marathonId, 6), "volunteer", volunteers[0]).GetProperty("token").GetString()!;

        // the state a crash leaves between "the server took the mail" (MailedInvitation written) and the page's outcomes:
        // the invitation still pending, no InvitationSent for it
        var store = feedback.Host.Store;
        await using (var session = store.LightweightSession())
        {
            var invitation = await session.LoadAsync<ProBono.Feedback.Campaigns.SurveyInvitation>(token);
            invitation!.SendingState = "pending";
            session.Update(invitation);
            await session.SaveChangesAsync();
        }
        var sentBefore = await SentEvents(marathonId);
        var highWater = (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;

        // the mailer's checkpoint taken back to the start: every page of invitations is seen again
        using var meters = new MeterRecorder(feedback.Host.Services);
        var daemon = feedback.Host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RewindSubscriptionAsync("InvitationMailer", CancellationToken.None, 0);
        await Eventually.True(async () => (await store.Advanced.AllProjectionProgress()).Any(p => p.ShardName.StartsWith("InvitationMailer", StringComparison.Ordinal) && p.Sequence >= highWater),
            TimeSpan.FromSeconds(60), "the mailer back at the end of the store");

        Assert.Equal("sent", Of(await feedback.Invitations(marathonId), "volunteer", volunteers[0]).GetProperty("sendingState").GetString());
        Assert.Equal(sentBefore + 1, await SentEvents(marathonId));
        foreach (var address in new[] { $"replay-a-{tag}@edf.example", $"replay-b-{tag}@edf.example", $"replay-c-{tag}@edf.example", $"replay-contact-{tag}@asso.example" })
        {
            Assert.Single(MailsTo(address));
        }
        // what was recorded before (sent, or refused for good) is not tried or counted again: operators' figures stay true
        Assert.Equal("failed", Of(await feedback.Invitations(marathonId), "association", refusedAssociation).GetProperty("sendingState").GetString());
        Assert.Equal((0, 0), (meters.Of("probono.invitations.sent").Sum(m => m.Value), meters.Of("probono.invitations.failed").Sum(m => m.Value)));
    }

    [Fact]
    public async Task The_mail_reads_well_in_a_browser_in_French_and_in_English()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"browser-{tag}@edf.example");
        var need = await feedback.ANeed(marathonId, Guid.NewGuid(), $"browser-contact-{tag}@asso.example");
        await feedback.ATeam(marathonId, need, (volunteers[0], "edf"));
        await feedback.Complete(marathonId);
        var invitations = await Settled(marathonId, 3);
        var french = Assert.Single(MailsTo($"browser-{tag}@edf.example")).Message;
        // the same invitation's mail in English, composed by the mailer's own code from the same copies
        var token = Of(invitations, "volunteer", volunteers[0]).GetProperty("token").GetString()!;
        var settings = feedback.Host.Services.GetRequiredService<MailSettings>();
        await using var session = feedback.Host.Store.QuerySession();
        var invitation = (await session.LoadAsync<ProBono.Feedback.Campaigns.SurveyInvitation>(token))!;
        var subject = await ProBono.Feedback.Surveys.SurveySubject.Load(session, invitation, CancellationToken.None);
        var english = SurveyMail.Compose(
            new ProBono.Feedback.Campaigns.InvitationIssued(marathonId, token, "volunteer", volunteers[0].ToString(), "edf", null, "en", "pending", DateTimeOffset.UtcNow),
            $"browser-{tag}@edf.example", "Camille0", subject, settings);

        using var chromium = new SurveyBrowser(width: 640, height: 900);
        foreach (var (mail, language, title, button, other) in new[]
        {
            (french, "fr", "Votre avis sur Mailing marathon", "Répondre au questionnaire", "Read this message and answer in English"),
            (english, "en", "Your view of Mailing marathon", "Answer the survey", "Lire ce message et répondre en français"),
        })
        {
            var file = Path.Combine(Path.GetTempPath(), $"survey-mail-{language}-{tag}.html");
            await File.WriteAllTextAsync(file, mail.HtmlBody);
            try
            {
                chromium.Driver.Navigate().GoToUrl(new Uri(file).AbsoluteUri);
                Assert.Equal(language, chromium.Driver.FindElement(OpenQA.Selenium.By.TagName("html")).GetAttribute("lang"));
                Assert.Equal(title, chromium.Driver.FindElement(OpenQA.Selenium.By.TagName("h1")).Text);
                var links = chromium.Driver.FindElements(OpenQA.Selenium.By.TagName("a"));
                Assert.Equal(button, links[0].Text);
                Assert.Equal(language == "en" ? $"https://marathon.example.org/surveys/{token}?lang=en" : $"https://marathon.example.org/surveys/{token}", links[0].GetAttribute("href"));
                Assert.Equal(other, links[^1].Text);
                Assert.True(links[0].Displayed && links[0].Size.Height >= 40, "the button is there to be tapped");
                chromium.Screenshot($"mail-survey-{language}");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    private async Task<int> SentEvents(Guid marathonId)
    {
        await using var session = feedback.Host.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(marathonId)).Count(e => e.Data is ProBono.Feedback.Campaigns.InvitationSent);
    }

    /// <summary>Rows of any table of Feedback's schema whose content mentions <paramref name="text"/>.</summary>
    private async Task<int> RowsMentioning(string text)
    {
        await using var session = feedback.Host.Store.QuerySession();
        var tables = await session.AdvancedSql.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = 'feedback' and table_type = 'BASE TABLE'", CancellationToken.None);
        var rows = 0;
        foreach (var table in tables)
        {
            var found = await session.AdvancedSql.QueryAsync<int>(
                $"select count(*)::int from feedback.\"{table}\" t where t::text like '%' || ? || '%'", CancellationToken.None, text);
            rows += found[0];
        }
        return rows;
    }
}
