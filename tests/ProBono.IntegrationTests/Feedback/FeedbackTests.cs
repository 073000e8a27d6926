using System.Globalization;
using System.Net.Http.Headers;
using System.Xml.Linq;
using CsvHelper;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// Feedback from events to figures: a marathon that completes opens exactly the right invitations, answers reach the
/// report (JSON, CSV and SVG alike), bad and repeated answers are refused, and a partner sees its own impact only.
/// </summary>
public sealed class FeedbackTests(FeedbackFixture feedback) : IClassFixture<FeedbackFixture>
{
    /// <summary>
    /// EDF: Alice (checked in, 100 €/h), Bruno (checked in, no declared cost), Chloé (withdrawn). EY: Yann (checked in),
    /// Zoé (confirmed, did not come). One team (Alice and Yann) for association A's need; association B's need was never staffed.
    /// </summary>
    private sealed record Day(Guid MarathonId, Guid Alice, Guid Bruno, Guid Chloe, Guid Yann, Guid Zoe, Guid AssociationA, Guid AssociationB, Guid TeamId, Guid NeedA);

    private async Task<Day> ADayThatCompleted()
    {
        var marathonId = await feedback.AMarathon("edf", "ey");
        await feedback.Status(marathonId, "in-progress", 4);
        var alice = await feedback.AVolunteer(marathonId, "edf", hourlyCostEur: 100m, checkedIn: true);
        var bruno = await feedback.AVolunteer(marathonId, "edf", checkedIn: true);
        var chloe = await feedback.AVolunteer(marathonId, "edf");
        await feedback.Withdraw(marathonId, chloe, "edf");
        var yann = await feedback.AVolunteer(marathonId, "ey", checkedIn: true);
        var zoe = await feedback.AVolunteer(marathonId, "ey");
        var (associationA, associationB) = (Guid.NewGuid(), Guid.NewGuid());
        var needA = await feedback.ANeed(marathonId, associationA);
        await feedback.ANeed(marathonId, associationB);
        var teamId = await feedback.ATeam(marathonId, needA, (alice, "edf"), (yann, "ey"));
        await feedback.Status(marathonId, "completed", 5);
        return new Day(marathonId, alice, bruno, chloe, yann, zoe, associationA, associationB, teamId, needA);
    }

    private static string TokenOf(IReadOnlyList<JsonElement> invitations, string group, string respondentId) =>
        invitations.Single(i => i.GetProperty("group").GetString() == group && i.GetProperty("respondentId").GetString() == respondentId)
            .GetProperty("token").GetString()!;

    private static object Response(int nps, int satisfaction, object? answers = null) => new { nps, satisfaction, answers = answers ?? new { } };

    [Fact]
    public async Task A_completed_marathon_invites_each_checked_in_volunteer_each_staffed_association_and_each_partner_once()
    {
        var day = await ADayThatCompleted();

        var invitations = await feedback.Invitations(day.MarathonId);
        Assert.Equal(
            new[]
            {
                ("association", day.AssociationA.ToString()), ("partner", "edf"), ("partner", "ey"),
                ("volunteer", day.Alice.ToString()), ("volunteer", day.Bruno.ToString()), ("volunteer", day.Yann.ToString()),
            }.Order(),
            invitations.Select(i => (i.GetProperty("group").GetString()!, i.GetProperty("respondentId").GetString()!)).Order());
        Assert.All(invitations, i =>
        {
            var token = i.GetProperty("token").GetString()!;
            Assert.Matches("^[A-Za-z0-9_-]{32}$", token); // 24 random bytes = 192 bits
            // a volunteer is mailed at the address Recruitment gives (this service has no mail server: pending); an association
            // and a partner without a contact address are not mailed, the partner's says so
            Assert.Equal(
                i.GetProperty("group").GetString() switch { "volunteer" => "pending", "partner" => "no-address", _ => "not-applicable" },
                i.GetProperty("sendingState").GetString());
            Assert.False(i.TryGetProperty("email", out _));
        });
        Assert.Equal(invitations.Count, invitations.Select(i => i.GetProperty("token").GetString()).Distinct().Count());

        // the completion told again (a new message), then a check-in and a partner that the completion overtook on their
        // queues: nobody is invited twice, the late ones are invited
        await feedback.Status(day.MarathonId, "completed", 5);
        await feedback.CheckIn(day.MarathonId, day.Zoe, "ey");
        await feedback.PartnerJoined(day.MarathonId, "thales", 2);
        var after = await feedback.Invitations(day.MarathonId);
        Assert.Equal(invitations.Select(i => i.GetProperty("token").GetString()), after.Take(6).Select(i => i.GetProperty("token").GetString()));
        Assert.Equal([("volunteer", day.Zoe.ToString()), ("partner", "thales")],
            after.Skip(6).Select(i => (i.GetProperty("group").GetString(), i.GetProperty("respondentId").GetString())));
    }

