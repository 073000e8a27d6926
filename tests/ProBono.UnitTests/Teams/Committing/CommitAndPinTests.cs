using ProBono.Contracts;
using ProBono.Teams;
using ProBono.Teams.Formation;
using ProBono.Teams.Formation.Committing;
using ProBono.Teams.Formation.Pinning;
using ProBono.Teams.Formation.Proposing;
using ProBono.Teams.Copies;
using FormationState = ProBono.Teams.Formation.Formation;

namespace ProBono.UnitTests.Teams.Committing;

/// <summary>Committing a proposal only while its inputs hold, and pinning leads, as pure decisions.</summary>
public class CommitAndPinTests
{
    private static readonly DateTimeOffset Now = new(2030, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly MarathonForFormation Marathon = new() { Id = Guid.Parse("0a0a0a0a-0000-4000-8000-000000000000"), Name = "M", MaxSameCompanyPerTeam = 3 };

    private static NeedForFormation Need(int n)
    {
        var need = new NeedForFormation
        {
            Id = Guid.Parse($"0b0b0b0b-0000-4000-8000-{n:D12}"), MarathonId = Marathon.Id, Title = $"Need {n}", Cause = "culture",
            RequiredSkills = [new RequiredSkill("design", 1)], TeamSizeMin = 2, TeamSizeMax = 3,
        };
        need.Apply(new NeedPublished(need.Id, Marathon.Id, Guid.NewGuid(), "A", need.Title, "D", need.RequiredSkills, 2, 3, "culture", 3, Now));
        return need;
    }

    private static VolunteerForFormation Volunteer(int n, string partner, string skill, bool lead = false)
    {
        var v = new VolunteerForFormation { Id = Guid.Parse($"0c0c0c0c-0000-4000-8000-{n:D12}") };
        v.Apply(new VolunteerConfirmed(v.Id, Marathon.Id, partner, partner, $"V{n}", [skill], lead, ["culture"], null, 1, Now));
        return v;
    }

    private static FormationInputs Inputs(params VolunteerForFormation[] volunteers) =>
        new(Marathon, [Need(1)], volunteers, new Dictionary<Guid, Guid>());

    [Fact]
    public void A_proposal_commits_into_one_team_stream_per_proposed_team_with_the_members_as_Teams_knows_them()
    {
        var inputs = Inputs(Volunteer(1, "edf", "design", lead: true), Volunteer(2, "ey", "it"));
        var proposal = ProposeFormationSlice.Propose(inputs, Now);

        var (teamId, formed) = Assert.Single(CommitFormationSlice.Decide(proposal, inputs, "staff:s", Now));

        Assert.Equal(Team.IdOf(Need(1).Id), teamId);
        Assert.Equal(["V1", "V2"], formed.Members.Select(m => m.FirstName).Order());
        Assert.Equal(formed.Members.Single(m => m.FirstName == "V1").VolunteerId, formed.LeadVolunteerId);
    }

    [Fact]
    public void The_same_inputs_give_the_same_proposal_id_and_a_changed_input_another()
    {
        var inputs = Inputs(Volunteer(1, "edf", "design", lead: true), Volunteer(2, "ey", "it"));
        var withdrawn = Volunteer(2, "ey", "it");
        withdrawn.Apply(new VolunteerWithdrawn(withdrawn.Id, Marathon.Id, "ey", true, 2, Now));

        Assert.Equal(ProposeFormationSlice.Propose(inputs, Now).Id, ProposeFormationSlice.Propose(inputs, Now.AddHours(1)).Id);
        Assert.NotEqual(inputs.Fingerprint(), Inputs(Volunteer(1, "edf", "design", lead: true), withdrawn).Fingerprint());
    }

    [Fact]
    public void A_proposal_whose_inputs_changed_is_a_409()
    {
        var proposal = ProposeFormationSlice.Propose(Inputs(Volunteer(1, "edf", "design", lead: true), Volunteer(2, "ey", "it")), Now);
        var now = Inputs(Volunteer(1, "edf", "design", lead: true), Volunteer(2, "ey", "it"), Volunteer(3, "thales", "hr"));

        Assert.Throws<StateConflict>(() => CommitFormationSlice.Decide(proposal, now, "staff:s", Now));
    }

    [Fact]
    public void A_confirmed_volunteer_is_pinned_once_and_anything_else_is_refused()
    {
        var need = Need(1);
        var volunteer = Volunteer(1, "edf", "design");
        var empty = FormationState.Empty(Marathon.Id);

        var pinned = Assert.IsType<LeadPinned>(Assert.Single(PinLeadSlice.Decide(empty, Marathon.Id, need, false, volunteer, need.Id, volunteer.Id, "staff:s", Now)));
        var state = FormationState.Evolution(empty, pinned);
        Assert.Empty(PinLeadSlice.Decide(state, Marathon.Id, need, false, volunteer, need.Id, volunteer.Id, "staff:s", Now)); // again: nothing new

        Assert.Throws<NotFound>(() => PinLeadSlice.Decide(empty, Marathon.Id, null, false, volunteer, need.Id, volunteer.Id, "staff:s", Now));
        Assert.Throws<StateConflict>(() => PinLeadSlice.Decide(empty, Marathon.Id, need, true, volunteer, need.Id, volunteer.Id, "staff:s", Now));
        Assert.Throws<RuleViolated>(() => PinLeadSlice.Decide(empty, Marathon.Id, need, false, null, need.Id, volunteer.Id, "staff:s", Now));
        var other = Need(2);
        Assert.Throws<RuleViolated>(() => PinLeadSlice.Decide(state, Marathon.Id, other, false, volunteer, other.Id, volunteer.Id, "staff:s", Now)); // leads one team
        Assert.Throws<NotFound>(() => UnpinLeadSlice.Decide(empty, need.Id, "staff:s", Now));
    }

    [Fact]
    public void A_pin_whose_need_or_volunteer_went_away_is_listed_as_broken_with_why()
    {
        var need = Need(1);
        var gone = Volunteer(1, "edf", "design");
        gone.Apply(new VolunteerWithdrawn(gone.Id, Marathon.Id, "edf", true, 2, Now));
        var state = FormationState.Evolution(FormationState.Empty(Marathon.Id), new LeadPinned(Marathon.Id, need.Id, gone.Id, "staff:s", Now));

        var view = Assert.Single(ListPinnedLeadsSlice.Views(state, new Dictionary<Guid, NeedForFormation> { [need.Id] = need }, new Dictionary<Guid, VolunteerForFormation> { [gone.Id] = gone }));

        Assert.Equal((false, "The volunteer withdrew."), (view.Kept, view.Problem));
    }
}
