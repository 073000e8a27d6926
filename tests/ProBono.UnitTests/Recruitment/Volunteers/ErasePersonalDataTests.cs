using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Erasing;
using ProBono.Recruitment.Volunteers.Registering;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>Erasing a volunteer's personal data: recorded once, with no personal data in it, and nothing else changes.</summary>
public class ErasePersonalDataTests
{
    private static Func<PartnerState, IEnumerable<object>> Erase(string employeeRef) =>
        state => ErasePersonalDataSlice.Decide(state.Of(employeeRef)!, Now);

    [Fact]
    public void A_first_request_records_the_erasure()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0)], Erase("e1"))
            .Then(Erased("e1"));
    }

    [Fact]
    public void A_repeated_request_records_nothing()
    {
        Given([Opened(1), Registered("e1", VolunteerStatus.Confirmed, 0), Erased("e1")], Erase("e1")).ThenNothing();
    }

    [Fact]
    public void A_new_registration_carries_no_last_name_or_email()
    {
        var registered = RegisterVolunteerSliceFor("e1");
        Assert.Null(registered.LastName);
        Assert.Null(registered.Email);
    }

    [Fact]
    public void The_erasure_event_has_no_personal_data_property()
    {
        Assert.DoesNotContain(typeof(VolunteerPersonalDataErased).GetProperties(), p => p.Name is "LastName" or "Email" or "EmployeeRef" or "FirstName");
    }

    [Fact]
    public void Erasure_clears_what_an_old_registration_left_in_the_snapshot_and_keeps_the_rest()
    {
        var before = Volunteer.Create(RegisteredWithPersonalData("e1", VolunteerStatus.Waitlisted, 3));
        Assert.Equal("Last e1", before.LastName); // the old event's copy is read until erased

        var after = Volunteer.Evolution(before, Erased("e1"));

        Assert.Null(after.LastName);
        Assert.Null(after.Email);
        Assert.True(after.PersonalDataErased);
        Assert.Equal(before with { LastName = null, Email = null, PersonalDataErased = true }, after);
    }

    [Fact]
    public void Erasure_changes_no_roster_figure()
    {
        var figures = RosterFigures.Evolution(RosterFigures.Opened(Opened(1)), Registered("e1", VolunteerStatus.Confirmed, 0));
        Assert.Equal(figures, RosterFigures.Evolution(figures, Erased("e1")));
    }

    private static VolunteerRegistered RegisterVolunteerSliceFor(string employeeRef) =>
        (VolunteerRegistered)RegisterVolunteerSlice.Decide(RosterFigures.Opened(Opened(1)), null, MarathonStatus.RegistrationOpen, Command(employeeRef)).Single();
}
