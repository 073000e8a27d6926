using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace ProBono.IntegrationTests.Recruitment.Volunteers;

/// <summary>
/// A volunteer is an aggregate of its own: its ETag is its stream version, and withdrawal and check-in honour If-Match
/// (412 and nothing changed when stale). Campaign sources are counted per source and per partner. Bulk rows with a
/// control character or a decimal comma are refused row by row, never guessed and never a 500.
/// </summary>
public sealed class VolunteerConcurrencyAndSourcesTests(VolunteersFixture fixture) : IClassFixture<VolunteersFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private HttpClient Partner(string partnerId) => recruitment.ClientWith(Tokens.Partner(partnerId));

    private async Task<Guid> AnOpenMarathon(int quota = 1)
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Sources",
            new { partnerId = "acme", name = "Acme", quota }, new { partnerId = "globex", name = "Globex", quota }));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        await Move(id, "open-registration");
        return id;
    }

    private async Task Move(Guid id, string move) =>
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{id}/{move}", null)).StatusCode);

    private static object Registration(string employeeRef, string? source) => new
    {
        employeeRef, firstName = "Ada", lastName = "Lovelace", email = $"{employeeRef.ToLowerInvariant()}@acme.example",
        skills = new[] { "design" }, leadCapable = false, causePreferences = Array.Empty<string>(), source,
    };

    private static async Task<(Guid Id, string ETag)> Register(HttpClient client, Guid marathonId, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("volunteerId").GetGuid(), response.Headers.ETag!.Tag);
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string path, string etag)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return request;
    }

    [Fact]
    public async Task A_volunteer_has_an_ETag_and_a_stale_If_Match_on_withdrawal_answers_412_and_changes_nothing()
    {
        var id = await AnOpenMarathon();
        var acme = Partner("acme");
        var (volunteer, registeredTag) = await Register(acme, id, Registration("E-1", null));
        Assert.Equal("\"1\"", registeredTag);

        var read = await acme.GetAsync($"/api/marathons/{id}/volunteers/{volunteer}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);

        var stale = await acme.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/marathons/{id}/volunteers/{volunteer}", "\"7\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var unchanged = await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{volunteer}");
        Assert.Equal("confirmed", unchanged.GetProperty("status").GetString());

        var withdrawn = await acme.SendAsync(WithIfMatch(HttpMethod.Delete, $"/api/marathons/{id}/volunteers/{volunteer}", "\"1\""));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("\"2\"", withdrawn.Headers.ETag!.Tag);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Check_in_honours_If_Match()
    {
        var id = await AnOpenMarathon();
        var (volunteer, _) = await Register(Partner("acme"), id, Registration("E-1", null));
        await Move(id, "close-registration");
        await Move(id, "start");
        var path = $"/admin/marathons/{id}/volunteers/{volunteer}/check-in";

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Staff.SendAsync(WithIfMatch(HttpMethod.Post, path, "\"2\""))).StatusCode);
        var stats = await Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{id}/stats");
        Assert.Equal(0, stats.GetProperty("items")[0].GetProperty("checkedIn").GetInt32());

        var checkedIn = await Staff.SendAsync(WithIfMatch(HttpMethod.Post, path, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.Equal("\"2\"", checkedIn.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Sources_report_registrations_and_confirmed_places_per_source_and_partner()
    {
        var id = await AnOpenMarathon(quota: 1);
        var acme = Partner("acme");
        var (first, _) = await Register(acme, id, Registration("A-1", "visual-12"));      // confirmed
        await Register(acme, id, Registration("A-2", "visual-12"));                        // waitlisted
        await Register(acme, id, Registration("A-3", null));                               // waitlisted, direct
        await Register(Partner("globex"), id, Registration("G-1", "visual-12"));          // confirmed
        await Register(Partner("globex"), id, Registration("G-2", "newsletter-march"));   // waitlisted
        // A-1 withdraws: A-2 (visual-12) takes the place
        Assert.Equal(HttpStatusCode.OK, (await acme.DeleteAsync($"/api/marathons/{id}/volunteers/{first}")).StatusCode);

        var sources = await Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{id}/sources");
        var items = sources.GetProperty("items").EnumerateArray().ToDictionary(s => s.GetProperty("source").GetString()!);
        Assert.Equal(["visual-12", "direct", "newsletter-march"], items.Keys);
        Assert.Equal((3, 2), (items["visual-12"].GetProperty("registered").GetInt32(), items["visual-12"].GetProperty("confirmed").GetInt32()));
        var byPartner = items["visual-12"].GetProperty("partners").EnumerateArray()
            .ToDictionary(p => p.GetProperty("partnerId").GetString()!, p => (p.GetProperty("registered").GetInt32(), p.GetProperty("confirmed").GetInt32()));
        Assert.Equal((2, 1), byPartner["acme"]);
        Assert.Equal((1, 1), byPartner["globex"]);
        Assert.Equal((1, 0), (items["direct"].GetProperty("registered").GetInt32(), items["direct"].GetProperty("confirmed").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.GetAsync($"/admin/marathons/{id}/sources")).StatusCode);
    }

    [Fact]
    public async Task A_decimal_comma_in_the_CSV_is_refused_for_its_row_and_a_dot_is_read()
    {
        var id = await AnOpenMarathon(quota: 5);
        var csv = """
            employeeRef,firstName,lastName,email,skills,leadCapable,causePreferences,hourlyCostEur,source
            C-1,Ada,Lovelace,c1@acme.example,design,false,,"12,5",visual-3
            C-2,Ada,Lovelace,c2@acme.example,design,false,,12.5,visual-3
            C-3,Ada,Lovelace,c3@acme.example,design,false,,"1,250",
            """;
        var response = await Partner("acme").PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.True(results[0].GetProperty("errors").TryGetProperty("hourlyCostEur", out _));
        Assert.Equal("confirmed", results[1].GetProperty("status").GetString());
        Assert.True(results[2].GetProperty("errors").TryGetProperty("hourlyCostEur", out _));
        var stored = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{results[1].GetProperty("volunteerId").GetGuid()}");
        Assert.Equal(12.5m, stored.GetProperty("hourlyCostEur").GetDecimal());
        Assert.Equal(1, (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_NUL_in_one_bulk_row_refuses_that_row_and_keeps_the_others()
    {
        var id = await AnOpenMarathon(quota: 5);
        var json = $$"""
            [{"employeeRef":"N-1","firstName":"Ada","lastName":"Love\u0000lace","email":"n1@acme.example","skills":["design"],"leadCapable":false,"causePreferences":[]},
             {"employeeRef":"N-2","firstName":"Ada","lastName":"Lovelace","email":"n2@acme.example","skills":["design"],"leadCapable":false,"causePreferences":[]}]
            """;
        var response = await Partner("acme").PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.True(results[0].GetProperty("errors").TryGetProperty("lastName", out _));
        Assert.Equal("confirmed", results[1].GetProperty("status").GetString());

        var csv = "employeeRef,firstName,lastName,email,skills,leadCapable\nN-3,Ada,Love\0lace,n3@acme.example,design,false\nN-4,Ada,Lovelace,n4@acme.example,design,false\n";
        var csvResponse = await Partner("acme").PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        var csvResults = (await csvResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.True(csvResults[0].GetProperty("errors").TryGetProperty("lastName", out _));
        Assert.Equal("confirmed", csvResults[1].GetProperty("status").GetString());
        Assert.Equal(2, (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_registration_waits_for_a_status_change_in_flight_and_decides_on_the_status_it_leaves()
    {
        var id = await AnOpenMarathon(quota: 10);
        await using var connection = new NpgsqlConnection((await TestServers.Get()).Database(recruitment.DatabaseName));
        await connection.OpenAsync();

        // a status change in flight: the marathon's stream row is locked, and its summary says closed, not yet committed
        await using (var statusChange = await connection.BeginTransactionAsync())
        {
            await Execute(connection, "select 1 from recruitment.mt_streams where id = @id for update", id);
            await Execute(connection, """update recruitment.mt_doc_marathonsummary set data = jsonb_set(data, '{status}', '"RegistrationClosed"') where id = @id""", id);

            var registration = Partner("acme").PostAsJsonAsync($"/api/marathons/{id}/volunteers", Registration("W-1", null));
            await Eventually.True(async () => await WaitingOnALock(id), TimeSpan.FromSeconds(15), "the registration to wait for the marathon's row");
            Assert.False(registration.IsCompleted);
            await statusChange.CommitAsync();

            // it read the status after the change committed: registration is closed, nothing registered
            Assert.Equal(HttpStatusCode.Conflict, (await registration).StatusCode);
        }
        Assert.Equal(0, (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers")).GetProperty("total").GetInt32());

        async Task<bool> WaitingOnALock(Guid marathonId)
        {
            await using var probe = new NpgsqlConnection((await TestServers.Get()).Database(recruitment.DatabaseName));
            await probe.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%for share%'", probe);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, Guid id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }
}
