using System.Text;

namespace ProBono.IntegrationTests.Recruitment.Volunteers;

/// <summary>Bulk registration from a JSON array or a CSV file: good rows kept, bad rows reported.</summary>
public sealed class BulkRegistrationTests(VolunteersFixture fixture) : IClassFixture<VolunteersFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private async Task<Guid> AnOpenMarathon(int quota)
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Bulk", venue = "Paris", date = "2030-11-16", registrationDeadline = "2030-11-01", hourlyValueEur = 80,
            partners = new[] { new { partnerId = "acme", name = "Acme", quota }, new { partnerId = "globex", name = "Globex", quota } },
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    private static List<JsonElement> Results(JsonElement body) => body.GetProperty("results").EnumerateArray().ToList();

    [Fact]
    public async Task A_JSON_array_registers_the_good_rows_in_order_and_reports_the_bad_ones_by_row()
    {
        var id = await AnOpenMarathon(quota: 2);
        var acme = recruitment.ClientWith(Tokens.Partner("acme"));

        var response = await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers/bulk", new object[]
        {
            VolunteerRegistrationTests.AVolunteer("B-1"),
            new { employeeRef = "B-2", firstName = "No", lastName = "Mail", email = "not-an-email", skills = new[] { "finance" }, leadCapable = false, causePreferences = Array.Empty<string>() },
            VolunteerRegistrationTests.AVolunteer("B-3"),
            new { employeeRef = "B-4", firstName = "Bad", lastName = "Skill", email = "b4@acme.example", skills = new[] { "juggling" }, leadCapable = false, causePreferences = new[] { "space" } },
            VolunteerRegistrationTests.AVolunteer("B-5"),
            VolunteerRegistrationTests.AVolunteer("B-1"), // the same employee again
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = Results(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal([1, 2, 3, 4, 5, 6], results.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal("confirmed", results[0].GetProperty("status").GetString());
        Assert.True(results[1].GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal("confirmed", results[2].GetProperty("status").GetString());
        Assert.True(results[3].GetProperty("errors").TryGetProperty("skills[0]", out _));
        Assert.True(results[3].GetProperty("errors").TryGetProperty("causePreferences[0]", out _));
        Assert.Equal("waitlisted", results[4].GetProperty("status").GetString());
        Assert.Equal(results[0].GetProperty("volunteerId").GetGuid(), results[5].GetProperty("volunteerId").GetGuid());

        var listed = await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers?pageSize=500");
        Assert.Equal(3, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_CSV_file_carries_each_volunteer_s_language_and_annual_cost()
    {
        var id = await AnOpenMarathon(quota: 10);
        var csv = new StringBuilder()
            .AppendLine("employeeRef,firstName,lastName,email,skills,leadCapable,causePreferences,language,annualCostEur")
            .AppendLine("L-1,Ada,Lovelace,ada@acme.example,data,true,,en,61000.50")
            .AppendLine("L-2,Bob,Smith,bob@acme.example,data,false,,,")
            .AppendLine("L-3,Cy,Wu,cy@acme.example,data,false,,es,\"61000,50\"")
            .ToString();

        var response = await recruitment.ClientWith(Tokens.Partner("acme"))
            .PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = Results(await response.Content.ReadFromJsonAsync<JsonElement>());
        var volunteers = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers?pageSize=500");
        var byRef = volunteers.GetProperty("items").EnumerateArray().ToDictionary(v => v.GetProperty("employeeRef").GetString()!);
        Assert.Equal(("en", 61000.50m), (byRef["L-1"].GetProperty("language").GetString(), byRef["L-1"].GetProperty("annualCostEur").GetDecimal()));
        Assert.Equal("fr", byRef["L-2"].GetProperty("language").GetString());
        Assert.Equal(["annualCostEur", "language"], results[2].GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.False(byRef.ContainsKey("L-3"));
    }

    [Fact]
    public async Task A_CSV_file_with_a_header_quoted_fields_and_bad_rows_is_read_row_by_row()
    {
        var id = await AnOpenMarathon(quota: 10);
        var csv = new StringBuilder()
            .AppendLine("employeeRef,firstName,lastName,email,skills,leadCapable,causePreferences,hourlyCostEur")
            .AppendLine("C-1,Ada,\"Lovelace, Countess\",ada@acme.example,finance;data,true,education;youth,70.5")
            .AppendLine("C-2,Bob,Smith,bob@acme.example,,false,,")
            .AppendLine("C-3,Cy,\"O\"\"Neil\",cy@acme.example,design,maybe,culture,")
            .AppendLine("C-4,Di,Lee,di@acme.example,hr,no,,abc")
            .AppendLine("C-5,Ed,Wu,ed@acme.example,it;digital,yes,,")
            .ToString();

        var response = await recruitment.ClientWith(Tokens.Partner("acme"))
            .PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = Results(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(5, results.Count);
        Assert.Equal("confirmed", results[0].GetProperty("status").GetString());
        Assert.True(results[1].GetProperty("errors").TryGetProperty("skills", out _), "no skill given");
        Assert.True(results[2].GetProperty("errors").TryGetProperty("leadCapable", out _), "'maybe' is not a boolean");
        Assert.True(results[3].GetProperty("errors").TryGetProperty("hourlyCostEur", out _), "'abc' is not a number");
        Assert.Equal("confirmed", results[4].GetProperty("status").GetString());

        var ada = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers/{results[0].GetProperty("volunteerId").GetGuid()}");
        Assert.Equal("Lovelace, Countess", ada.GetProperty("lastName").GetString());
        Assert.Equal(["finance", "data"], ada.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(70.5m, ada.GetProperty("hourlyCostEur").GetDecimal());
    }

    [Fact]
    public async Task Five_thousand_rows_in_one_call_register_within_the_quota_and_waitlist_the_rest()
    {
        var id = await AnOpenMarathon(quota: 100);
        var csv = new StringBuilder("partnerId,employeeRef,firstName,lastName,email,skills,leadCapable,causePreferences\n");
        for (var i = 0; i < 5_000; i++)
        {
            var partner = i % 2 == 0 ? "acme" : "globex";
            csv.Append($"{partner},K-{i},First{i},Last{i},k{i}@{partner}.example,communication;design,{(i % 7 == 0 ? "true" : "false")},culture\n");
        }

        var response = await Staff.PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = Results(await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(5_000, results.Count);
        Assert.All(results, r => Assert.False(r.TryGetProperty("errors", out _)));
        Assert.Equal(200, results.Count(r => r.GetProperty("status").GetString() == "confirmed"));
        var stats = (await Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{id}/stats")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(stats, p => Assert.Equal((100, 2_400), (p.GetProperty("confirmed").GetInt32(), p.GetProperty("waitlisted").GetInt32())));
    }

    [Fact]
    public async Task Refusals_of_the_whole_call_are_problem_responses()
    {
        var id = await AnOpenMarathon(quota: 2);
        var acme = recruitment.ClientWith(Tokens.Partner("acme"));

        var xml = await acme.PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent("<rows/>", Encoding.UTF8, "application/xml"));
        var empty = await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers/bulk", Array.Empty<object>());
        var notAnArray = await acme.PostAsync($"/api/marathons/{id}/volunteers/bulk", new StringContent("{\"employeeRef\":1}", Encoding.UTF8, "application/json"));
        await Staff.PostAsync($"/admin/marathons/{id}/close-registration", null);
        var closed = await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers/bulk", new[] { VolunteerRegistrationTests.AVolunteer("Z-1") });
        var association = await recruitment.ClientWith(Tokens.Association(Guid.NewGuid()))
            .PostAsJsonAsync($"/api/marathons/{id}/volunteers/bulk", new[] { VolunteerRegistrationTests.AVolunteer("Z-2") });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAnArray.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, association.StatusCode);
        Assert.All(new[] { xml, empty, notAnArray, closed, association }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }
}
