using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.CheckingIn;
using ProBono.Recruitment.Volunteers.Registering;
using ProBono.Recruitment.Volunteers.Withdrawing;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>The rules of the partner roster: quota, waitlist, idempotent repeats, withdrawal and promotion, check-in.</summary>
public class PartnerRosterTests
{
    private static Func<PartnerState, IEnumerable<object>> Register(string employeeRef, MarathonStatus status = MarathonStatus.RegistrationOpen) =>
        state => RegisterVolunteerSlice.Decide(state.Roster, state.Of(employeeRef), status, Command(employeeRef));

    /// <summary>As the endpoint does: the withdrawal, then the promotion of the first waitlisted when a place was freed.</summary>
    private static Func<PartnerState, IEnumerable<object>> Withdraw(string employeeRef, MarathonStatus status = MarathonStatus.RegistrationOpen) =>
        state =>
        {
            var withdrawal = WithdrawVolunteerSlice.Decide(state.Of(employeeRef)!, status, Now);
            return [.. withdrawal, .. WithdrawVolunteerSlice.Promote(withdrawal, state.FirstWaitlisted(), Now)];
        };

    private static Func<PartnerState, IEnumerable<object>> CheckIn(string employeeRef, MarathonStatus status = MarathonStatus.InProgress) =>
        state => CheckInVolunteerSlice.Decide(state.Of(employeeRef)!, new CheckInWindow(status, null), Now, "staff:test");

