using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.CheckingIn;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>
/// The desk and the correction window: each entry is decided like a single check-in and fails alone with its reason;
/// after completion a check-in counts only within the window, marked as a correction with who made it.
/// </summary>
public class CheckInDeskTests
{
    private const string Staff = "staff:desk-1";
    private static readonly CheckInWindow OnTheDay = new(MarathonStatus.InProgress, null);

    private static Func<PartnerState, IEnumerable<object>> Desk(CheckInWindow window, params string[] entries) =>
        state => CheckInDeskSlice.Decide(MarathonId, Entries(state, entries), window, Now, Staff).CheckIns;

    /// <summary>Entries by badge: an employee's badge, or a typed text that is no employee's.</summary>
    private static List<DeskEntry> Entries(PartnerState state, string[] entries) =>
        [.. entries.Select(e => new DeskEntry(null, e, state.Volunteers.GetValueOrDefault(IdOf(e)) is { } v ? v : null))];

    private static VolunteerCheckedIn CheckedIn(string employeeRef, bool correction = false) =>
        new(MarathonId, PartnerId, IdOf(employeeRef), Now, correction, correction ? Staff : null);

    private static readonly object[] ThreeConfirmedOneWaitlisted =
    [
        Opened(3),
        Registered("e1", VolunteerStatus.Confirmed, 0), Registered("e2", VolunteerStatus.Confirmed, 1),
        Registered("e3", VolunteerStatus.Confirmed, 2), Registered("e4", VolunteerStatus.Waitlisted, 3),
    ];

    [Fact]
    public void Every_confirmed_volunteer_of_the_list_is_checked_in_once() =>
        Given(ThreeConfirmedOneWaitlisted, Desk(OnTheDay, "e1", "e2", "e3"))
            .Then(CheckedIn("e1"), CheckedIn("e2"), CheckedIn("e3"));

    [Fact]
    public void A_bad_entry_fails_alone_with_its_reason_and_the_others_are_checked_in()
    {
        var state = Fold(ThreeConfirmedOneWaitlisted);
        var otherMarathon = Volunteer.Create(Registered("x9", VolunteerStatus.Confirmed, 0) with { MarathonId = Guid.NewGuid() });
        List<DeskEntry> entries =
        [
            new(null, "E1-BADGE", state.Volunteers[IdOf("e1")]),
            new(null, "NOBODY", null),
            new(null, "E1-AGAIN", state.Volunteers[IdOf("e1")]), // the same volunteer twice in one call
            new(null, "WAITLISTED", state.Volunteers[IdOf("e4")]),
            new(null, "OTHER", otherMarathon),
            new(IdOf("e2"), null, state.Volunteers[IdOf("e2")]),
        ];

        var (results, checkIns) = CheckInDeskSlice.Decide(MarathonId, entries, OnTheDay, Now, Staff);

        Assert.Equal([CheckedIn("e1"), CheckedIn("e2")], checkIns);
        Assert.Equal([true, false, false, false, false, true], results.Select(r => r.CheckedIn));
        Assert.Null(results[0].Error);
        Assert.Contains("No volunteer has badge code 'NOBODY'", results[1].Error);
        Assert.Contains("more than once", results[2].Error);
        Assert.Contains("waitlisted", results[3].Error);
        Assert.Contains("another marathon", results[4].Error);
        Assert.Equal(["E1-BADGE", "NOBODY", "E1-AGAIN", "WAITLISTED", "OTHER", null], results.Select(r => r.BadgeCode));
    }

    [Fact]
    public void A_volunteer_already_checked_in_is_answered_checked_in_and_nothing_is_recorded()
    {
        var (results, checkIns) = CheckInDeskSlice.Decide(MarathonId,
            Entries(Fold([.. ThreeConfirmedOneWaitlisted, CheckedIn("e1")]), ["e1"]), OnTheDay, Now, Staff);

        Assert.Empty(checkIns);
        Assert.True(results.Single().CheckedIn);
    }

    [Fact]
    public void Within_the_correction_window_check_ins_are_corrections_with_who_made_them() =>
        Given(ThreeConfirmedOneWaitlisted, Desk(new CheckInWindow(MarathonStatus.Completed, Now.AddSeconds(1)), "e1"))
            .Then(CheckedIn("e1", correction: true));

    [Fact]
    public void At_the_last_instant_of_the_window_a_check_in_still_counts() =>
        Given(ThreeConfirmedOneWaitlisted, Desk(new CheckInWindow(MarathonStatus.Completed, Now), "e1"))
            .Then(CheckedIn("e1", correction: true));

    [Fact]
    public void After_the_window_the_whole_call_is_refused() =>
        Given(ThreeConfirmedOneWaitlisted, Desk(new CheckInWindow(MarathonStatus.Completed, Now.AddTicks(-1)), "e1", "e2"))
            .ThenThrows<StateConflict>();

    [Theory]
    [InlineData(MarathonStatus.Planned)]
    [InlineData(MarathonStatus.RegistrationOpen)]
    [InlineData(MarathonStatus.RegistrationClosed)]
    public void Before_the_day_nobody_checks_in(MarathonStatus status) =>
        Given(ThreeConfirmedOneWaitlisted, Desk(new CheckInWindow(status, null), "e1"))
            .ThenThrows<StateConflict>();

    [Fact]
    public void A_single_check_in_follows_the_same_window() =>
        Given(ThreeConfirmedOneWaitlisted,
                state => CheckInVolunteerSlice.Decide(state.Volunteers[IdOf("e2")], new CheckInWindow(MarathonStatus.Completed, Now.AddDays(1)), Now, Staff))
            .Then(CheckedIn("e2", correction: true));
}
