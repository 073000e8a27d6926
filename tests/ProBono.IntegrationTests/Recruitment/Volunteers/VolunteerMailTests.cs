using System.Text;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Mails;
using ProBono.IntegrationTests.Recruitment.Partners;

namespace ProBono.IntegrationTests.Recruitment.Volunteers;

/// <summary>
/// Two Recruitment replicas on one database, mailing to a real SMTP server of the test's own, with one clock the tests
/// move (reminders are timed by it). The mailers poll every 100 ms.
/// </summary>
public sealed class VolunteerMailFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));

    public ServiceHost<RecruitmentProgram> A { get; private set; } = null!;

    public ServiceHost<RecruitmentProgram> B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name("volunteermail");
        A = Replica(servers, name, name);
        await Healthy(A);
        // the second replica starts once the first made the schema: two replicas of one service, as in production
        B = Replica(servers, name, $"{name}-b".Replace('_', '-'));
        await Healthy(B);
    }

    private ServiceHost<RecruitmentProgram> Replica(TestServers servers, string database, string queues) =>
        new(servers, "recruitmentdb", database, queues, settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:smtp"] = $"smtp://127.0.0.1:{Smtp.Port}",
            ["Mail:From"] = "marathon@probono.example",
            ["Mail:FromName"] = "Marathon Pro Bono",
            ["Recruitment:PublicUrl"] = "https://marathon.example.org",
            ["Recruitment:Mail:PollInterval"] = "00:00:00.1",
        }, services: s => s.AddSingleton<TimeProvider>(Time));

    private static async Task Healthy(ServiceHost<RecruitmentProgram> host)
    {
        var anonymous = host.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Recruitment healthy");
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// Volunteers' mails against real servers: the confirmation with its badge, QR code and calendar entry, the waitlisted
/// and promoted mails, the reminders timed by the clock and sent now by staff, each once over two replicas, and the
/// attendance page the day-before mail links to. One class: the clock only moves forward, so each test schedules its
/// marathon ten days after the clock's current day.
/// </summary>
[Collection(nameof(VolunteerMailTests))]
public sealed partial class VolunteerMailTests(VolunteerMailFixture fixture) : IClassFixture<VolunteerMailFixture>
{
    private HttpClient Staff => fixture.A.ClientWith(Tokens.Staff());

    private HttpClient StaffOnB => fixture.B.ClientWith(Tokens.Staff());

    private HttpClient Partner(string partnerId) => fixture.A.ClientWith(Tokens.Partner(partnerId));

    private HttpClient Anonymous => fixture.A.ClientWith(null);

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private IReadOnlyList<MimeMessage> MailsTo(string address) =>
        [.. fixture.Smtp.Received.Where(m => m.To.Contains(address)).Select(m => m.Message)];

    private sealed record Marathon(Guid Id, DateOnly Date);

    /// <summary>A marathon ten days after the clock's day, with EDF (quota <paramref name="quota"/>), registration open.</summary>
    private async Task<Marathon> AnOpenMarathon(string tag, int quota)
    {
        var date = DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime).AddDays(10);
        var scheduled = await MarathonSteps.Ok(await Staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = $"Marathon {tag}", venue = "Paris La Défense", date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            registrationDeadline = date.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), hourlyValueEur = 80,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota } },
        }));
        var id = scheduled.GetProperty("marathonId").GetGuid();
        await MarathonSteps.Ok(await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null));
        return new Marathon(id, date);
    }

    private static string Address(string tag, string who) => $"{who}-{tag}@edf.example";

    private async Task<Guid> Register(Marathon marathon, string tag, string who, string language = "fr")
    {
        var registered = await MarathonSteps.Ok(await Partner("edf").PostAsJsonAsync($"/api/marathons/{marathon.Id}/volunteers", new
        {
            employeeRef = $"{who}-{tag}", firstName = who, lastName = "Martin", email = Address(tag, who), skills = new[] { "finance" },
            leadCapable = false, causePreferences = Array.Empty<string>(), language,
        }));
        return registered.GetProperty("volunteerId").GetGuid();
    }

    private async Task<Volunteer> Volunteer(Guid id)
    {
        await using var session = fixture.A.Store.QuerySession();
        return (await session.LoadAsync<Volunteer>(id))!;
    }

    private async Task<IReadOnlyList<VolunteerMailing>> Mailings(Guid marathonId)
    {
        await using var session = fixture.A.Store.QuerySession();
        return await session.Query<VolunteerMailing>().Where(m => m.MarathonId == marathonId).ToListAsync();
    }

    /// <summary>Every queued mail of the marathon sent or set aside, <paramref name="count"/> of them.</summary>
    private async Task<IReadOnlyList<VolunteerMailing>> Settled(Guid marathonId, int count) =>
        await Eventually.Get(async () =>
        {
            var mailings = await Mailings(marathonId);
            return mailings.Count == count && mailings.All(m => m.State is not ("pending" or "sending")) ? mailings : null;
        }, TimeSpan.FromSeconds(60), $"{count} volunteer mails sent");

    /// <summary>A few more rounds of both mailers: what they would send twice, they would have sent by then.</summary>
    private static Task MoreRounds() => Task.Delay(TimeSpan.FromSeconds(1.5));

    private static MimePart Part(MimeMessage message, string mimeType) =>
        Assert.Single(message.BodyParts.OfType<MimePart>(), p => p.ContentType.MimeType == mimeType);

    private static byte[] Bytes(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }

    private static string Headers(MimeMessage message) =>
        string.Join("\n", message.BodyParts.Prepend(message.Body!).SelectMany(p => p.Headers).Concat(message.Headers).Select(h => $"{h.Field}: {h.Value}"));

    [GeneratedRegex(@"/attendance/([A-Za-z0-9_-]{43})\?lang=(fr|en)")]
    private static partial Regex AttendanceLink();

    private static string TokenIn(MimeMessage mail) => AttendanceLink().Match(mail.TextBody!).Groups[1].Value;

    private static void ConfirmationMail(MimeMessage mail, Marathon marathon, string badge)
    {
        Assert.Equal(("Marathon Pro Bono", "marathon@probono.example"), (mail.From.Mailboxes.Single().Name, mail.From.Mailboxes.Single().Address));
        Assert.Contains(badge, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(badge, mail.HtmlBody, StringComparison.Ordinal);
        // the QR code: a PNG shown inline, referenced by its Content-ID from the HTML, that encodes the badge code
        var qr = Part(mail, "image/png");
        Assert.Contains($"src=\"cid:{qr.ContentId}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], Bytes(qr)[..4]);
        Assert.Equal(VolunteerMail.QrPng(badge), Bytes(qr));
        // the day as a calendar entry
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(Bytes(Part(mail, "text/calendar"))))!;
        var day = Assert.Single(calendar.Events);
        Assert.Equal((marathon.Date, false, "Paris La Défense"), (day.DtStart!.Date, day.DtStart.HasTime, day.Location));
        Assert.DoesNotContain(badge, Headers(mail), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_mails_the_confirmed_their_badge_QR_code_and_calendar_entry_the_waitlisted_their_place_and_the_promoted_as_confirmed()
    {
        var tag = Tag();
        var marathon = await AnOpenMarathon(tag, quota: 1);
        var ada = await Register(marathon, tag, "ada");
        var bob = await Register(marathon, tag, "bob", "en");
        await Register(marathon, tag, "cleo");
        await Settled(marathon.Id, 3);

        var date = $"{marathon.Date.Day} ";
        var adaMail = Assert.Single(MailsTo(Address(tag, "ada")));
        var adaBadge = (await Volunteer(ada)).BadgeCode!;
        Assert.StartsWith($"Marathon {tag} – {date}", adaMail.Subject, StringComparison.Ordinal);
        ConfirmationMail(adaMail, marathon, adaBadge);
        Assert.EndsWith(": votre place est confirmée", adaMail.Subject, StringComparison.Ordinal);
        Assert.Contains("Bonjour ada,", adaMail.TextBody, StringComparison.Ordinal);
        var bobMail = Assert.Single(MailsTo(Address(tag, "bob")));
        Assert.EndsWith(": you are on the waitlist", bobMail.Subject, StringComparison.Ordinal);
        Assert.Contains("you are number 1 on its waitlist", bobMail.TextBody, StringComparison.Ordinal);
        Assert.Empty(bobMail.Attachments);
        Assert.Contains("vous êtes n° 2 sur sa liste d'attente", Assert.Single(MailsTo(Address(tag, "cleo"))).TextBody, StringComparison.Ordinal);

        await MarathonSteps.Ok(await Staff.DeleteAsync($"/api/marathons/{marathon.Id}/volunteers/{ada}"));
        await Settled(marathon.Id, 4);

        var promoted = MailsTo(Address(tag, "bob"));
        Assert.Equal(2, promoted.Count);
        var bobBadge = (await Volunteer(bob)).BadgeCode!;
        var promotion = promoted.Single(m => m.Subject!.EndsWith(": a place opened up for you", StringComparison.Ordinal));
        ConfirmationMail(promotion, marathon, bobBadge);
        Assert.Single(MailsTo(Address(tag, "ada")));
        Assert.Single(MailsTo(Address(tag, "cleo")));
    }

    [Fact]
    public async Task Moving_the_clock_to_D_minus_7_then_D_minus_1_sends_each_reminder_once_over_two_replicas()
    {
        var tag = Tag();
        var marathon = await AnOpenMarathon(tag, quota: 10);
        var people = Enumerable.Range(0, 12).Select(i => $"p{i:00}").ToList();
        foreach (var who in people)
        {
            await Register(marathon, tag, who, who == "p00" ? "en" : "fr");
        }
        await Settled(marathon.Id, 12);
        Assert.All(people, who => Assert.Single(MailsTo(Address(tag, who))));

        fixture.Time.SetUtcNow(Reminders.DueAt(marathon.Date, "week"));
        await Settled(marathon.Id, 22);
        await MoreRounds();

        var confirmed = people.Take(10).ToList();
        Assert.All(confirmed, who => Assert.Single(MailsTo(Address(tag, who)), m => m.Subject!.Contains("c'est dans une semaine", StringComparison.Ordinal)
            || m.Subject!.Contains("one week to go", StringComparison.Ordinal)));
        Assert.All(people.Skip(10), who => Assert.Single(MailsTo(Address(tag, who)))); // the waitlisted: no reminder

        fixture.Time.SetUtcNow(Reminders.DueAt(marathon.Date, "day"));
        await Settled(marathon.Id, 32);
        await MoreRounds();

        Assert.Equal(32, (await Mailings(marathon.Id)).Count);
        Assert.All(confirmed, who => Assert.Equal(3, MailsTo(Address(tag, who)).Count));
        var english = Assert.Single(MailsTo(Address(tag, "p00")), m => m.Subject!.EndsWith(": it's tomorrow, please confirm you are coming", StringComparison.Ordinal));
        Assert.Contains("/attendance/", english.TextBody, StringComparison.Ordinal);
        Assert.NotEmpty(TokenIn(english));
        Assert.DoesNotContain(TokenIn(english), Headers(english), StringComparison.Ordinal);
        Assert.All(people.Skip(10), who => Assert.Single(MailsTo(Address(tag, who))));
    }

    [Fact]
    public async Task Staff_send_a_reminder_now_and_the_same_call_again_sends_nothing_new()
    {
        var tag = Tag();
        var marathon = await AnOpenMarathon(tag, quota: 2);
        await Register(marathon, tag, "ada");
        await Register(marathon, tag, "bob");
        await Register(marathon, tag, "cleo"); // waitlisted: no reminder
        await Settled(marathon.Id, 3);

        var first = await Staff.PostAsync($"/admin/marathons/{marathon.Id}/reminders/week", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        await Settled(marathon.Id, 5);
        var again = await StaffOnB.PostAsync($"/admin/marathons/{marathon.Id}/reminders/week", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        await MoreRounds();

        Assert.Equal(2, MailsTo(Address(tag, "ada")).Count);
        Assert.Equal(2, MailsTo(Address(tag, "bob")).Count);
        Assert.Single(MailsTo(Address(tag, "cleo")));

        Assert.Equal(HttpStatusCode.BadRequest, (await Staff.PostAsync($"/admin/marathons/{marathon.Id}/reminders/month", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.PostAsync($"/admin/marathons/{Guid.NewGuid()}/reminders/day", null)).StatusCode);
        var steps = new MarathonSteps(Staff, Partner);
        await steps.StartTheDay(marathon.Id);
        await steps.Complete(marathon.Id);
        var completed = await Staff.PostAsync($"/admin/marathons/{marathon.Id}/reminders/day", null);
        Assert.Equal(HttpStatusCode.Conflict, completed.StatusCode);
        Assert.Equal("application/problem+json", completed.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A marathon whose day-before mails went out (sent now by staff); the token in each volunteer's mail.</summary>
    private async Task<(Marathon Marathon, Dictionary<string, Guid> Ids, Dictionary<string, string> Tokens)> DayMailsSent(string tag, int quota, params string[] people)
    {
        var marathon = await AnOpenMarathon(tag, quota);
        var ids = new Dictionary<string, Guid>();
        foreach (var who in people)
        {
            ids[who] = await Register(marathon, tag, who);
        }
        await Settled(marathon.Id, people.Length);
        var sent = await Staff.PostAsync($"/admin/marathons/{marathon.Id}/reminders/day", null);
        var queued = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32();
        await Settled(marathon.Id, people.Length + queued);
        var tokens = people.Take(queued).ToDictionary(who => who, who => TokenIn(MailsTo(Address(tag, who)).Single(m => AttendanceLink().IsMatch(m.TextBody ?? ""))));
        return (marathon, ids, tokens);
    }

    private static FormUrlEncodedContent Answer(string answer, string language) =>
        new(new Dictionary<string, string> { ["lang"] = language, ["answer"] = answer });

    private static async Task<string> Html(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        return html;
    }

    private async Task<IReadOnlyList<object>> EventsOf(Guid volunteerId)
    {
        await using var session = fixture.A.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(volunteerId)).Select(e => e.Data)];
    }

    [Fact]
    public async Task On_the_attendance_page_a_volunteer_confirms_in_French_or_English_without_JavaScript()
    {
        var tag = Tag();
        var (marathon, ids, tokens) = await DayMailsSent(tag, 2, "ada");

        var page = await Anonymous.GetAsync($"/attendance/{tokens["ada"]}");
        var french = await Html(page, HttpStatusCode.OK);
        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains($"Marathon {tag}, le {marathon.Date.Day} ", french, StringComparison.Ordinal);
        Assert.Contains("Paris La Défense", french, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\">", french, StringComparison.Ordinal);
        Assert.Contains("name=\"answer\" value=\"confirm\">Je viens</button>", french, StringComparison.Ordinal);
        Assert.Contains("name=\"answer\" value=\"cancel\">Je ne peux pas venir</button>", french, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var english = await Html(await Anonymous.GetAsync($"/attendance/{tokens["ada"]}?lang=en"), HttpStatusCode.OK);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("I am coming", english, StringComparison.Ordinal);

        // what a browser without JavaScript sends: the form's fields, url-encoded; then it follows the 303 with a GET
        var posted = await Anonymous.PostAsync($"/attendance/{tokens["ada"]}?lang=en", Answer("confirm", "en"));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();
        Assert.StartsWith("/attendance/answers/", location, StringComparison.Ordinal);
        Assert.EndsWith("?lang=en", location, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens["ada"], location, StringComparison.Ordinal);
        Assert.DoesNotContain(posted.Headers.Concat(posted.Content.Headers), h => h.Value.Any(v => v.Contains(tokens["ada"], StringComparison.Ordinal)));
        var result = await Html(await Anonymous.GetAsync(location), HttpStatusCode.OK);
        Assert.Contains("Your attendance is confirmed", result, StringComparison.Ordinal);

        Assert.Single((await EventsOf(ids["ada"])).OfType<VolunteerAttendanceConfirmed>());
        Assert.Equal(HttpStatusCode.SeeOther, (await Anonymous.PostAsync($"/attendance/{tokens["ada"]}", Answer("confirm", "fr"))).StatusCode);
        Assert.Single((await EventsOf(ids["ada"])).OfType<VolunteerAttendanceConfirmed>());
        Assert.Contains("Vous avez déjà confirmé", await Html(await Anonymous.GetAsync($"/attendance/{tokens["ada"]}"), HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_on_the_attendance_page_withdraws_the_volunteer_and_the_first_waitlisted_takes_the_place()
    {
        var tag = Tag();
        var (marathon, ids, tokens) = await DayMailsSent(tag, 1, "ada", "bob", "cleo");

        var posted = await Anonymous.PostAsync($"/attendance/{tokens["ada"]}", Answer("cancel", "fr"));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var result = await Html(await Anonymous.GetAsync(posted.Headers.Location!.ToString()), HttpStatusCode.OK);
        Assert.Contains("Votre place est annulée", result, StringComparison.Ordinal);

        Assert.Equal(VolunteerStatus.Withdrawn, (await Volunteer(ids["ada"])).Status);
        Assert.Equal(VolunteerStatus.Confirmed, (await Volunteer(ids["bob"])).Status);
        Assert.Equal(VolunteerStatus.Waitlisted, (await Volunteer(ids["cleo"])).Status);
        await Settled(marathon.Id, 5);
        Assert.Single(MailsTo(Address(tag, "bob")), m => m.Subject!.EndsWith(": une place s'est libérée pour vous", StringComparison.Ordinal));
        // the page now says so, and offers nothing more
        Assert.Contains("Votre place est annulée", await Html(await Anonymous.GetAsync($"/attendance/{tokens["ada"]}"), HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_garbled_token_is_a_404_page_and_once_the_day_started_the_page_says_it_is_too_late_and_changes_nothing()
    {
        var tag = Tag();
        var (marathon, ids, tokens) = await DayMailsSent(tag, 2, "ada");

        foreach (var unknown in new[] { new string('A', 43), "garbled", "a%20b" })
        {
            var html = await Html(await Anonymous.GetAsync($"/attendance/{unknown}?lang=en"), HttpStatusCode.NotFound);
            Assert.Contains("Page not found", html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.PostAsync($"/attendance/{unknown}", Answer("cancel", "fr"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/attendance/answers/{AttendanceTokens.HashOf(new string('A', 43))}")).StatusCode);
        // the receipt is no key: the token's hash opens no form
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/attendance/{AttendanceTokens.HashOf(tokens["ada"])}")).StatusCode);

        var steps = new MarathonSteps(Staff, Partner);
        await steps.StartTheDay(marathon.Id);
        var late = await Html(await Anonymous.GetAsync($"/attendance/{tokens["ada"]}"), HttpStatusCode.Gone);
        Assert.Contains("Il est trop tard pour répondre", late, StringComparison.Ordinal);
        Assert.Contains($"Marathon {tag}", late, StringComparison.Ordinal);
        Assert.Contains("Too late to answer", await Html(await Anonymous.PostAsync($"/attendance/{tokens["ada"]}", Answer("cancel", "en")), HttpStatusCode.Gone), StringComparison.Ordinal);
        await Html(await Anonymous.PostAsync($"/attendance/{tokens["ada"]}", Answer("confirm", "en")), HttpStatusCode.Gone);

        Assert.Equal(VolunteerStatus.Confirmed, (await Volunteer(ids["ada"])).Status);
        Assert.Empty((await EventsOf(ids["ada"])).OfType<VolunteerAttendanceConfirmed>());
        Assert.Empty((await EventsOf(ids["ada"])).OfType<VolunteerWithdrawn>());
    }
}
