namespace ProBono.IntegrationTests.Needs;

/// <summary>One Needs service; the broker connection plays Recruitment and Teams.</summary>
public class NeedsFixture() : ServiceFixture<NeedsProgram>("needsdb", "needs")
{
    public HttpClient Association(Guid associationId) => Host.ClientWith(Tokens.Association(associationId));

    /// <summary>A marathon Needs has heard of from Recruitment, in <paramref name="status"/>.</summary>
    public async Task<Guid> AMarathon(string status = "registration-open")
    {
        var id = Guid.NewGuid();
        await Deliver("marathon-scheduled", "probono:recruitment:marathon-scheduled:v1", new
        {
            marathonId = id, name = "Pro Bono Marathon", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01",
            hoursPerVolunteer = 7, hourlyValueEur = 80, maxSameCompanyPerTeam = 3, partners = Array.Empty<object>(), version = 1,
            scheduledAt = DateTimeOffset.UtcNow,
        });
        if (status != "planned")
        {
            await Deliver("marathon-status-changed", "probono:recruitment:marathon-status-changed:v1",
                new { marathonId = id, status, version = 2, changedAt = DateTimeOffset.UtcNow });
        }
        await Eventually.True(async () =>
            await Staff.GetAsync($"/admin/marathons/{id}") is { StatusCode: HttpStatusCode.OK } r
            && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == status, what: $"Needs to know marathon {id} as {status}");
        return id;
    }

    /// <summary>A registered association (staff register it).</summary>
    public async Task<Guid> AnAssociation(string name = "1000 VISAGES", string causeArea = "culture")
    {
        var response = await Staff.PostAsJsonAsync("/admin/associations", new
        {
            name, mission = "Film and audiovisual training for young people from priority neighbourhoods.", causeArea, contactEmail = "contact@1000visages.example",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("associationId").GetGuid();
    }

    public static object ANeed(Guid marathonId, Guid? associationId = null, string title = "A sales brochure") => new
    {
        associationId,
        marathonId,
        title,
        description = "A brochure to win corporate partners.\nPrinted and digital.",
        deliverable = "A sales brochure",
        requiredSkills = new[] { new { skill = "marketing", count = 2 }, new { skill = "design", count = 1 } },
        teamSize = new { min = 4, max = 6 },
    };

    /// <summary>Submits a need as <paramref name="client"/>; returns its id.</summary>
    public static async Task<Guid> Submit(HttpClient client, object need)
    {
        var response = await client.PostAsJsonAsync("/api/needs", need);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("needId").GetGuid();
    }

    /// <summary>Staff move the need (qualify, publish, reject) and expect 200.</summary>
    public async Task Move(Guid needId, string move, object? body = null)
    {
        var response = await Staff.PostAsJsonAsync($"/admin/{needId}/{move}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{move}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A need of a new association for a new open marathon, brought to "published".</summary>
    public async Task<(Guid NeedId, Guid MarathonId, Guid AssociationId)> APublishedNeed(Guid? marathonId = null)
    {
        var marathon = marathonId ?? await AMarathon();
        var association = await AnAssociation();
        var need = await Submit(Association(association), ANeed(marathon));
        await Move(need, "qualify", new { notes = "Called them." });
        await Move(need, "publish");
        return (need, marathon, association);
    }

    public async Task<JsonElement> Need(Guid needId) => await Staff.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}");
}