    [Fact]
    public async Task The_survey_shows_its_questions_in_French_by_default_and_in_English_when_asked_and_hides_unknown_tokens()
    {
        var day = await ADayThatCompleted();
        var token = TokenOf(await feedback.Invitations(day.MarathonId), "volunteer", day.Alice.ToString());

        var french = await feedback.Anonymous.GetFromJsonAsync<JsonElement>($"/api/surveys/{token}");
        Assert.Equal(("volunteer", "fr", false), (french.GetProperty("group").GetString(), french.GetProperty("language").GetString(), french.GetProperty("answered").GetBoolean()));
        var questions = french.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(["nps", "satisfaction", "time-reasonable", "impact-visible", "cross-company", "improvement"], questions.Select(q => q.GetProperty("id").GetString()));
        Assert.Equal((0, 10), (questions[0].GetProperty("min").GetInt32(), questions[0].GetProperty("max").GetInt32()));
        Assert.Equal("Le temps demandé était raisonnable.", questions[2].GetProperty("text").GetString());

        var english = await feedback.Anonymous.GetFromJsonAsync<JsonElement>($"/api/surveys/{token}?lang=en");
        Assert.Equal("The time asked was reasonable.", english.GetProperty("questions")[2].GetProperty("text").GetString());
        var byHeader = new HttpRequestMessage(HttpMethod.Get, $"/api/surveys/{token}");
        byHeader.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-GB"));
        Assert.Equal("en", (await (await feedback.Anonymous.SendAsync(byHeader)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("language").GetString());

        // a malformed token, a well-formed unknown one and one a character away from a real one get the same answer
        var answers = new List<string>();
        foreach (var unknown in new[] { "short", "A".PadRight(32, 'A'), token[..31] + (token[31] == 'x' ? 'y' : 'x') })
        {
            var response = await feedback.Anonymous.GetAsync($"/api/surveys/{unknown}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            answers.Add($"{problem.GetProperty("title").GetString()}|{problem.GetProperty("detail").GetString()}");
        }
        Assert.Equal(["Not found|There is no survey here."], answers.Distinct());
    }

    [Fact]
    public async Task Answers_change_the_report_and_the_CSV_and_the_chart_carry_the_same_figures()
    {
        var day = await ADayThatCompleted();
        var invitations = await feedback.Invitations(day.MarathonId);
        var before = await feedback.Report(day.MarathonId);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("groups").GetProperty("volunteer").GetProperty("nps").ValueKind);

        // four people answer at once: the campaign's lock takes them one after the other, none is refused, none is lost
        var answered = await Task.WhenAll(
            feedback.Answer(TokenOf(invitations, "volunteer", day.Alice.ToString()),
                Response(10, 5, new Dictionary<string, object> { ["time-reasonable"] = 4, ["improvement"] = "More coffee" })),
            feedback.Answer(TokenOf(invitations, "volunteer", day.Yann.ToString()), Response(3, 2)),
            feedback.Answer(TokenOf(invitations, "association", day.AssociationA.ToString()), Response(9, 4)),
            feedback.Answer(TokenOf(invitations, "partner", "edf"), Response(7, 3)));
        Assert.All(answered, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await feedback.MissionCompleted(day.MarathonId, day.TeamId, day.NeedA, (day.Alice, "edf"), (day.Yann, "ey"));

        var report = await feedback.Report(day.MarathonId);
        var volunteers = report.GetProperty("groups").GetProperty("volunteer");
        // 2 of 3 answered; one promoter and one detractor: NPS 0; satisfaction (5 + 2) / 2
        Assert.Equal((3, 2, 0.6667m, 0.0m, 3.5m), (volunteers.GetProperty("invited").GetInt32(), volunteers.GetProperty("responded").GetInt32(),
            volunteers.GetProperty("responseRate").GetDecimal(), volunteers.GetProperty("nps").GetDecimal(), volunteers.GetProperty("csat").GetDecimal()));
        var partners = report.GetProperty("groups").GetProperty("partner");
        Assert.Equal((2, 1, 0.0m, 3m), (partners.GetProperty("invited").GetInt32(), partners.GetProperty("responded").GetInt32(),
            partners.GetProperty("nps").GetDecimal(), partners.GetProperty("csat").GetDecimal()));

        var byPartner = report.GetProperty("byPartner").EnumerateArray().ToDictionary(p => p.GetProperty("partnerId").GetString()!);
        // EDF: Alice and Bruno confirmed (Chloé withdrew), both came: 14 h, 7 × 100 + 7 × 80; its employees' NPS from Alice alone (n = 1)
        Assert.Equal(("EDF", 2, 2, 14, 1260m, 1, 100.0m, 5m), (byPartner["edf"].GetProperty("name").GetString(), byPartner["edf"].GetProperty("volunteers").GetInt32(),
            byPartner["edf"].GetProperty("volunteersCheckedIn").GetInt32(), byPartner["edf"].GetProperty("hours").GetInt32(), byPartner["edf"].GetProperty("valueEur").GetDecimal(),
            byPartner["edf"].GetProperty("responded").GetInt32(), byPartner["edf"].GetProperty("nps").GetDecimal(), byPartner["edf"].GetProperty("csat").GetDecimal()));
        Assert.Equal(("EY", 2, 1, 7, 560m, 1, -100.0m, 2m), (byPartner["ey"].GetProperty("name").GetString(), byPartner["ey"].GetProperty("volunteers").GetInt32(),
            byPartner["ey"].GetProperty("volunteersCheckedIn").GetInt32(), byPartner["ey"].GetProperty("hours").GetInt32(), byPartner["ey"].GetProperty("valueEur").GetDecimal(),
            byPartner["ey"].GetProperty("responded").GetInt32(), byPartner["ey"].GetProperty("nps").GetDecimal(), byPartner["ey"].GetProperty("csat").GetDecimal()));
        var association = Assert.Single(report.GetProperty("byAssociation").EnumerateArray());
        Assert.Equal((day.AssociationA, "1000 VISAGES", "A brochure", "Brochure", 1, 100.0m, 4m, 1), (association.GetProperty("associationId").GetGuid(),
            association.GetProperty("name").GetString(), association.GetProperty("needTitle").GetString(), association.GetProperty("deliverable").GetString(),
            association.GetProperty("responded").GetInt32(), association.GetProperty("nps").GetDecimal(), association.GetProperty("csat").GetDecimal(),
            association.GetProperty("delivered").GetInt32()));
        var impact = report.GetProperty("impact");
        // 4 hold a place (Alice, Bruno, Yann, Zoé); the hours and their value are those of the 3 who came
        Assert.Equal((4, 3, 21, 1820m, 1, 1), (impact.GetProperty("volunteers").GetInt32(), impact.GetProperty("volunteersCheckedIn").GetInt32(),
            impact.GetProperty("hours").GetInt32(), impact.GetProperty("valueEur").GetDecimal(), impact.GetProperty("teams").GetInt32(),
            impact.GetProperty("deliverables").GetInt32()));

        // the CSV read back gives the same figures (English: RFC 4180's comma and a decimal dot)
        var csvResponse = await feedback.Staff.GetAsync($"/admin/marathons/{day.MarathonId}/report?format=csv&lang=en");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        await using var csv = CsvReader.Create(new MemoryStream(bytes[3..]), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        await csv.ReadHeaderAsync();
        var rows = new Dictionary<(string, string), Dictionary<string, string>>();
        var columns = new[]
        {
            "section", "id", "name", "needTitle", "deliverable", "invited", "responded", "responseRate", "nps", "csat", "volunteers", "volunteersCheckedIn",
            "hours", "valueEur", "delivered", "teams", "deliverables",
        };
        while (await csv.ReadAsync())
        {
            var row = columns.ToDictionary(c => c, c => csv.GetString(csv.TryGetFieldIndex(c, out var i) ? i : throw new InvalidOperationException(c)));
            rows[(row["section"], row["id"])] = row;
        }
        decimal Cell(string section, string id, string column) => decimal.Parse(rows[(section, id)][column], CultureInfo.InvariantCulture);
        Assert.Equal(7, rows.Count); // 3 groups, 2 partners, 1 association, the totals
        Assert.Equal((3m, 2m, 0.6667m, 0.0m, 3.5m), (Cell("group", "volunteer", "invited"), Cell("group", "volunteer", "responded"),
            Cell("group", "volunteer", "responseRate"), Cell("group", "volunteer", "nps"), Cell("group", "volunteer", "csat")));
        Assert.Equal(("EDF", 2m, 2m, 14m, 1260m, 1m, 100m, 5m), (rows[("partner", "edf")]["name"], Cell("partner", "edf", "volunteers"),
            Cell("partner", "edf", "volunteersCheckedIn"), Cell("partner", "edf", "hours"), Cell("partner", "edf", "valueEur"), Cell("partner", "edf", "responded"),
            Cell("partner", "edf", "nps"), Cell("partner", "edf", "csat")));
        Assert.Equal(-100m, Cell("partner", "ey", "nps"));
        var a = day.AssociationA.ToString();
        Assert.Equal(("1000 VISAGES", "A brochure", "Brochure", 1m, 100m, 4m, 1m), (rows[("association", a)]["name"], rows[("association", a)]["needTitle"],
            rows[("association", a)]["deliverable"], Cell("association", a, "responded"), Cell("association", a, "nps"), Cell("association", a, "csat"),
            Cell("association", a, "delivered")));
        Assert.Equal((4m, 3m, 21m, 1820m, 1m, 1m), (Cell("impact", "total", "volunteers"), Cell("impact", "total", "volunteersCheckedIn"),
            Cell("impact", "total", "hours"), Cell("impact", "total", "valueEur"), Cell("impact", "total", "teams"), Cell("impact", "total", "deliverables")));

        // the chart is well-formed SVG that names partners and associations and gives each figure its n
        var svgResponse = await feedback.Staff.GetAsync($"/admin/marathons/{day.MarathonId}/report/chart.svg?lang=en");
        Assert.Equal("image/svg+xml", svgResponse.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await svgResponse.Content.ReadAsStringAsync());
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
        var texts = svg.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value).ToList();
        Assert.Contains("EDF", texts);
        Assert.Contains("1000 VISAGES", texts);
        Assert.DoesNotContain(texts, t => t.Contains("edf", StringComparison.Ordinal) || t.Contains(a, StringComparison.Ordinal));
        Assert.Contains("100.0 (n = 1)", texts);
        Assert.Contains("-100.0 (n = 1)", texts);
        Assert.Contains("3.50 (n = 2)", texts);
    }

    [Fact]
    public async Task A_second_answer_is_refused_even_when_two_arrive_at_once_and_bad_answers_are_refused_field_by_field()
    {
        var day = await ADayThatCompleted();
        var invitations = await feedback.Invitations(day.MarathonId);
        var token = TokenOf(invitations, "volunteer", day.Bruno.ToString());

        var bad = await feedback.Answer(token, new
        {
            nps = 11, answers = new Dictionary<string, object> { ["time-reasonable"] = 6, ["cohesion"] = 3, ["improvement"] = 4, ["nps"] = 9 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            new[] { "answers.cohesion", "answers.improvement", "answers.nps", "answers.time-reasonable", "nps", "satisfaction" },
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        foreach (var body in new[] { """{"nps": "ten", "satisfaction": 3}""", """{"nps": 9, "satisfaction": 3, "answers": [4]}""", "{", "" })
        {
            var malformed = await feedback.Anonymous.PostAsync($"/api/surveys/{token}/responses", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(malformed.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)malformed.StatusCode} {await malformed.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        }

        var both = await Task.WhenAll(feedback.Answer(token, Response(8, 4)), feedback.Answer(token, Response(2, 1)));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
        Assert.Equal(HttpStatusCode.Conflict, (await feedback.Answer(token, Response(8, 4))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await feedback.Answer("B".PadRight(32, 'B'), Response(8, 4))).StatusCode);

        var volunteers = (await feedback.Report(day.MarathonId)).GetProperty("groups").GetProperty("volunteer");
        Assert.Equal(1, volunteers.GetProperty("responded").GetInt32());
        Assert.True((await feedback.Anonymous.GetFromJsonAsync<JsonElement>($"/api/surveys/{token}")).GetProperty("answered").GetBoolean());
        Assert.True((await feedback.Invitations(day.MarathonId)).Single(i => i.GetProperty("token").GetString() == token).GetProperty("answered").GetBoolean());
    }
}
