using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>One Feedback service; the broker connection plays Recruitment, Needs and Teams.</summary>
public class FeedbackFixture() : ServiceFixture<FeedbackProgram>("feedbackdb", "feedback")
{
    public async Task<Guid> AMarathon(params string[] partners)
    {
        var id = Guid.NewGuid();
        await Deliver("marathon-scheduled", "probono:recruitment:marathon-scheduled:v1", new
        {
            marathonId = id, name = "Feedback marathon", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01",
            hoursPerVolunteer = 7, hourlyValueEur = 80, maxSameCompanyPerTeam = 3,
            partners = partners.Select(p => new { partnerId = p, name = p.ToUpperInvariant(), quota = 20 }), version = 1, scheduledAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    public Task Status(Guid marathonId, string status, long version) =>
        Deliver("marathon-status-changed", "probono:recruitment:marathon-status-changed:v1",
            new { marathonId, status, version, changedAt = DateTimeOffset.UtcNow });

    public Task PartnerJoined(Guid marathonId, string partnerId, long version) =>
        Deliver("marathon-partner-joined", "probono:recruitment:marathon-partner-joined:v1",
            new { marathonId, partner = new { partnerId, name = partnerId.ToUpperInvariant(), quota = 5 }, version, joinedAt = DateTimeOffset.UtcNow });

    public async Task<Guid> AVolunteer(Guid marathonId, string partnerId, decimal? hourlyCostEur = null, bool checkedIn = false)
    {
        var id = Guid.NewGuid();
        await Deliver("volunteer-confirmed", "probono:recruitment:volunteer-confirmed:v1", new
        {
            volunteerId = id, marathonId, partnerId, partnerName = partnerId.ToUpperInvariant(), firstName = "Camille", skills = new[] { "design" },
            leadCapable = false, causes = Array.Empty<string>(), hourlyCostEur, version = 1, confirmedAt = DateTimeOffset.UtcNow,
        });
        if (checkedIn)
        {
            await CheckIn(marathonId, id, partnerId);
        }
        return id;
    }

    public Task CheckIn(Guid marathonId, Guid volunteerId, string partnerId) =>
        Deliver("volunteer-checked-in", "probono:recruitment:volunteer-checked-in:v1",
            new { volunteerId, marathonId, partnerId, version = 3, checkedInAt = DateTimeOffset.UtcNow });

    public Task Withdraw(Guid marathonId, Guid volunteerId, string partnerId) =>
        Deliver("volunteer-withdrawn", "probono:recruitment:volunteer-withdrawn:v1",
            new { volunteerId, marathonId, partnerId, wasConfirmed = true, version = 2, withdrawnAt = DateTimeOffset.UtcNow });

    public async Task<Guid> ANeed(Guid marathonId, Guid associationId, string? contactEmail = null)
    {
        var id = Guid.NewGuid();
        await Deliver("need-published", "probono:needs:need-published:v1", new
        {
            needId = id, marathonId, associationId, associationName = "1000 VISAGES", title = "A brochure", deliverable = "A brochure",
            requiredSkills = new[] { new { skill = "design", count = 1 } }, teamSizeMin = 2, teamSizeMax = 4, cause = "culture", version = 3,
            publishedAt = DateTimeOffset.UtcNow, contactEmail,
        });
        return id;
    }

    public async Task<Guid> ATeam(Guid marathonId, Guid needId, params (Guid Id, string PartnerId)[] members)
    {
        var id = Guid.NewGuid();
        await Deliver("team-formed", "probono:teams:team-formed:v1", new
        {
            teamId = id, marathonId, needId, members = members.Select(m => new { volunteerId = m.Id, partnerId = m.PartnerId, checkedIn = false }),
            leadVolunteerId = (Guid?)null, version = 1, formedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    public Task MissionCompleted(Guid marathonId, Guid teamId, Guid needId, params (Guid Id, string PartnerId)[] members) =>
        Deliver("mission-completed", "probono:teams:mission-completed:v1", new
        {
            teamId, marathonId, needId, members = members.Select(m => new { volunteerId = m.Id, partnerId = m.PartnerId, checkedIn = true }),
            leadVolunteerId = (Guid?)null, deliverableTitle = "Brochure", deliverableUrl = "https://example.org/b.pdf", version = 5,
            completedAt = DateTimeOffset.UtcNow,
        });

    /// <summary>The marathon's invitations, or null while Feedback has not heard of the marathon (404).</summary>
    public async Task<IReadOnlyList<JsonElement>?> InvitationsOnceHeard(Guid marathonId) => await ReadInvitations(marathonId, whileUnheard: true);

    public async Task<IReadOnlyList<JsonElement>> Invitations(Guid marathonId) => (await ReadInvitations(marathonId, whileUnheard: false))!;

    /// <summary>One read of the list; a 404 is null when <paramref name="whileUnheard"/>, else a failure like any other.</summary>
    private async Task<IReadOnlyList<JsonElement>?> ReadInvitations(Guid marathonId, bool whileUnheard)
    {
        var response = await Staff.GetAsync($"/admin/marathons/{marathonId}/invitations?pageSize=500");
        if (whileUnheard && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"invitations: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, list.GetProperty("total").GetInt32());
        return items;
    }

    public async Task<JsonElement> Report(Guid marathonId)
    {
        var response = await Staff.GetAsync($"/admin/marathons/{marathonId}/report");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"report: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// <paramref name="checkedIn"/> checked-in volunteers of <paramref name="partnerId"/> written straight into the store (that
    /// many deliveries would time the broker, not the campaign), then the marathon's campaign opened: their invitations.
    /// </summary>
    public async Task OpenCampaignOfCheckedInVolunteers(Guid marathonId, string partnerId, int checkedIn)
    {
        await using (var session = Host.Store.LightweightSession())
        {
            session.Insert([.. Enumerable.Range(0, checkedIn).Select(_ => new VolunteerForImpact
            {
                Id = Guid.NewGuid(), MarathonId = marathonId, PartnerId = partnerId, FirstName = "Camille", CheckedIn = true,
            })]);
            await session.SaveChangesAsync();
        }
        await using (var session = Host.Store.LightweightSession())
        {
            await CampaignOpening.Stage(session, marathonId, DateTimeOffset.UtcNow, CancellationToken.None);
            await session.SaveChangesAsync();
        }
    }

    public Task<HttpResponseMessage> Answer(string token, object body) => Anonymous.PostAsJsonAsync($"/api/surveys/{token}/responses", body);
}
