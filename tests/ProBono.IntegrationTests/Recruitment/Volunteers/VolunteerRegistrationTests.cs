namespace ProBono.IntegrationTests.Recruitment.Volunteers;

/// <summary>One Recruitment for the volunteer tests, with its own database and queues.</summary>
public sealed class VolunteersFixture() : RecruitmentHostFixture("volunteers");

/// <summary>Volunteer registration, waitlist, withdrawal and check-in over HTTP, against real PostgreSQL and RabbitMQ.</summary>
public sealed class VolunteerRegistrationTests(VolunteersFixture fixture) : IClassFixture<VolunteersFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private HttpClient Partner(string partnerId) => recruitment.ClientWith(Tokens.Partner(partnerId));

    /// <summary>A marathon with partners "acme" and "globex" (a suffix keeps them apart from other tests'), registration open.</summary>
    private async Task<Guid> AnOpenMarathon(int acmeQuota = 2, int globexQuota = 2, bool open = true)
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Volunteers",
            venue = "Paris",
            date = "2030-11-16",
            registrationDeadline = "2030-11-01",
            hourlyValueEur = 80,
            partners = new[] { new { partnerId = "acme", name = "Acme", quota = acmeQuota }, new { partnerId = "globex", name = "Globex", quota = globexQuota } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        if (open)
        {
            await Move(id, "open-registration");
        }
        return id;
    }

    private async Task Move(Guid marathonId, string move) =>
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{marathonId}/{move}", null)).StatusCode);

    internal static object AVolunteer(string employeeRef, string? partnerId = null) => new
    {
        partnerId,
        employeeRef,
        firstName = "Ada",
        lastName = "Lovelace",
        email = $"{employeeRef.ToLowerInvariant()}@acme.example",
        skills = new[] { "finance", "data" },
        leadCapable = true,
        causePreferences = new[] { "education" },
        hourlyCostEur = 65.5m,
    };

    private static async Task<(HttpStatusCode Status, Guid VolunteerId, string? VolunteerStatus)> Register(HttpClient client, Guid marathonId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", body);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, Guid.Empty, null);
        }
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, json.GetProperty("volunteerId").GetGuid(), json.GetProperty("status").GetString());
    }

    private async Task<JsonElement> List(HttpClient client, Guid marathonId, string query = "") =>
        await client.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers?pageSize=500{query}");

    private async Task<JsonElement> StatsOf(Guid marathonId, string partnerId) =>
        (await Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/stats")).GetProperty("items").EnumerateArray()
        .Single(p => p.GetProperty("partnerId").GetString() == partnerId);

    private async Task<JsonElement> FiguresOf(Guid marathonId, string partnerId) =>
        (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("partners").EnumerateArray()
        .Single(p => p.GetProperty("partnerId").GetString() == partnerId);

    [Fact]
    public async Task Within_the_quota_confirmed_beyond_waitlisted_and_the_figures_follow()
    {
        var id = await AnOpenMarathon(acmeQuota: 1);
        var acme = Partner("acme");

        var first = await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers", AVolunteer("E-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirmed", body.GetProperty("status").GetString());
        var volunteerId = body.GetProperty("volunteerId").GetGuid();
        Assert.Equal($"/api/marathons/{id}/volunteers/{volunteerId}", first.Headers.Location?.ToString());

        var second = await Register(acme, id, AVolunteer("E-2"));
        Assert.Equal((HttpStatusCode.Created, "waitlisted"), (second.Status, second.VolunteerStatus));

        var details = await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{volunteerId}");
        Assert.Equal("E-1", details.GetProperty("employeeRef").GetString());
        Assert.Equal("Lovelace", details.GetProperty("lastName").GetString());
        Assert.Equal("e-1@acme.example", details.GetProperty("email").GetString());
        Assert.Equal(["finance", "data"], details.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("acme", details.GetProperty("partnerId").GetString());
        Assert.Equal("confirmed", details.GetProperty("status").GetString());
        Assert.False(details.GetProperty("checkedIn").GetBoolean());

        var figures = await FiguresOf(id, "acme");
        Assert.Equal((1, 1, 1), (figures.GetProperty("quota").GetInt32(), figures.GetProperty("confirmed").GetInt32(), figures.GetProperty("waitlisted").GetInt32()));
        Assert.Equal(0, (await FiguresOf(id, "globex")).GetProperty("confirmed").GetInt32());

        var waitlisted = await List(acme, id, "&status=waitlisted");
        Assert.Equal(1, waitlisted.GetProperty("total").GetInt32());
        Assert.Equal(second.VolunteerId, waitlisted.GetProperty("items")[0].GetProperty("volunteerId").GetGuid());
    }

    [Fact]
    public async Task The_same_employee_again_answers_200_with_the_same_volunteer()
    {
        var id = await AnOpenMarathon();
        var acme = Partner("acme");

        var first = await Register(acme, id, AVolunteer("E-7"));
        var again = await Register(acme, id, AVolunteer("E-7"));
        var byStaff = await Register(Staff, id, AVolunteer("E-7", partnerId: "acme"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal((HttpStatusCode.OK, first.VolunteerId, "confirmed"), again);
        Assert.Equal((HttpStatusCode.OK, first.VolunteerId, "confirmed"), byStaff);
        Assert.Equal(1, (await List(acme, id)).GetProperty("total").GetInt32());
        // the same employee reference at another partner is another person
        var globex = await Register(Partner("globex"), id, AVolunteer("E-7"));
        Assert.Equal(HttpStatusCode.Created, globex.Status);
        Assert.NotEqual(first.VolunteerId, globex.VolunteerId);
    }

    [Fact]
    public async Task Ten_concurrent_repeats_of_one_employee_make_exactly_one_volunteer()
    {
        var id = await AnOpenMarathon();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Register(Partner("acme"), id, AVolunteer("E-CONCURRENT"))));

        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.Equal(9, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Single(results.Select(r => r.VolunteerId).Distinct());
        Assert.Equal(1, (await List(Staff, id)).GetProperty("total").GetInt32());
        Assert.Equal(1, (await StatsOf(id, "acme")).GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task Fifty_parallel_registrations_for_a_quota_of_ten_confirm_exactly_ten()
    {
        var id = await AnOpenMarathon(acmeQuota: 10);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Register(Partner("acme"), id, AVolunteer($"E-{i:00}"))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Equal(10, results.Count(r => r.VolunteerStatus == "confirmed"));
        Assert.Equal(40, results.Count(r => r.VolunteerStatus == "waitlisted"));
        Assert.Equal(50, results.Select(r => r.VolunteerId).Distinct().Count());

        Assert.Equal(10, (await List(Staff, id, "&status=confirmed")).GetProperty("total").GetInt32());
        Assert.Equal(40, (await List(Staff, id, "&status=waitlisted")).GetProperty("total").GetInt32());
        var stats = await StatsOf(id, "acme");
        Assert.Equal((10, 10, 40, 0, 0),
            (stats.GetProperty("quota").GetInt32(), stats.GetProperty("confirmed").GetInt32(), stats.GetProperty("waitlisted").GetInt32(),
                stats.GetProperty("withdrawn").GetInt32(), stats.GetProperty("checkedIn").GetInt32()));
        var figures = await FiguresOf(id, "acme");
        Assert.Equal((10, 40), (figures.GetProperty("confirmed").GetInt32(), figures.GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task Withdrawing_a_confirmed_volunteer_confirms_the_first_waitlisted_one()
    {
        var id = await AnOpenMarathon(acmeQuota: 1);
        var acme = Partner("acme");
        var confirmed = await Register(acme, id, AVolunteer("E-1"));
        var firstInLine = await Register(acme, id, AVolunteer("E-2"));
        var secondInLine = await Register(acme, id, AVolunteer("E-3"));
        Assert.Equal(("confirmed", "waitlisted", "waitlisted"), (confirmed.VolunteerStatus, firstInLine.VolunteerStatus, secondInLine.VolunteerStatus));

        var withdrawn = await acme.DeleteAsync($"/api/marathons/{id}/volunteers/{confirmed.VolunteerId}");

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        string? StatusOf(JsonElement list, Guid v) =>
            list.GetProperty("items").EnumerateArray().Single(x => x.GetProperty("volunteerId").GetGuid() == v).GetProperty("status").GetString();
        var all = await List(acme, id);
        Assert.Equal(("withdrawn", "confirmed", "waitlisted"),
            (StatusOf(all, confirmed.VolunteerId), StatusOf(all, firstInLine.VolunteerId), StatusOf(all, secondInLine.VolunteerId)));
        var stats = await StatsOf(id, "acme");
        Assert.Equal((1, 1, 1), (stats.GetProperty("confirmed").GetInt32(), stats.GetProperty("waitlisted").GetInt32(), stats.GetProperty("withdrawn").GetInt32()));
        var figures = await FiguresOf(id, "acme");
        Assert.Equal((1, 1), (figures.GetProperty("confirmed").GetInt32(), figures.GetProperty("waitlisted").GetInt32()));

        // withdrawing a waitlisted volunteer promotes nobody
        Assert.Equal(HttpStatusCode.OK, (await Staff.DeleteAsync($"/api/marathons/{id}/volunteers/{secondInLine.VolunteerId}")).StatusCode);
        Assert.Equal(1, (await List(acme, id, "&status=confirmed")).GetProperty("total").GetInt32());

        // withdrawing twice is a conflict (documented choice: 409, not an idempotent 200)
        var twice = await acme.DeleteAsync($"/api/marathons/{id}/volunteers/{confirmed.VolunteerId}");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_partner_can_neither_list_nor_read_nor_withdraw_a_partners_volunteer()
    {
        var id = await AnOpenMarathon();
        var mine = await Register(Partner("acme"), id, AVolunteer("E-SECRET"));
        var globex = Partner("globex");
        var stranger = Partner("initech");

        var list = await List(globex, id);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.DoesNotContain("E-SECRET", list.ToString(), StringComparison.Ordinal);

        var read = await globex.GetAsync($"/api/marathons/{id}/volunteers/{mine.VolunteerId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain("Lovelace", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await globex.DeleteAsync($"/api/marathons/{id}/volunteers/{mine.VolunteerId}")).StatusCode);
        Assert.Equal("confirmed", (await Partner("acme").GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{mine.VolunteerId}")).GetProperty("status").GetString());

        // a partner that takes no part in the marathon
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/marathons/{id}/volunteers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Register(stranger, id, AVolunteer("E-1"))).Status);
        // a partner registers for itself only
        Assert.Equal(HttpStatusCode.Forbidden, (await Register(globex, id, AVolunteer("E-1", partnerId: "acme"))).Status);
    }

    [Fact]
    public async Task Roles_staff_sees_all_a_volunteer_sees_itself_others_are_refused()
    {
        var id = await AnOpenMarathon();
        var a = await Register(Partner("acme"), id, AVolunteer("E-A"));
        var g = await Register(Staff, id, AVolunteer("E-G", partnerId: "globex"));
        Assert.Equal(HttpStatusCode.Created, g.Status);

        Assert.Equal(2, (await List(Staff, id)).GetProperty("total").GetInt32());
        Assert.Equal(1, (await List(Partner("globex"), id)).GetProperty("total").GetInt32());

        var self = recruitment.ClientWith(Tokens.Volunteer(a.VolunteerId));
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync($"/api/marathons/{id}/volunteers/{a.VolunteerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await self.GetAsync($"/api/marathons/{id}/volunteers/{g.VolunteerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await self.GetAsync($"/api/marathons/{id}/volunteers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await self.DeleteAsync($"/api/marathons/{id}/volunteers/{a.VolunteerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Register(self, id, AVolunteer("E-X"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Register(recruitment.ClientWith(Tokens.Association(Guid.NewGuid())), id, AVolunteer("E-X"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Register(recruitment.ClientWith(null), id, AVolunteer("E-X"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Partner("acme").GetAsync($"/admin/marathons/{id}/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Partner("acme").PostAsync($"/admin/marathons/{id}/volunteers/{a.VolunteerId}/check-in", null)).StatusCode);
    }

    [Fact]
    public async Task Registration_answers_409_unless_it_is_open_and_404_for_an_unknown_marathon()
    {
        var planned = await AnOpenMarathon(open: false);
        var conflict = await Partner("acme").PostAsJsonAsync($"/api/marathons/{planned}/volunteers", AVolunteer("E-1"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);

        var closed = await AnOpenMarathon();
        var before = await Register(Partner("acme"), closed, AVolunteer("E-1"));
        await Move(closed, "close-registration");
        Assert.Equal(HttpStatusCode.Conflict, (await Register(Partner("acme"), closed, AVolunteer("E-2"))).Status);
        // the same employee again still finds its registration
        Assert.Equal((HttpStatusCode.OK, before.VolunteerId, "confirmed"), await Register(Partner("acme"), closed, AVolunteer("E-1")));
        Assert.Equal(1, (await List(Staff, closed)).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await Register(Partner("acme"), Guid.NewGuid(), AVolunteer("E-1"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.GetAsync($"/api/marathons/{Guid.NewGuid()}/volunteers")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_answers_400_naming_each_field_and_registers_nobody()
    {
        var id = await AnOpenMarathon();

        var response = await Partner("acme").PostAsJsonAsync($"/api/marathons/{id}/volunteers", new
        {
            employeeRef = "E-1",
            firstName = "",
            email = "not-an-email",
            skills = new[] { "finance", "juggling" },
            causePreferences = new[] { "animals" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "firstName", "lastName", "email", "skills[1]", "causePreferences[0]", "leadCapable" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}' in {errors}");
        }
        var noPartner = await Staff.PostAsJsonAsync($"/api/marathons/{id}/volunteers", AVolunteer("E-1"));
        Assert.Equal(HttpStatusCode.BadRequest, noPartner.StatusCode);
        Assert.True((await noPartner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("partnerId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await Staff.GetAsync($"/api/marathons/{id}/volunteers?status=maybe")).StatusCode);
        Assert.Equal(0, (await List(Staff, id)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Check_in_only_for_confirmed_volunteers_while_the_marathon_is_in_progress()
    {
        var id = await AnOpenMarathon(acmeQuota: 1);
        var confirmed = await Register(Partner("acme"), id, AVolunteer("E-1"));
        var waitlisted = await Register(Partner("acme"), id, AVolunteer("E-2"));
        var checkIn = (Guid v) => Staff.PostAsync($"/admin/marathons/{id}/volunteers/{v}/check-in", null);

        Assert.Equal(HttpStatusCode.Conflict, (await checkIn(confirmed.VolunteerId)).StatusCode);
        await Move(id, "close-registration");
        Assert.Equal(HttpStatusCode.Conflict, (await checkIn(confirmed.VolunteerId)).StatusCode);
        await Move(id, "start");

        var response = await checkIn(confirmed.VolunteerId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkedIn").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await checkIn(confirmed.VolunteerId)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await checkIn(waitlisted.VolunteerId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await checkIn(Guid.NewGuid())).StatusCode);

        Assert.True((await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{confirmed.VolunteerId}")).GetProperty("checkedIn").GetBoolean());
        Assert.Equal(1, (await StatsOf(id, "acme")).GetProperty("checkedIn").GetInt32());

        await Move(id, "complete");
        // within the correction window a check-in still counts; this one was already in, so nothing changes
        Assert.Equal(HttpStatusCode.OK, (await checkIn(confirmed.VolunteerId)).StatusCode);
        Assert.Equal(1, (await StatsOf(id, "acme")).GetProperty("checkedIn").GetInt32());
    }

    [Fact]
    public async Task A_partner_added_later_has_a_roster_to_register_in()
    {
        var id = await AnOpenMarathon();
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "initech", name = "Initech", quota = 1 })).StatusCode);

        var first = await Register(Partner("initech"), id, AVolunteer("E-1"));
        var second = await Register(Partner("initech"), id, AVolunteer("E-2"));

        Assert.Equal(("confirmed", "waitlisted"), (first.VolunteerStatus, second.VolunteerStatus));
        var stats = await StatsOf(id, "initech");
        Assert.Equal((1, 1, 1), (stats.GetProperty("quota").GetInt32(), stats.GetProperty("confirmed").GetInt32(), stats.GetProperty("waitlisted").GetInt32()));
    }

    [Fact]
    public async Task VolunteerConfirmed_reaches_RabbitMQ_with_the_contract_fields_and_no_personal_data()
    {
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var confirmedWatch = await broker.Watch("probono:recruitment:volunteer-confirmed:v1");
        var withdrawnWatch = await broker.Watch("probono:recruitment:volunteer-withdrawn:v1");
        var id = await AnOpenMarathon(acmeQuota: 1);
        var acme = Partner("acme");
        var confirmed = await Register(acme, id, AVolunteer("E-WIRE-1"));
        var waitlisted = await Register(acme, id, AVolunteer("E-WIRE-2"));

        var delivery = await confirmedWatch.First(m => m.GetProperty("volunteerId").GetGuid() == confirmed.VolunteerId);
        Assert.Contains("urn:message:probono:recruitment:volunteer-confirmed:v1", delivery.Envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        var m = delivery.Message;
        Assert.Equal(id, m.GetProperty("marathonId").GetGuid());
        Assert.Equal("acme", m.GetProperty("partnerId").GetString());
        Assert.Equal("Acme", m.GetProperty("partnerName").GetString());
        Assert.Equal("Ada", m.GetProperty("firstName").GetString());
        Assert.Equal(["finance", "data"], m.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.True(m.GetProperty("leadCapable").GetBoolean());
        Assert.Equal(["education"], m.GetProperty("causes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("65.5", m.GetProperty("hourlyCostEur").GetString());
        Assert.Equal(1, m.GetProperty("version").GetInt64()); // the first event of the volunteer's own stream
        var raw = delivery.Envelope.ToString();
        Assert.DoesNotContain("Lovelace", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("acme.example", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("E-WIRE-1", raw, StringComparison.Ordinal);
        foreach (var field in new[] { "lastName", "email", "employeeRef" })
        {
            Assert.False(m.TryGetProperty(field, out _), $"{field} left Recruitment");
        }

        // the promotion on withdrawal is published as VolunteerConfirmed too, after the withdrawal
        Assert.Equal(0, confirmedWatch.Count(x => x.GetProperty("volunteerId").GetGuid() == waitlisted.VolunteerId));
        Assert.Equal(HttpStatusCode.OK, (await acme.DeleteAsync($"/api/marathons/{id}/volunteers/{confirmed.VolunteerId}")).StatusCode);
        var withdrawal = await withdrawnWatch.First(x => x.GetProperty("volunteerId").GetGuid() == confirmed.VolunteerId);
        Assert.True(withdrawal.Message.GetProperty("wasConfirmed").GetBoolean());
        var promoted = await confirmedWatch.First(x => x.GetProperty("volunteerId").GetGuid() == waitlisted.VolunteerId);
        Assert.Equal(2, promoted.Message.GetProperty("version").GetInt64()); // registered (1), then promoted (2): one volunteer's events in order
    }

    [Fact]
    public async Task A_volunteer_s_language_and_annual_cost_are_kept_shown_and_published()
    {
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var confirmedWatch = await broker.Watch("probono:recruitment:volunteer-confirmed:v1");
        var id = await AnOpenMarathon(acmeQuota: 5);
        var acme = Partner("acme");
        var english = await Register(acme, id, new { employeeRef = "E-LANG-1", firstName = "Ada", lastName = "Lovelace", email = "e-lang-1@acme.example",
            skills = new[] { "data" }, leadCapable = false, causePreferences = Array.Empty<string>(), language = "en", annualCostEur = 145_000.75m });
        var french = await Register(acme, id, AVolunteer("E-LANG-2"));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (english.Status, french.Status));

        var shown = await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{english.VolunteerId}");
        Assert.Equal(("en", 145_000.75m), (shown.GetProperty("language").GetString(), shown.GetProperty("annualCostEur").GetDecimal()));
        var byDefault = await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{french.VolunteerId}");
        Assert.Equal("fr", byDefault.GetProperty("language").GetString());
        Assert.False(byDefault.TryGetProperty("annualCostEur", out var none) && none.ValueKind != JsonValueKind.Null);

        var published = (await confirmedWatch.First(m => m.GetProperty("volunteerId").GetGuid() == english.VolunteerId)).Message;
        Assert.Equal(("en", "145000.75"), (published.GetProperty("language").GetString(), published.GetProperty("annualCostEur").GetString()));

        // refused, and nobody registered: a language the platform does not write in, a negative cost
        var before = (await List(Staff, id)).GetProperty("total").GetInt64();
        var refused = await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers", new { employeeRef = "E-LANG-3", firstName = "Cy", lastName = "Wu",
            email = "cy@acme.example", skills = new[] { "data" }, leadCapable = false, causePreferences = Array.Empty<string>(), language = "de", annualCostEur = -5 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["annualCostEur", "language"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(before, (await List(Staff, id)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task VolunteerCheckedIn_reaches_RabbitMQ_as_the_contract_says()
    {
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var checkedInWatch = await broker.Watch("probono:recruitment:volunteer-checked-in:v1");
        var id = await AnOpenMarathon(acmeQuota: 1);
        var volunteer = await Register(Partner("acme"), id, AVolunteer("E-DAY-1"));
        await Move(id, "close-registration");
        await Move(id, "start");

        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{id}/volunteers/{volunteer.VolunteerId}/check-in", null)).StatusCode);

        var delivery = await checkedInWatch.First(m => m.GetProperty("volunteerId").GetGuid() == volunteer.VolunteerId);
        Assert.Contains("urn:message:probono:recruitment:volunteer-checked-in:v1", delivery.Envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(id, delivery.Message.GetProperty("marathonId").GetGuid());
        Assert.Equal("acme", delivery.Message.GetProperty("partnerId").GetString());
        Assert.Equal(2, delivery.Message.GetProperty("version").GetInt64()); // registered (1), checked in (2)
        Assert.True(delivery.Message.TryGetProperty("checkedInAt", out _));
    }
}
