using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Http;

/// <summary>
/// Inside a service: roles fail closed, a partner's figures are its own, and an Idempotency-Key belongs to one tenant.
/// </summary>
public sealed class TenantSafetyTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private async Task<Guid> AnOpenMarathon(string partnerA, string partnerB)
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Tenants",
            new { partnerId = partnerA, name = "A", quota = 5 }, new { partnerId = partnerB, name = "B", quota = 5 }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    [Theory]
    [MemberData(nameof(RawTokens.Malformed), MemberType = typeof(RawTokens))]
    public async Task A_token_without_sub_with_an_unknown_role_or_without_its_id_claim_answers_401(string token)
    {
        var response = await recruitment.ClientWith(token).GetAsync("/api/marathons");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Associations_and_volunteers_read_marathons_without_any_partners_figures()
    {
        var id = await AnOpenMarathon("fig-a", "fig-b");

        foreach (var token in new[] { Tokens.Association(Guid.NewGuid()), Tokens.Volunteer(Guid.NewGuid()) })
        {
            var client = recruitment.ClientWith(token);
            var list = await client.GetFromJsonAsync<JsonElement>("/api/marathons?pageSize=500");
            Assert.Contains(list.GetProperty("items").EnumerateArray(), m => m.GetProperty("marathonId").GetGuid() == id);
            var details = await client.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}");
            Assert.Empty(details.GetProperty("partners").EnumerateArray());
        }
        var staff = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}");
        Assert.Equal(2, staff.GetProperty("partners").GetArrayLength());
    }

    [Fact]
    public async Task Two_partners_sending_the_same_Idempotency_Key_each_get_their_own_registration()
    {
        var marathon = await AnOpenMarathon("idem-a", "idem-b");
        var key = Guid.NewGuid().ToString();
        // the same sub for both: what a shared service account at an identity provider gives
        var body = ProBono.IntegrationTests.Recruitment.Volunteers.VolunteerRegistrationTests.AVolunteer("E-1");

        async Task<(HttpResponseMessage Response, JsonElement Body)> Register(string partnerId)
        {
            var client = recruitment.ClientWith(Tokens.Mint("partner", new Dictionary<string, string> { ["partner_id"] = partnerId }, subject: "shared-account"));
            client.DefaultRequestHeaders.Add("Idempotency-Key", key);
            var response = await client.PostAsJsonAsync($"/api/marathons/{marathon}/volunteers", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var a = await Register("idem-a");
        var b = await Register("idem-b");

        Assert.False(b.Response.Headers.Contains("Idempotent-Replayed"), "partner B got partner A's replayed response");
        Assert.NotEqual(a.Body.GetProperty("volunteerId").GetGuid(), b.Body.GetProperty("volunteerId").GetGuid());
        var mine = await recruitment.ClientWith(Tokens.Partner("idem-b")).GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}/volunteers");
        Assert.Equal(1, mine.GetProperty("total").GetInt32());
        // and the same key again from A is still A's replay
        var again = await Register("idem-a");
        Assert.True(again.Response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(a.Body.GetProperty("volunteerId").GetGuid(), again.Body.GetProperty("volunteerId").GetGuid());
    }
}
