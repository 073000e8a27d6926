using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Http;

/// <summary>What a caller sends never makes a 500, and a page past the end keeps the true total.</summary>
public sealed class InputSafetyTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private static async Task<JsonElement> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task A_NUL_in_a_JSON_string_is_a_400_naming_its_field_not_a_database_error()
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("La\0Défense"));

        var errors = await Errors(response);
        Assert.True(errors.TryGetProperty("name", out _), $"expected an error for 'name' in {errors}");
    }

    [Fact]
    public async Task A_control_character_deep_in_the_body_is_named_by_its_path()
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons",
            MarathonSchedulingTests.AMarathon("Fine", new { partnerId = "ctl", name = "Bell\u0007", quota = 1 }));

        var errors = await Errors(response);
        Assert.True(errors.TryGetProperty("partners[0].name", out _), $"expected an error for 'partners[0].name' in {errors}");
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_with_errors()
    {
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");

        var errors = await Errors(await Staff.PostAsync("/admin/marathons", content));
        Assert.NotEmpty(errors.EnumerateObject());
    }

    [Fact]
    public async Task A_page_whose_offset_overflows_is_a_400_saying_the_rule()
    {
        var response = await Staff.GetAsync("/api/marathons?page=4294969&pageSize=500");

        var errors = await Errors(response);
        Assert.True(errors.TryGetProperty("page", out var page), $"expected an error for 'page' in {errors}");
        Assert.Contains("2147483647", page[0].GetString());
    }

    [Fact]
    public async Task A_page_past_the_end_has_no_items_and_the_true_total()
    {
        var scheduled = await Staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Paging"));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var first = await Staff.GetFromJsonAsync<JsonElement>("/api/marathons?page=1&pageSize=1");
        var total = first.GetProperty("total").GetInt64();
        Assert.True(total >= 1);

        var past = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons?page={total + 5}&pageSize=1");

        Assert.Empty(past.GetProperty("items").EnumerateArray());
        Assert.Equal(total, past.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_volunteer_page_past_the_end_has_the_true_total()
    {
        var scheduled = await Staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Volunteer paging",
            new { partnerId = "vpage", name = "V", quota = 5 }));
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        var partner = recruitment.ClientWith(Tokens.Partner("vpage"));
        Assert.Equal(HttpStatusCode.Created, (await partner.PostAsJsonAsync($"/api/marathons/{id}/volunteers",
            ProBono.IntegrationTests.Recruitment.Volunteers.VolunteerRegistrationTests.AVolunteer("P-1"))).StatusCode);

        var past = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}/volunteers?page=3&pageSize=1");

        Assert.Empty(past.GetProperty("items").EnumerateArray());
        Assert.Equal(1, past.GetProperty("total").GetInt64());
    }
}
