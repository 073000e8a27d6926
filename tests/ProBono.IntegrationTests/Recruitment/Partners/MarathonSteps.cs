namespace ProBono.IntegrationTests.Recruitment.Partners;

/// <summary>A marathon taken through Recruitment's own endpoints, as staff and partners do it.</summary>
internal sealed class MarathonSteps(HttpClient staff, Func<string, HttpClient> partner)
{
    /// <summary>Schedules a marathon with <paramref name="partners"/> (anonymous objects as the API takes them) and opens its registration.</summary>
    public async Task<Guid> AnOpenMarathon(params object[] partners)
    {
        var scheduled = await Ok(await staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Marathon of the day's edges", venue = "Paris La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01",
            hourlyValueEur = 80, partners,
        }));
        var marathonId = scheduled.GetProperty("marathonId").GetGuid();
        await Move(marathonId, "open-registration");
        return marathonId;
    }

    public async Task<Guid> Register(Guid marathonId, string partnerId, string employeeRef, string firstName, string lastName)
    {
        var registered = await Ok(await partner(partnerId).PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", new
        {
            employeeRef, firstName, lastName, email = $"{employeeRef.ToLowerInvariant()}@{partnerId}.example", skills = new[] { "finance" },
            leadCapable = false, causePreferences = Array.Empty<string>(),
        }));
        return registered.GetProperty("volunteerId").GetGuid();
    }

    public async Task Withdraw(Guid marathonId, Guid volunteerId) =>
        await Ok(await staff.DeleteAsync($"/api/marathons/{marathonId}/volunteers/{volunteerId}"));

    public async Task CheckIn(Guid marathonId, Guid volunteerId) =>
        await Ok(await staff.PostAsync($"/admin/marathons/{marathonId}/volunteers/{volunteerId}/check-in", null));

    /// <summary>registration closed, marathon started.</summary>
    public async Task StartTheDay(Guid marathonId)
    {
        await Move(marathonId, "close-registration");
        await Move(marathonId, "start");
    }

    /// <summary>
    /// The one place tests complete a marathon: forced with a reason, so the completion guard (teams without a
    /// deliverable, volunteers not checked in) never stands in the way of what the test is about.
    /// </summary>
    public async Task Complete(Guid marathonId) =>
        await Ok(await staff.PostAsJsonAsync($"/admin/marathons/{marathonId}/complete", new { force = true, reason = "test" }));

    public async Task Move(Guid marathonId, string move) => await Ok(await staff.PostAsync($"/admin/marathons/{marathonId}/{move}", null));

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