    [Fact]
    public void Within_the_quota_a_volunteer_is_confirmed()
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0)], Register("e2"))
            .Then(Registered("e2", VolunteerStatus.Confirmed, 1));
    }

    [Fact]
    public void Beyond_the_quota_a_volunteer_is_waitlisted()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0)], Register("e2"))
            .Then(Registered("e2", VolunteerStatus.Waitlisted, 1));
    }

    [Fact]
    public void A_withdrawn_place_does_not_count_against_the_quota()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Withdrawn("e1", true)], Register("e2"))
            .Then(Registered("e2", VolunteerStatus.Confirmed, 1));
    }

    [Theory]
    [InlineData(VolunteerStatus.Confirmed)]
    [InlineData(VolunteerStatus.Waitlisted)]
    public void The_same_employee_again_changes_nothing(VolunteerStatus status)
    {
        Given([Opened(1), Registered("e0", VolunteerStatus.Confirmed, 0), Registered("e1", status, 1)], Register("e1")).ThenNothing();
    }

    [Fact]
    public void The_same_employee_again_changes_nothing_even_once_registration_is_closed()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0)], Register("e1", MarathonStatus.RegistrationClosed)).ThenNothing();
    }

    [Theory]
    [InlineData(MarathonStatus.Planned)]
    [InlineData(MarathonStatus.RegistrationClosed)]
    [InlineData(MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.Completed)]
    public void Nobody_registers_while_registration_is_not_open(MarathonStatus status)
    {
        var conflict = Given([Opened(3)], Register("e1", status)).ThenThrows<StateConflict>();
        Assert.Equal(409, conflict.Status);
    }

    [Fact]
    public void The_volunteer_id_depends_on_marathon_partner_and_employee_only()
    {
        Assert.Equal(IdOf("e1"), RosterIds.Volunteer(MarathonId, PartnerId, "e1"));
        Assert.NotEqual(IdOf("e1"), IdOf("e2"));
        Assert.NotEqual(IdOf("e1"), RosterIds.Volunteer(MarathonId, "globex", "e1"));
        Assert.NotEqual(RosterIds.Roster(MarathonId, "acme"), RosterIds.Roster(MarathonId, "globex"));
        Assert.NotEqual(RosterIds.Roster(MarathonId, "acme"), RosterIds.Roster(Guid.NewGuid(), "acme"));
    }

    [Fact]
    public void Withdrawing_a_confirmed_volunteer_confirms_the_first_waitlisted_in_arrival_order()
    {
        Given(
                [
                    Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Registered("e2", VolunteerStatus.Waitlisted, 1),
                    Registered("e3", VolunteerStatus.Waitlisted, 2),
                ],
                Withdraw("e1"))
            .Then(
                Withdrawn("e1", true),
                Promoted("e2"));
    }

    [Fact]
    public void After_a_promotion_the_next_withdrawal_promotes_the_next_in_line()
    {
        var history = new object[]
        {
            Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Registered("e2", VolunteerStatus.Waitlisted, 1),
            Registered("e3", VolunteerStatus.Waitlisted, 2),
            Withdrawn("e1", true),
            Promoted("e2"),
        };
        Assert.Equal(1, Fold(history).Roster.Confirmed);

        Given(history, Withdraw("e2"))
            .Then(
                Withdrawn("e2", true),
                Promoted("e3"));
    }

    [Fact]
    public void Withdrawing_a_waitlisted_volunteer_promotes_nobody()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Registered("e2", VolunteerStatus.Waitlisted, 1), Registered("e3", VolunteerStatus.Waitlisted, 2)],
                Withdraw("e3"))
            .Then(Withdrawn("e3", false));
    }

    [Fact]
    public void Withdrawing_a_confirmed_volunteer_without_a_waitlist_only_withdraws()
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0)], Withdraw("e1"))
            .Then(Withdrawn("e1", true));
    }

    [Fact]
    public void Withdrawing_twice_is_a_conflict()
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0), Withdrawn("e1", true)], Withdraw("e1"))
            .ThenThrows<StateConflict>();
    }

    [Fact]
    public void Nobody_withdraws_from_a_completed_marathon()
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0)], Withdraw("e1", MarathonStatus.Completed)).ThenThrows<StateConflict>();
    }

    [Fact]
    public void The_roster_figures_follow_every_event_but_check_ins()
    {
        var state = Fold(
            Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0), Registered("e2", VolunteerStatus.Confirmed, 1),
            Registered("e3", VolunteerStatus.Waitlisted, 2), Registered("e4", VolunteerStatus.Waitlisted, 3),
            Withdrawn("e1", true), Promoted("e3"), Withdrawn("e4", false),
            new VolunteerCheckedIn(MarathonId, PartnerId, IdOf("e2"), Now));

        Assert.Equal(new RosterFigures(RosterId, MarathonId, PartnerId, PartnerName, 2, Registered: 4, Confirmed: 2, Waitlisted: 0, Withdrawn: 2), state.Roster);
        Assert.Equal(VolunteerStatus.Confirmed, state.Of("e3")!.Status);
        Assert.True(state.Of("e2")!.CheckedIn);
    }

    [Fact]
    public void A_confirmed_volunteer_checks_in_while_the_marathon_is_in_progress()
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0)], CheckIn("e1"))
            .Then(new VolunteerCheckedIn(MarathonId, PartnerId, IdOf("e1"), Now));
    }

    [Fact]
    public void Checking_in_twice_changes_nothing()
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0), new VolunteerCheckedIn(MarathonId, PartnerId, IdOf("e1"), Now)], CheckIn("e1"))
            .ThenNothing();
    }

    [Theory]
    [InlineData(MarathonStatus.Planned)]
    [InlineData(MarathonStatus.RegistrationOpen)]
    [InlineData(MarathonStatus.RegistrationClosed)]
    [InlineData(MarathonStatus.Completed)]
    public void Nobody_checks_in_unless_the_marathon_is_in_progress(MarathonStatus status)
    {
        Given([Opened(2), Registered("e1", VolunteerStatus.Confirmed, 0)], CheckIn("e1", status)).ThenThrows<StateConflict>();
    }

    [Fact]
    public void A_waitlisted_volunteer_does_not_check_in()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Registered("e2", VolunteerStatus.Waitlisted, 1)], CheckIn("e2"))
            .ThenThrows<StateConflict>();
    }

    [Fact]
    public void A_withdrawn_volunteer_does_not_check_in()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Withdrawn("e1", true)], CheckIn("e1"))
            .ThenThrows<StateConflict>();
    }
}
