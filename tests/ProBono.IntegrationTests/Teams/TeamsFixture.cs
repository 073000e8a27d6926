namespace ProBono.IntegrationTests.Teams;

/// <summary>One Teams service; the broker connection plays Recruitment and Needs.</summary>
public sealed class TeamsFixture() : ServiceFixture<TeamsProgram>("teamsdb", "teams")
{
    /// <summary>API.md's default <c>maxSameCompanyPerTeam</c>, which <see cref="AMarathon"/> uses unless told otherwise.</summary>
    public const int DefaultMaxSameCompany = 3;

    public async Task<Guid> AMarathon(string status = "registration-closed", int maxSameCompany = DefaultMaxSameCompany, params string[] partners)
    {
        var id = Guid.NewGuid();
        partners = partners.Length > 0 ? partners : ["edf", "ey", "thales"];
        await Deliver("marathon-scheduled", "probono:recruitment:marathon-scheduled:v1", new
        {
            marathonId = id, name = "Teams marathon", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01",
            hoursPerVolunteer = 7, hourlyValueEur = 80, maxSameCompanyPerTeam = maxSameCompany,
            partners = partners.Select(p => new { partnerId = p, name = p.ToUpperInvariant(), quota = 20 }), version = 1, scheduledAt = DateTimeOffset.UtcNow,
        });
        await Deliver("marathon-status-changed", "probono:recruitment:marathon-status-changed:v1",
            new { marathonId = id, status, version = 3, changedAt = DateTimeOffset.UtcNow });
        return id;
    }

    public async Task<Guid> AVolunteer(Guid marathonId, string partnerId, string[] skills, bool leadCapable = false, string firstName = "Camille", params string[] causes)
    {
        var id = Guid.NewGuid();
        await Deliver("volunteer-confirmed", "probono:recruitment:volunteer-confirmed:v1", new
        {
            volunteerId = id, marathonId, partnerId, partnerName = partnerId.ToUpperInvariant(), firstName, skills, leadCapable,
            causes, hourlyCostEur = (decimal?)null, version = 1, confirmedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    public Task Withdraw(Guid marathonId, Guid volunteerId, string partnerId) =>
        Deliver("volunteer-withdrawn", "probono:recruitment:volunteer-withdrawn:v1",
            new { volunteerId, marathonId, partnerId, wasConfirmed = true, version = 2, withdrawnAt = DateTimeOffset.UtcNow });

    public async Task<Guid> ANeed(Guid marathonId, (string Skill, int Count)[] skills, int min, int max, Guid? associationId = null, string cause = "culture")
    {
        var id = Guid.NewGuid();
        await Deliver("need-published", "probono:needs:need-published:v1", new
        {
            needId = id, marathonId, associationId = associationId ?? Guid.NewGuid(), associationName = "1000 VISAGES", title = $"Need {id:N}"[..13],
            deliverable = "A brochure", requiredSkills = skills.Select(s => new { skill = s.Skill, count = s.Count }), teamSizeMin = min, teamSizeMax = max,
            cause, version = 3, publishedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    public async Task<JsonElement> Propose(Guid marathonId)
    {
        var response = await Staff.PostAsync($"/admin/marathons/{marathonId}/formation", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"formation: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> Commit(Guid marathonId, JsonElement proposal) =>
        Staff.PostAsync($"/admin/marathons/{marathonId}/formation/{proposal.GetProperty("proposalId").GetGuid()}/commit", null);

    public async Task<IReadOnlyList<JsonElement>> Teams(HttpClient client, Guid marathonId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/teams")).GetProperty("items").EnumerateArray()];
}
