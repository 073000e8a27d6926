using System.Security.Claims;
using ProBono.Contracts;
using ProBono.Needs;
using ProBono.Needs.Associations;
using ProBono.Needs.Copies;
using ProBono.Needs.Submitting;
using ProBono.ServiceDefaults.Auth;
using static ProBono.UnitTests.Needs.NeedExamples;

namespace ProBono.UnitTests.Needs;

public class SubmitNeedTests
{
    private static readonly Association Visages = new(AssociationId, "1000 VISAGES", "Film training for young people.", "culture", "contact@1000visages.fr", Now.AddYears(-1));

    private static SubmitNeedRequest Request(
        IReadOnlyList<SkillSlotsRequest?>? skills = null, TeamSizeRequest? size = null, string? title = "A sales brochure", Guid? associationId = null) =>
        new(associationId, MarathonId, title, "Win corporate partners.\nWith a brochure.", "A brochure",
            skills ?? [new SkillSlotsRequest("marketing", 2), new SkillSlotsRequest("design", 1)], size ?? new TeamSizeRequest(4, 6));

    private static SubmitNeed Command => SubmitNeed.From(Request(), NeedId, AssociationId, Owner, Now);

    private static MarathonForNeeds Marathon(string status)
    {
        var marathon = new MarathonForNeeds { Id = MarathonId, Name = "La Défense 2016" };
        marathon.Status.Offer(status, 3);
        return marathon;
    }

    [Theory]
    [InlineData(MarathonStatuses.Planned)]
    [InlineData(MarathonStatuses.RegistrationOpen)]
    public void A_need_is_taken_until_registration_closes_and_carries_the_association_s_name_and_cause(string status)
    {
        var events = SubmitNeedSlice.Decide(Marathon(status), Visages, Command);

        var submitted = Assert.IsType<NeedSubmitted>(Assert.Single(events));
        Assert.Equal(("1000 VISAGES", "culture", NeedStatus.Submitted), (submitted.AssociationName, submitted.Cause, Need.Create(submitted).Status));
        Assert.Equal(new NeedDemand([new SkillSlots("marketing", 2), new SkillSlots("design", 1)], new TeamSize(4, 6)), submitted.Demand, new DemandComparer());
    }

    [Theory]
    [InlineData(MarathonStatuses.RegistrationClosed)]
    [InlineData(MarathonStatuses.InProgress)]
    [InlineData(MarathonStatuses.Completed)]
    public void A_need_after_registration_closed_is_a_409(string status) =>
        Assert.Throws<StateConflict>(() => SubmitNeedSlice.Decide(Marathon(status), Visages, Command));

    [Fact]
    public void A_need_for_a_marathon_Needs_never_heard_of_is_a_422() =>
        Assert.Equal(422, Assert.Throws<RuleViolated>(() => SubmitNeedSlice.Decide(null, Visages, Command)).Status);

    [Fact]
    public void A_need_of_an_unregistered_association_is_a_422() =>
        Assert.Throws<RuleViolated>(() => SubmitNeedSlice.Decide(Marathon(MarathonStatuses.RegistrationOpen), null, Command));

    [Fact]
    public void A_complete_need_is_valid() => NeedsValidators.AssertValid(Request(), Association());

    [Fact]
    public void Every_missing_field_is_named()
    {
        NeedsValidators.AssertInvalid(new SubmitNeedRequest(null, null, null, null, null, null, null), Association(),
            "marathonId", "title", "description", "deliverable", "requiredSkills", "teamSize");
    }

    [Fact]
    public void Staff_must_name_the_association() =>
        NeedsValidators.AssertInvalid(Request(), Staff(), "associationId");

    [Theory]
    [InlineData("cooking", 1, "requiredSkills[0].skill")]
    [InlineData("marketing", 0, "requiredSkills[0].count")]
    [InlineData("marketing", 21, "requiredSkills[0].count")]
    public void Skills_come_from_the_list_with_a_count_of_at_least_one(string skill, int count, string field) =>
        NeedsValidators.AssertInvalid(Request(skills: [new SkillSlotsRequest(skill, count)]), Association(), field);

    [Fact]
    public void A_skill_listed_twice_is_refused_at_its_second_entry() =>
        NeedsValidators.AssertInvalid(Request(skills: [new SkillSlotsRequest("design", 1), new SkillSlotsRequest("design", 1)]), Association(), "requiredSkills[1].skill");

    [Theory]
    [InlineData(0, 4, "teamSize.min")]
    [InlineData(3, 21, "teamSize.max")]
    [InlineData(5, 4, "teamSize.max")]
    public void The_team_size_is_between_1_and_20_with_min_at_most_max(int min, int max, string field) =>
        NeedsValidators.AssertInvalid(Request(skills: [new SkillSlotsRequest("design", 1)], size: new TeamSizeRequest(min, max)), Association(), field);

    [Fact]
    public void More_skill_slots_than_the_largest_team_is_refused()
    {
        var refused = NeedsValidators.AssertInvalid(
            Request(skills: [new SkillSlotsRequest("marketing", 3), new SkillSlotsRequest("design", 2)], size: new TeamSizeRequest(2, 4)), Association(), "requiredSkills");
        Assert.Contains("5 slots", refused.Errors["requiredSkills"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_with_a_control_character_is_refused() =>
        NeedsValidators.AssertInvalid(Request(title: "Brochure\u0000"), Association(), "title");

    private static ClaimsPrincipal Association() => Caller(Roles.Association, (ProBonoClaims.AssociationId, AssociationId.ToString()));

    private static ClaimsPrincipal Staff() => Caller(Roles.Staff);

    private static ClaimsPrincipal Caller(string role, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity([new Claim("sub", "someone"), new Claim(ProBonoClaims.Role, role), .. claims.Select(c => new Claim(c.Type, c.Value))],
            "test", "sub", ProBonoClaims.Role));

    private sealed class DemandComparer : IEqualityComparer<NeedDemand>
    {
        public bool Equals(NeedDemand? x, NeedDemand? y) =>
            x is not null && y is not null && x.TeamSize == y.TeamSize && x.RequiredSkills.SequenceEqual(y.RequiredSkills);

        public int GetHashCode(NeedDemand obj) => obj.TeamSize.GetHashCode();
    }
}
