using Marten;
using ProBono.Recruitment.Volunteers;

namespace ProBono.IntegrationTests.Recruitment;

/// <summary>One Recruitment whose Teams events (teams formed, missions completed) are played by the broker connection.</summary>
public sealed class TheDayFixture() : ServiceFixture<RecruitmentProgram>("recruitmentdb", "theday");

/// <summary>
/// The day at the door and its end, against real PostgreSQL and RabbitMQ: search, badges and the desk, the completion
/// check and its guard, and corrections after completion.
/// </summary>
public sealed class TheDayTests(TheDayFixture recruitment) : IClassFixture<TheDayFixture>
{
    private async Task<Guid> AMarathon(int quota, int? correctionDays = null)
    {
        var response = await recruitment.Staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "The day", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01", hourlyValueEur = 80, correctionDays,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota }, new { partnerId = "ey", name = "EY", quota } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        await Move(id, "open-registration");
        return id;
    }

    private async Task Move(Guid marathonId, string move, object? body = null)
    {
        var response = await recruitment.Staff.PostAsJsonAsync($"/admin/marathons/{marathonId}/{move}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{move}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Registration closed, then the day started: where every test of the door begins.</summary>
    private async Task StartTheDay(Guid marathonId)
    {
        await Move(marathonId, "close-registration");
        await Move(marathonId, "start");
    }

    private static object Person(string partnerId, string employeeRef, string firstName = "Camille", string lastName = "Martin") => new
    {
        partnerId, employeeRef, firstName, lastName, email = $"{employeeRef.ToLowerInvariant()}@{partnerId}.example",
        skills = new[] { "design" }, leadCapable = false, causePreferences = Array.Empty<string>(),
    };

    /// <summary>Registers the people in one bulk call; their ids in order.</summary>
    private async Task<List<Guid>> Register(Guid marathonId, params object[] people)
    {
        var response = await recruitment.Staff.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers/bulk", people);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("volunteerId").GetGuid())];
    }

    private async Task<Dictionary<Guid, string>> Badges(Guid marathonId)
    {
        var badges = new Dictionary<Guid, string>();
        for (var page = 1; ; page++)
        {
            var list = await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers?status=confirmed&pageSize=500&page={page}");
            var items = list.GetProperty("items").EnumerateArray().ToList();
            items.ForEach(i => badges[i.GetProperty("volunteerId").GetGuid()] = i.GetProperty("badgeCode").GetString()!);
            if (items.Count < 500)
            {
                return badges;
            }
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Desk(Guid marathonId, object body)
    {
        var response = await recruitment.Staff.PostAsJsonAsync($"/admin/marathons/{marathonId}/check-ins", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<Dictionary<Guid, int>> CheckInEvents(Guid marathonId)
    {
        await using var session = recruitment.Host.Store.QuerySession();
        var events = await session.Events.QueryRawEventDataOnly<VolunteerCheckedIn>().Where(e => e.MarathonId == marathonId).ToListAsync();
        return events.GroupBy(e => e.VolunteerId).ToDictionary(g => g.Key, g => g.Count());
    }

    [Fact]
    public async Task The_desk_checks_in_500_badges_in_one_call_and_refuses_501()
    {
        var marathonId = await AMarathon(quota: 250);
        var ids = await Register(marathonId, [.. Enumerable.Range(0, 500).Select(i => Person(i % 2 == 0 ? "edf" : "ey", $"E{i:000}"))]);
        await StartTheDay(marathonId);
        var badges = await Badges(marathonId);
        Assert.Equal(500, badges.Count);
        Assert.All(badges.Values, b => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", b));

        var (tooMany, problem) = await Desk(marathonId, new { badgeCodes = Enumerable.Repeat(badges[ids[0]], 501) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("500", problem.ToString());
        Assert.Empty(await CheckInEvents(marathonId)); // the refused call changed nothing

        // typed as people type: lower case, in groups of four
        var typed = ids.Select(id => badges[id].ToLowerInvariant()).Select(b => $"{b[..4]}-{b[4..8]}-{b[8..]}").ToList();
        var (status, body) = await Desk(marathonId, new { badgeCodes = typed });

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(500, results.Count);
        Assert.All(results, r => Assert.True(r.GetProperty("checkedIn").GetBoolean(), r.ToString()));
        Assert.Equal(ids, results.Select(r => r.GetProperty("volunteerId").GetGuid()));
        Assert.Equal(typed, results.Select(r => r.GetProperty("badgeCode").GetString()));
        var events = await CheckInEvents(marathonId);
        Assert.Equal(500, events.Count);
        Assert.All(events.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_bad_entry_fails_alone_with_its_reason()
    {
        var other = await AMarathon(quota: 5);
        var stranger = (await Register(other, Person("edf", "S1")))[0];
        var marathonId = await AMarathon(quota: 1);
        var ids = await Register(marathonId, Person("edf", "A1"), Person("edf", "A2"), Person("ey", "B1"));
        await StartTheDay(marathonId);
        var badges = await Badges(marathonId);
        var strangerBadge = (await Badges(other))[stranger];

        var (status, body) = await Desk(marathonId, new { badgeCodes = new[] { badges[ids[0]], "ZZZZZZZZZZZZ", "not a badge", strangerBadge, badges[ids[0]], badges[ids[2]] } });

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([true, false, false, false, false, true], results.Select(r => r.GetProperty("checkedIn").GetBoolean()));
        Assert.Contains("No volunteer has badge code", results[1].GetProperty("error").GetString());
        Assert.Contains("No volunteer has badge code", results[2].GetProperty("error").GetString());
        Assert.Contains("another marathon", results[3].GetProperty("error").GetString());
        Assert.Contains("more than once", results[4].GetProperty("error").GetString());
        Assert.Equal(new[] { ids[0], ids[2] }.Order(), (await CheckInEvents(marathonId)).Keys.Order());

        // by id: the waitlisted one (A2, beyond EDF's quota of 1) and an unknown id fail, the rest changes nothing twice
        var (_, byId) = await Desk(marathonId, new { volunteerIds = new[] { ids[1], Guid.NewGuid(), ids[0] } });
        var rows = byId.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains("waitlisted", rows[0].GetProperty("error").GetString());
        Assert.Contains("No volunteer has id", rows[1].GetProperty("error").GetString());
        Assert.True(rows[2].GetProperty("checkedIn").GetBoolean());
        Assert.All((await CheckInEvents(marathonId)).Values, n => Assert.Equal(1, n));

        var (neither, _) = await Desk(marathonId, new { });
        var (both, _) = await Desk(marathonId, new { volunteerIds = new[] { ids[0] }, badgeCodes = new[] { badges[ids[0]] } });
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (neither, both));
    }

    [Fact]
    public async Task Two_desks_checking_in_the_same_people_at_once_record_each_once_and_both_say_checked_in()
    {
        var marathonId = await AMarathon(quota: 20);
        var ids = await Register(marathonId, [.. Enumerable.Range(0, 40).Select(i => Person(i % 2 == 0 ? "edf" : "ey", $"D{i:00}"))]);
        await StartTheDay(marathonId);
        var badges = await Badges(marathonId);

        var answers = await Task.WhenAll(
            Desk(marathonId, new { volunteerIds = ids }),
            Desk(marathonId, new { badgeCodes = ids.AsEnumerable().Reverse().Select(id => badges[id]) }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers.SelectMany(a => a.Body.GetProperty("results").EnumerateArray()), r => Assert.True(r.GetProperty("checkedIn").GetBoolean()));
        var events = await CheckInEvents(marathonId);
        Assert.Equal(ids.Order(), events.Keys.Order());
        Assert.All(events.Values, n => Assert.Equal(1, n)); // a second check-in of one volunteer would count 2 here
        var stats = await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/stats");
        Assert.Equal(40, stats.GetProperty("items").EnumerateArray().Sum(p => p.GetProperty("checkedIn").GetInt32()));
    }

    [Fact]
    public async Task The_desk_does_not_wait_for_a_roster_that_a_registration_holds()
    {
        var marathonId = await AMarathon(quota: 20);
        var ids = await Register(marathonId, [.. Enumerable.Range(0, 6).Select(i => Person(i % 2 == 0 ? "edf" : "ey", $"R{i}"))]);
        await StartTheDay(marathonId);

        // a write that changes EDF's figures holds its roster until it commits; check-ins change no figure
        await using var rosterWrite = recruitment.Host.Store.LightweightSession();
        await rosterWrite.Events.FetchForExclusiveWriting<PartnerRoster>(RosterIds.Roster(marathonId, "edf"));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // waiting on the lock would never end
        var desk = await recruitment.Staff.PostAsJsonAsync($"/admin/marathons/{marathonId}/check-ins", new { volunteerIds = ids }, patience.Token);
        var one = await recruitment.Staff.PostAsync($"/admin/marathons/{marathonId}/volunteers/{ids[0]}/check-in", null, patience.Token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (desk.StatusCode, one.StatusCode));
        Assert.All((await desk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray(),
            r => Assert.True(r.GetProperty("checkedIn").GetBoolean(), r.ToString()));
        var stats = await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/stats", patience.Token);
        Assert.Equal([("edf", 3), ("ey", 3)],
            stats.GetProperty("items").EnumerateArray().Select(p => (p.GetProperty("partnerId").GetString(), p.GetProperty("checkedIn").GetInt32())));
    }

    [Fact]
    public async Task Search_finds_people_by_any_name_e_mail_or_reference_with_case_and_accents_ignored()
    {
        var marathonId = await AMarathon(quota: 10);
        var ids = await Register(marathonId,
            Person("edf", "EDF-0042", "Aurélie", "Bonnet"), Person("edf", "EDF-0043", "Bruno", "Bonnet"),
            Person("ey", "EY-7", "Zoé", "Lefèvre"), Person("ey", "EY-8", "Yann", "Durand"));

        async Task<List<Guid>> Find(string q, HttpClient? client = null) =>
            [.. (await (client ?? recruitment.Staff).GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers?q={Uri.EscapeDataString(q)}"))
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("volunteerId").GetGuid())];

        Assert.Equal([ids[0]], await Find("aurelie"));
        Assert.Equal(new[] { ids[0], ids[1] }.Order(), (await Find("BONNET")).Order());
        Assert.Equal([ids[2]], await Find("lefevre"));
        Assert.Equal([ids[2]], await Find("LEFÈVRE"));
        Assert.Equal([ids[3]], await Find("ey-8@ey"));
        Assert.Equal([ids[1]], await Find("edf-0043"));
        Assert.Empty(await Find("nobody"));
        Assert.Equal(4, (await Find("")).Count);
        Assert.Empty(await Find("bonnet", recruitment.Partner("ey"))); // a partner finds only its own people
        Assert.Equal(HttpStatusCode.BadRequest, (await recruitment.Staff.GetAsync($"/api/marathons/{marathonId}/volunteers?q={new string('x', 201)}")).StatusCode);
    }

    private Task Team(Guid marathonId, Guid teamId, string title) =>
        recruitment.Deliver("team-formed", "probono:teams:team-formed:v1", new
        {
            teamId, marathonId, needId = Guid.NewGuid(), members = Array.Empty<object>(), leadVolunteerId = (Guid?)null, version = 1,
            formedAt = DateTimeOffset.UtcNow, title,
        });

    private Task Delivered(Guid marathonId, Guid teamId) =>
        recruitment.Deliver("mission-completed", "probono:teams:mission-completed:v1", new
        {
            teamId, marathonId, needId = Guid.NewGuid(), members = Array.Empty<object>(), leadVolunteerId = (Guid?)null,
            deliverableTitle = "Brochure", deliverableDescription = "Handed over on paper", version = 4, completedAt = DateTimeOffset.UtcNow,
        });

    [Fact]
    public async Task A_marathon_that_is_not_ready_completes_only_by_force_and_keeps_the_reason()
    {
        var marathonId = await AMarathon(quota: 5);
        var ids = await Register(marathonId, Person("edf", "C1"), Person("ey", "C2"));
        await StartTheDay(marathonId);
        await Desk(marathonId, new { volunteerIds = new[] { ids[0] } });
        var (brochure, plan) = (Guid.NewGuid(), Guid.NewGuid());
        await Team(marathonId, brochure, "A brochure for 1000 VISAGES");
        await Team(marathonId, plan, "A financial plan");
        await Delivered(marathonId, plan);

        var check = await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/completion-check");
        Assert.False(check.GetProperty("ready").GetBoolean());
        Assert.Equal(1, check.GetProperty("confirmedNotCheckedIn").GetInt32());
        var missing = check.GetProperty("teamsWithoutDeliverable").EnumerateArray().Single();
        Assert.Equal((brochure, "A brochure for 1000 VISAGES"), (missing.GetProperty("teamId").GetGuid(), missing.GetProperty("title").GetString()));

        var refused = await recruitment.Staff.PostAsync($"/admin/marathons/{marathonId}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(problem.GetProperty("ready").GetBoolean());
        Assert.Equal(1, problem.GetProperty("confirmedNotCheckedIn").GetInt32());
        Assert.Equal(brochure, problem.GetProperty("teamsWithoutDeliverable")[0].GetProperty("teamId").GetGuid());

        var noReason = await recruitment.Staff.PostAsJsonAsync($"/admin/marathons/{marathonId}/complete", new { force = true });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("in-progress", (await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("status").GetString());

        await Move(marathonId, "complete", new { force = true, reason = "The brochure is handed over on Monday." });
        var staffView = await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}");
        Assert.Equal("completed", staffView.GetProperty("status").GetString());
        var completion = staffView.GetProperty("completion");
        Assert.True(completion.GetProperty("forced").GetBoolean());
        Assert.Equal("The brochure is handed over on Monday.", completion.GetProperty("reason").GetString());
        Assert.StartsWith("staff:", completion.GetProperty("by").GetString());
        var partnerView = await recruitment.Partner("edf").GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}");
        var partnerCompletion = partnerView.GetProperty("completion");
        Assert.True(!partnerCompletion.TryGetProperty("reason", out var reason) || reason.ValueKind == JsonValueKind.Null, partnerCompletion.ToString());
    }

    [Fact]
    public async Task A_ready_marathon_completes_without_a_body_once_every_team_delivered()
    {
        var marathonId = await AMarathon(quota: 5);
        var ids = await Register(marathonId, Person("edf", "R1"));
        await StartTheDay(marathonId);
        var team = Guid.NewGuid();
        await Team(marathonId, team, "A website");
        await Desk(marathonId, new { volunteerIds = ids });
        Assert.Equal(HttpStatusCode.Conflict, (await recruitment.Staff.PostAsync($"/admin/marathons/{marathonId}/complete", null)).StatusCode);

        await Delivered(marathonId, team);

        Assert.True((await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/completion-check")).GetProperty("ready").GetBoolean());
        await Move(marathonId, "complete");
        Assert.False((await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("completion").GetProperty("forced").GetBoolean());
    }

    [Fact]
    public async Task Completing_just_after_the_last_deliverable_waits_for_it_to_arrive_instead_of_refusing()
    {
        var marathonId = await AMarathon(quota: 5);
        var ids = await Register(marathonId, Person("edf", "W1"));
        await StartTheDay(marathonId);
        await Desk(marathonId, new { volunteerIds = ids });
        var team = Guid.NewGuid();
        await Team(marathonId, team, "A website");

        // staff press complete, and the deliverable's event arrives while the call is being decided
        var completing = recruitment.Staff.PostAsync($"/admin/marathons/{marathonId}/complete", null);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await recruitment.Send("mission-completed", "probono:teams:mission-completed:v1", Guid.NewGuid(), new
        {
            teamId = team, marathonId, needId = Guid.NewGuid(), members = Array.Empty<object>(), leadVolunteerId = (Guid?)null,
            deliverableTitle = "Website", deliverableUrl = "https://example.org/site", version = 4, completedAt = DateTimeOffset.UtcNow,
        });
        var completed = await completing;
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task After_completion_a_late_check_in_is_a_correction_with_who_and_when_and_after_the_window_it_is_refused()
    {
        var marathonId = await AMarathon(quota: 5);
        var closed = await AMarathon(quota: 5, correctionDays: 0);
        var ids = await Register(marathonId, Person("edf", "L1"), Person("ey", "L2"));
        var closedIds = await Register(closed, Person("edf", "L1"));
        foreach (var id in new[] { marathonId, closed })
        {
            await Move(id, "close-registration");
            await Move(id, "start");
            await Move(id, "complete", new { force = true, reason = "Late arrivals are recorded afterwards." });
        }

        var late = await Desk(marathonId, new { volunteerIds = new[] { ids[1] } });
        Assert.True(late.Body.GetProperty("results")[0].GetProperty("checkedIn").GetBoolean());
        var single = await recruitment.Staff.PostAsync($"/admin/marathons/{marathonId}/volunteers/{ids[0]}/check-in", null);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        foreach (var id in ids)
        {
            var volunteer = await recruitment.Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers/{id}");
            var checkIn = volunteer.GetProperty("checkIn");
            Assert.True(checkIn.GetProperty("correction").GetBoolean());
            Assert.StartsWith("staff:", checkIn.GetProperty("by").GetString());
            Assert.True(checkIn.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        }

        var (refused, problem) = await Desk(closed, new { volunteerIds = closedIds });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("correction window closed", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await recruitment.Staff.PostAsync($"/admin/marathons/{closed}/volunteers/{closedIds[0]}/check-in", null)).StatusCode);
        Assert.Empty(await CheckInEvents(closed));
    }
}
