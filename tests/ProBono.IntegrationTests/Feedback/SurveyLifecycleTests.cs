using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Reminders;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// The mailing Feedback (its own SMTP server, a real Recruitment) with a clock the tests move, looked at by the survey
/// clock five times a second: the survey's days pass in an instant.
/// </summary>
public sealed class SurveyClockFixture : MailingFeedbackFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string>? Settings =>
        new Dictionary<string, string>(base.Settings!) { ["Feedback:SurveyClockSeconds"] = "0.2" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);

    /// <summary>Another replica of <see cref="FeedbackFixture"/>'s Feedback: the same database and clock, queues of its own.</summary>
    public async Task<ServiceHost<FeedbackProgram>> AnotherReplica()
    {
        var replica = new ServiceHost<FeedbackProgram>(Servers, "feedbackdb", Host.DatabaseName, $"{QueuePrefix}-b", settings: Settings,
            services: ConfigureServices);
        var anonymous = replica.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the other replica healthy");
        return replica;
    }
}

/// <summary>
/// A survey's life after its invitation: reminders on days 3 and 7 to whoever has not answered (once each, never after
/// the closing, also with two replicas), the closing (410 and a closed page), and the associations' follow-up, opened
/// by staff or by the clock, answered on its page and counted in the report. Real PostgreSQL, RabbitMQ, SMTP and Recruitment.
/// </summary>
public sealed class SurveyLifecycleTests(SurveyClockFixture feedback, ITestOutputHelper output) : IClassFixture<SurveyClockFixture>
{
    /// <summary>How long the survey clock gets to do what it should not: many of its looks.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private IReadOnlyList<MimeKit.MimeMessage> MailsTo(string address) =>
        [.. feedback.Smtp.Received.Where(m => m.To.Contains(address)).Select(m => m.Message)];

    private int RemindersTo(string address) => MailsTo(address).Count(m => (m.Subject ?? "").StartsWith("Rappel : ", StringComparison.Ordinal));

    private async Task<IReadOnlyList<JsonElement>> Settled(Guid marathonId, int invitations) =>
        await Eventually.Get(async () =>
        {
            // Feedback may not have heard of the marathon yet (404): not settled
            var list = await feedback.InvitationsOnceHeard(marathonId);
            return list is not null && list.Count == invitations && list.All(i => i.GetProperty("sendingState").GetString() != "pending") ? list : null;
        }, TimeSpan.FromSeconds(60), $"{invitations} invitations mailed or refused");

    private static JsonElement Of(IReadOnlyList<JsonElement> invitations, string group, object respondent) =>
        invitations.Single(i => i.GetProperty("group").GetString() == group && i.GetProperty("respondentId").GetString() == respondent.ToString());

    private static string TokenOf(IReadOnlyList<JsonElement> invitations, string group, object respondent) =>
        Of(invitations, group, respondent).GetProperty("token").GetString()!;

    /// <summary>Moves Feedback's clock to <paramref name="day"/> days after <paramref name="start"/>.</summary>
    private void Day(DateTimeOffset start, double day) => feedback.Time.SetUtcNow(start.AddDays(day));

    private async Task RemindersReach(string address, int count, string what)
    {
        try
        {
            await Eventually.True(() => Task.FromResult(RemindersTo(address) >= count), TimeSpan.FromSeconds(30), what);
        }
        catch (TimeoutException)
        {
            output.WriteLine($"clock {feedback.Time.GetUtcNow():O}; mails: {string.Join(" | ", feedback.Smtp.Received.Select(m => $"{string.Join(",", m.To)} {m.Message.Subject}"))}");
            await using var session = feedback.Host.Store.QuerySession();
            foreach (var i in await session.Query<SurveyInvitation>().ToListAsync())
            {
                output.WriteLine($"{i.Group} {i.SendingState} issued {i.IssuedAt:O} closes {i.ClosesAt:O} answered {i.AnsweredAt:O} reminders {i.RemindersSent}");
            }
            throw;
        }
    }

