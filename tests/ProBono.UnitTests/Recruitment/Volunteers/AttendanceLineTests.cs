using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Attendance;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>How a volunteer's events make its line of the attendance list, and what status the line shows.</summary>
public class AttendanceLineTests
{
    private static AttendanceLine? Fold(params object[] events) => events.Aggregate((AttendanceLine?)null, AttendanceLine.Evolution);

    [Fact]
    public void A_volunteer_confirmed_at_registration_is_confirmed_then_a_no_show_once_the_marathon_is_completed()
    {
        var line = Fold(Registered("e1", VolunteerStatus.Confirmed, 0))!;

        Assert.Equal((IdOf("e1"), "First e1", 0), (line.Id, line.FirstName, line.Arrival));
        Assert.Equal(AttendanceStatus.Confirmed, line.StatusAt(marathonCompleted: false));
        Assert.Equal(AttendanceStatus.NoShow, line.StatusAt(marathonCompleted: true));
    }

    [Fact]
    public void A_checked_in_volunteer_keeps_its_first_check_in_time_and_is_never_a_no_show()
    {
        var later = new VolunteerCheckedIn(MarathonId, PartnerId, IdOf("e1"), Now.AddHours(3));
        var line = Fold(Registered("e1", VolunteerStatus.Confirmed, 0), new VolunteerCheckedIn(MarathonId, PartnerId, IdOf("e1"), Now), later)!;

        Assert.Equal(Now, line.CheckedInAt);
        Assert.Equal(AttendanceStatus.CheckedIn, line.StatusAt(marathonCompleted: true));
    }

    [Fact]
    public void A_confirmed_volunteer_who_withdrew_is_cancelled()
    {
        Assert.Equal(AttendanceStatus.Cancelled, Fold(Registered("e1", VolunteerStatus.Confirmed, 0), Withdrawn("e1", true))!.StatusAt(true));
        Assert.Equal(AttendanceStatus.Cancelled,
            Fold(Registered("e1", VolunteerStatus.Waitlisted, 0), Promoted("e1"), Withdrawn("e1", true))!.StatusAt(false));
    }

    [Fact]
    public void A_volunteer_who_never_held_a_place_is_not_on_the_list()
    {
        Assert.Null(Fold(Registered("e1", VolunteerStatus.Waitlisted, 0))!.StatusAt(true));
        Assert.Null(Fold(Registered("e1", VolunteerStatus.Waitlisted, 0), Withdrawn("e1", false))!.StatusAt(true));
        Assert.Equal(AttendanceStatus.NoShow, Fold(Registered("e1", VolunteerStatus.Waitlisted, 0), Promoted("e1"))!.StatusAt(true));
    }

    [Fact]
    public void A_line_starts_with_the_registration()
    {
        Assert.Null(Fold(Withdrawn("e1", true)));
        Assert.Null(Fold(Erased("e1")));
    }
}
