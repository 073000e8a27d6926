using ProBono.IntegrationTests.Feedback;
using ProBono.IntegrationTests.Needs;
using ProBono.IntegrationTests.Recruitment;
using ProBono.IntegrationTests.Recruitment.Partners;
using ProBono.IntegrationTests.Teams;

namespace ProBono.IntegrationTests.Rebuild;

// Read models are derived data: after a realistic history, each service's projections are emptied and rebuilt from its
// event store through POST /admin/rebuild, and every document of its schema reads as before (docs/adr/0021).

public sealed class NeedsRebuildTests(NeedsFixture needs) : IClassFixture<NeedsFixture>
{
    [Fact]
    public async Task Rebuilding_the_needs_projections_gives_back_every_document()
    {
        var (_, marathon, association) = await needs.APublishedNeed();
        await needs.APublishedNeed(marathon);
        var rejected = await NeedsFixture.Submit(needs.Association(association), NeedsFixture.ANeed(marathon, title: "A budget"));
        await needs.Move(rejected, "reject", new { reason = "Not a one-day mission." });
        var withdrawn = await NeedsFixture.Submit(needs.Association(association), NeedsFixture.ANeed(marathon, title: "An HR process"));
        Assert.Equal(HttpStatusCode.OK, (await needs.Association(association).PostAsJsonAsync($"/api/needs/{withdrawn}/withdraw", new { reason = "Solved otherwise." })).StatusCode);
        await NeedsFixture.Submit(needs.Association(association), NeedsFixture.ANeed(marathon, title: "A website"));

        Assert.Equal(HttpStatusCode.Forbidden, (await needs.Partner("edf").PostAsync("/admin/rebuild", null)).StatusCode);
        await ReadModels.AssertRebuildRestoresEverything(needs.Host.Services, needs.Staff, "mt_doc_need", "mt_doc_association", "mt_doc_needsboard");
    }
}

public sealed class RecruitmentRebuildTests(RecruitmentFixture recruitment) : IClassFixture<RecruitmentFixture>
{
    [Fact]
    public async Task Rebuilding_the_recruitment_projections_gives_back_every_document()
    {
        var staff = recruitment.Host.ClientWith(Tokens.Staff());
        var steps = new MarathonSteps(staff, p => recruitment.Host.ClientWith(Tokens.Partner(p)));
        var marathon = await steps.AnOpenMarathon(new { partnerId = "edf", name = "EDF", quota = 2 }, new { partnerId = "ey", name = "EY", quota = 3 });
        var alice = await steps.Register(marathon, "edf", "E1", "Alice", "Martin");
        await steps.Register(marathon, "edf", "E2", "Bruno", "Durand");
        await steps.Register(marathon, "edf", "E3", "Chloé", "Petit"); // waitlisted, then confirmed when Alice withdraws
        var yann = await steps.Register(marathon, "ey", "Y1", "Yann", "Leroy");
        var zoe = await steps.Register(marathon, "ey", "Y2", "Zoé", "Moreau");
        await steps.Withdraw(marathon, alice);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/marathons/{marathon}/volunteers/{zoe}/personal-data")).StatusCode);
        await steps.StartTheDay(marathon);
        await steps.CheckIn(marathon, yann);
        await steps.Complete(marathon);

        await ReadModels.AssertRebuildRestoresEverything(recruitment.Host.Services, staff,
            "mt_doc_volunteer", "mt_doc_marathonsummary", "mt_doc_rosterfigures", "mt_doc_sourcefigures", "mt_doc_attendanceline");
    }
}

public sealed class TeamsRebuildTests(TeamsFixture teams) : IClassFixture<TeamsFixture>
{
    [Fact]
    public async Task Rebuilding_the_teams_projections_gives_back_every_document()
    {
        var marathon = await teams.AMarathon();
        var lead = await teams.AVolunteer(marathon, "edf", ["marketing", "design"], leadCapable: true, firstName: "Ana");
        await teams.AVolunteer(marathon, "ey", ["marketing"], firstName: "Ben");
        await teams.AVolunteer(marathon, "thales", ["design"], leadCapable: true, firstName: "Chloé");
        await teams.AVolunteer(marathon, "edf", ["finance"], firstName: "Dan");
        var brochure = await teams.ANeed(marathon, [("marketing", 1), ("design", 1)], 2, 3);
        await teams.ANeed(marathon, [("finance", 1)], 1, 2);
        Assert.Equal(HttpStatusCode.OK, (await teams.Staff.PutAsJsonAsync($"/admin/marathons/{marathon}/needs/{brochure}/lead", new { volunteerId = lead })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teams.Commit(marathon, await teams.Propose(marathon))).StatusCode);

        await ReadModels.AssertRebuildRestoresEverything(teams.Host.Services, teams.Staff, "mt_doc_team", "mt_doc_formation");
    }
}

public sealed class FeedbackRebuildTests(FeedbackFixture feedback) : IClassFixture<FeedbackFixture>
{
    [Fact]
    public async Task Rebuilding_the_feedback_projections_gives_back_every_document()
    {
        var marathon = await feedback.AMarathon("edf", "ey");
        await feedback.Status(marathon, "in-progress", 4);
        var alice = await feedback.AVolunteer(marathon, "edf", hourlyCostEur: 100m, checkedIn: true);
        var yann = await feedback.AVolunteer(marathon, "ey", checkedIn: true);
        var need = await feedback.ANeed(marathon, Guid.NewGuid());
        var team = await feedback.ATeam(marathon, need, (alice, "edf"), (yann, "ey"));
        await feedback.MissionCompleted(marathon, team, need, (alice, "edf"), (yann, "ey"));
        await feedback.Status(marathon, "completed", 5);
        var invitations = await Eventually.Until(() => feedback.Invitations(marathon), i => i.Count > 0, TimeSpan.FromSeconds(30), "the campaign's invitations");
        foreach (var invitation in invitations.Take(2))
        {
            var answered = await feedback.Answer(invitation.GetProperty("token").GetString()!, new { nps = 9, satisfaction = 4, answers = new { } });
            Assert.True(answered.IsSuccessStatusCode, $"answer: {(int)answered.StatusCode} {await answered.Content.ReadAsStringAsync()}");
        }

        await ReadModels.AssertRebuildRestoresEverything(feedback.Host.Services, feedback.Staff, "mt_doc_surveycampaign");
    }
}