    [Fact]
    public async Task Reminders_come_on_days_3_and_7_once_each_never_to_whoever_answered_and_after_the_closing_the_survey_is_gone()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (late, early) = ($"late-{tag}@edf.example", $"early-{tag}@edf.example");
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay(late, early);
        var start = feedback.Time.GetUtcNow();
        await feedback.Complete(marathonId);
        var invitations = await Settled(marathonId, 3);
        Assert.All(invitations, i => Assert.Equal(start.AddDays(14), i.GetProperty("closesAt").GetDateTimeOffset()));
        Assert.Equal("sent", Of(invitations, "volunteer", volunteers[0]).GetProperty("status").GetString());
        Day(start, 1);
        Assert.Equal(HttpStatusCode.Created,
            (await feedback.Answer(TokenOf(invitations, "volunteer", volunteers[1]), new { nps = 9, satisfaction = 4, answers = new { } })).StatusCode);

        Day(start, 3);
        await RemindersReach(late, 1, "the first reminder");
        var reminder = MailsTo(late).Single(m => (m.Subject ?? "").StartsWith("Rappel : ", StringComparison.Ordinal));
        Assert.Equal("Rappel : Mailing marathon (16 novembre 2030) : votre avis en deux minutes", reminder.Subject);
        Assert.Contains($"https://marathon.example.org/surveys/{TokenOf(invitations, "volunteer", volunteers[0])}", reminder.TextBody, StringComparison.Ordinal);
        Assert.IsType<MimeKit.MultipartAlternative>(reminder.Body);
        Day(start, 5);
        await Task.Delay(Quiet);
        Assert.Equal((1, 0), (RemindersTo(late), RemindersTo(early)));
        var listed = await feedback.Invitations(marathonId);
        Assert.Equal((1, "sent"), (Of(listed, "volunteer", volunteers[0]).GetProperty("remindersSent").GetInt32(), Of(listed, "volunteer", volunteers[0]).GetProperty("status").GetString()));
        Assert.Equal((0, "answered"), (Of(listed, "volunteer", volunteers[1]).GetProperty("remindersSent").GetInt32(), Of(listed, "volunteer", volunteers[1]).GetProperty("status").GetString()));

        Day(start, 7);
        await RemindersReach(late, 2, "the second reminder");
        Day(start, 10);
        await Task.Delay(Quiet);
        Day(start, 15);
        await Task.Delay(Quiet);
        Assert.Equal((2, 0), (RemindersTo(late), RemindersTo(early)));
        Assert.Single(MailsTo(early));

        // closed: the list says so, the API answers 410, the page shows a closed page in its language; an answer stays answered
        listed = await feedback.Invitations(marathonId);
        Assert.Equal(("closed", 2), (Of(listed, "volunteer", volunteers[0]).GetProperty("status").GetString(), Of(listed, "volunteer", volunteers[0]).GetProperty("remindersSent").GetInt32()));
        Assert.Equal("answered", Of(listed, "volunteer", volunteers[1]).GetProperty("status").GetString());
        var token = TokenOf(invitations, "volunteer", volunteers[0]);
        foreach (var gone in new[]
        {
            await feedback.Answer(token, new { nps = 9, satisfaction = 4, answers = new { } }),
            await feedback.Anonymous.GetAsync($"/api/surveys/{token}"),
        })
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        }
        var page = await feedback.Anonymous.GetAsync($"/surveys/{token}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("Questionnaire fermé", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var english = await feedback.Anonymous.GetAsync($"/surveys/{token}?lang=en");
        Assert.Contains("Survey closed", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var posted = await feedback.Anonymous.PostAsync($"/surveys/{token}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["lang"] = "fr", ["nps"] = "9", ["satisfaction"] = "4" }));
        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);
        Assert.Contains("Questionnaire fermé", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await feedback.Anonymous.GetAsync($"/surveys/{TokenOf(invitations, "volunteer", volunteers[1])}")).StatusCode);
        Assert.Equal(1, (await feedback.Report(marathonId)).GetProperty("groups").GetProperty("volunteer").GetProperty("responded").GetInt32());
    }

    [Fact]
    public async Task A_marathon_surveyed_for_5_days_closes_then_and_its_day_7_reminder_never_comes()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var address = $"short-{tag}@edf.example";
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay([new { partnerId = "edf", name = "EDF", quota = 10 }], surveyDays: 5, address);
        var start = feedback.Time.GetUtcNow();
        await feedback.Complete(marathonId);
        var invitations = await Settled(marathonId, 2);
        Assert.Equal(start.AddDays(5), Of(invitations, "volunteer", volunteers[0]).GetProperty("closesAt").GetDateTimeOffset());

        Day(start, 3);
        await RemindersReach(address, 1, "the first reminder");
        Day(start, 4.9);
        Assert.Equal(HttpStatusCode.OK, (await feedback.Anonymous.GetAsync($"/surveys/{TokenOf(invitations, "volunteer", volunteers[0])}")).StatusCode);
        Day(start, 7);
        await Task.Delay(Quiet);
        Day(start, 8);
        await Task.Delay(Quiet);
        Assert.Equal(1, RemindersTo(address));
        Assert.Equal("closed", Of(await feedback.Invitations(marathonId), "volunteer", volunteers[0]).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Staff_open_the_follow_up_once_the_association_answers_it_on_its_page_and_the_report_counts_it()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var contact = $"follow-{tag}@asso.example";
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"follow-volunteer-{tag}@edf.example", $"other-volunteer-{tag}@edf.example");
        var (delivered, idle) = (Guid.NewGuid(), Guid.NewGuid());
        var need = await feedback.ANeed(marathonId, delivered, contact);
        var idleNeed = await feedback.ANeed(marathonId, idle, $"idle-{tag}@asso.example");
        var team = await feedback.ATeam(marathonId, need, (volunteers[0], "edf"));
        await feedback.ATeam(marathonId, idleNeed, (volunteers[1], "edf"));
        await feedback.MissionCompleted(marathonId, team, need, (volunteers[0], "edf"));

        var notYet = await feedback.Staff.PostAsync($"/admin/marathons/{marathonId}/follow-up", null);
        Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);
        Assert.Equal("application/problem+json", notYet.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await feedback.Staff.PostAsync($"/admin/marathons/{Guid.NewGuid()}/follow-up", null)).StatusCode);
        await feedback.Complete(marathonId);
        await Settled(marathonId, 5);

        var opened = await feedback.Staff.PostAsync($"/admin/marathons/{marathonId}/follow-up", null);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var view = await opened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (view.GetProperty("invited").GetInt32(), view.GetProperty("invitedNow").GetInt32()));
        var again = await (await feedback.Staff.PostAsync($"/admin/marathons/{marathonId}/follow-up", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0), (again.GetProperty("invited").GetInt32(), again.GetProperty("invitedNow").GetInt32()));

        var invitations = await Settled(marathonId, 6);
        var followUp = Of(invitations, "association-follow-up", delivered);
        Assert.Equal(("sent", contact), (followUp.GetProperty("sendingState").GetString(), followUp.GetProperty("email").GetString()));
        Assert.DoesNotContain(invitations, i => i.GetProperty("group").GetString() == "association-follow-up" && i.GetProperty("respondentId").GetString() == idle.ToString());
        var mail = Assert.Single(MailsTo(contact), m => (m.Subject ?? "").Contains("que devient votre livrable", StringComparison.Ordinal));
        var token = followUp.GetProperty("token").GetString()!;
        Assert.Contains($"https://marathon.example.org/surveys/{token}", mail.TextBody, StringComparison.Ordinal);

        // its page asks the follow-up's questions, in French and English, and checks the answer on the server
        var french = await (await feedback.Anonymous.GetAsync($"/surveys/{token}")).Content.ReadAsStringAsync();
        Assert.Contains("Que devient votre livrable ?", french, StringComparison.Ordinal);
        Assert.Contains("value=\"partly\"", french, StringComparison.Ordinal);
        Assert.Contains("En partie", french, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"satisfaction\"", french, StringComparison.Ordinal);
        Assert.Contains("Is the deliverable made during the marathon in use today?",
            await (await feedback.Anonymous.GetAsync($"/surveys/{token}?lang=en")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var incomplete = await feedback.Anonymous.PostAsync($"/surveys/{token}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["lang"] = "fr", ["nps"] = "10", ["answers.changed"] = "Un site à jour" }));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var reshown = await incomplete.Content.ReadAsStringAsync();
        Assert.Contains("Choisissez une réponse.", reshown, StringComparison.Ordinal);
        Assert.Contains("Un site à jour", reshown, StringComparison.Ordinal);
        var api = await feedback.Answer(token, new { nps = 10, satisfaction = 4, answers = new Dictionary<string, object> { ["in-use"] = "yes" } });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var answered = await feedback.Anonymous.PostAsync($"/surveys/{token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lang"] = "fr", ["answers.in-use"] = "partly", ["answers.changed"] = "Un site à jour", ["nps"] = "10",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, answered.StatusCode);

        var report = await feedback.Report(marathonId);
        var figures = report.GetProperty("followUp");
        Assert.Equal((1, 1, 0, 1, 0, 100.0m),
            (figures.GetProperty("invited").GetInt32(), figures.GetProperty("responded").GetInt32(), figures.GetProperty("inUse").GetInt32(),
                figures.GetProperty("partlyInUse").GetInt32(), figures.GetProperty("notInUse").GetInt32(), figures.GetProperty("nps").GetDecimal()));
        // the first surveys' figures are the first surveys' alone: both associations, not the follow-up
        Assert.Equal((2, 0), (report.GetProperty("groups").GetProperty("association").GetProperty("invited").GetInt32(),
            report.GetProperty("groups").GetProperty("association").GetProperty("responded").GetInt32()));
    }

    [Fact]
    public async Task The_clock_opens_the_follow_up_six_months_after_the_completion()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var contact = $"clock-{tag}@asso.example";
        var (marathonId, volunteers) = await feedback.AMarathonOnTheDay($"clock-volunteer-{tag}@edf.example");
        var association = Guid.NewGuid();
        var need = await feedback.ANeed(marathonId, association, contact);
        var team = await feedback.ATeam(marathonId, need, (volunteers[0], "edf"));
        await feedback.MissionCompleted(marathonId, team, need, (volunteers[0], "edf"));
        var start = feedback.Time.GetUtcNow();
        await feedback.Complete(marathonId);
        await Settled(marathonId, 3);

        feedback.Time.SetUtcNow(start.AddMonths(6).AddDays(-2));
        await Task.Delay(Quiet);
        Assert.DoesNotContain(await feedback.Invitations(marathonId), i => i.GetProperty("group").GetString() == "association-follow-up");
        // a day past the six months, whatever the month's length
        var due = start.AddMonths(6).AddDays(1);
        feedback.Time.SetUtcNow(due);
        var invitations = await Settled(marathonId, 4);
        var followUp = Of(invitations, "association-follow-up", association);
        Assert.Equal(due.AddDays(14), followUp.GetProperty("closesAt").GetDateTimeOffset());
        await Eventually.True(() => Task.FromResult(MailsTo(contact).Any(m => (m.Subject ?? "").Contains("que devient votre livrable", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the follow-up mailed to the association");
        Assert.Equal(1, (await feedback.Report(marathonId)).GetProperty("followUp").GetProperty("invited").GetInt32());
    }

    [Fact]
    public async Task The_invitations_are_listed_a_page_at_a_time_with_the_true_total()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var (marathonId, _) = await feedback.AMarathonOnTheDay($"paged-a-{tag}@edf.example", $"paged-b-{tag}@edf.example", $"paged-c-{tag}@edf.example");
        await feedback.Complete(marathonId);
        var all = await Settled(marathonId, 4);

        var first = await feedback.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/invitations?page=1&pageSize=2");
        var second = await feedback.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/invitations?page=2&pageSize=2");
        var past = await feedback.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/invitations?page=9&pageSize=2");
        Assert.Equal((2, 4), (first.GetProperty("items").GetArrayLength(), first.GetProperty("total").GetInt32()));
        Assert.Equal(all.Select(i => i.GetProperty("token").GetString()),
            first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("token").GetString()));
        Assert.Equal((0, 4), (past.GetProperty("items").GetArrayLength(), past.GetProperty("total").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await feedback.Staff.GetAsync($"/admin/marathons/{marathonId}/invitations?pageSize=501")).StatusCode);
    }
}

/// <summary>
/// Two Feedback replicas on one database and one clock: each reminder is claimed once and mailed once. A fixture of its
/// own, so the second replica's clock and mailer touch no other test's marathons.
/// </summary>
public sealed class TwoFeedbackReplicasTests(SurveyClockFixture feedback, ITestOutputHelper output) : IClassFixture<SurveyClockFixture>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private int RemindersTo(string address) =>
        feedback.Smtp.Received.Where(m => m.To.Contains(address)).Count(m => (m.Message.Subject ?? "").StartsWith("Rappel : ", StringComparison.Ordinal));

    private async Task RemindersReach(string address, int count, string what) =>
        await Eventually.True(() => Task.FromResult(RemindersTo(address) >= count), TimeSpan.FromSeconds(30), what);

    private async Task Settled(Guid marathonId, int invitations) =>
        await Eventually.Get(async () =>
        {
            // Feedback may not have heard of the marathon yet (404): not settled
            var list = await feedback.InvitationsOnceHeard(marathonId);
            return list is not null && list.Count == invitations && list.All(i => i.GetProperty("sendingState").GetString() != "pending") ? list : null;
        }, TimeSpan.FromSeconds(60), $"{invitations} invitations mailed or refused");

    private void Day(DateTimeOffset start, double day) => feedback.Time.SetUtcNow(start.AddDays(day));

    [Fact]
    public async Task Two_Feedback_replicas_on_one_database_send_each_reminder_once()
    {
        await using var replica = await feedback.AnotherReplica();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var addresses = Enumerable.Range(0, 8).Select(i => $"twice-{i}-{tag}@edf.example").ToArray();
        var (marathonId, _) = await feedback.AMarathonOnTheDay(addresses);
        var start = feedback.Time.GetUtcNow();
        await feedback.Complete(marathonId);
        await Settled(marathonId, addresses.Length + 1);

        Day(start, 3);
        // besides both replicas' clocks, both claim at the very same moment, several times over
        var stores = new[] { feedback.Host.Store, replica.Store };
        var claimed = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            SurveyReminders.Claim(stores[i % 2], SurveyTiming.DefaultReminderDays, start.AddDays(3), NullLogger.Instance, CancellationToken.None))));
        foreach (var address in addresses)
        {
            await RemindersReach(address, 1, $"the reminder to {address}");
        }
        await Task.Delay(Quiet);

        Assert.All(addresses, a => Assert.Equal(1, RemindersTo(a)));
        await using var session = feedback.Host.Store.QuerySession();
        var issued = (await session.Events.FetchStreamAsync(marathonId)).Select(e => e.Data).OfType<SurveyReminderIssued>().ToList();
        Assert.Equal(addresses.Length, issued.Count);
        Assert.Equal(addresses.Length, issued.Select(r => r.Token).Distinct().Count());
        Assert.All(await feedback.Invitations(marathonId), i => Assert.Equal(i.GetProperty("group").GetString() == "volunteer" ? 1 : 0, i.GetProperty("remindersSent").GetInt32()));
        output.WriteLine($"reminders claimed by the concurrent calls: {string.Join(", ", claimed)} (the clocks claimed the rest)");
    }
}
