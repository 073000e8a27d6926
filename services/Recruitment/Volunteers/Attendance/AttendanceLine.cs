using JasperFx.Events;
using Marten.Events.Projections;

namespace ProBono.Recruitment.Volunteers.Attendance;

/// <summary>How a volunteer who held a place stands on the day, as partners read it.</summary>
public enum AttendanceStatus
{
    Confirmed,
    Cancelled,
    CheckedIn,
    NoShow,
}

/// <summary>
/// One volunteer's attendance: whether it ever held a place (confirmed at registration or promoted), withdrew, and when it
/// checked in. A document per volunteer, kept in the same transaction as its events (inline), so the attendance list and
/// the no-show mails read one indexed query per page. No last name here: it stays in <see cref="VolunteerPersonalData"/>.
/// </summary>
public sealed record AttendanceLine(
    Guid Id,
    Guid MarathonId,
    string PartnerId,
    int Arrival,
    string FirstName,
    bool HeldPlace,
    bool Withdrawn,
    DateTimeOffset? CheckedInAt)
{
    /// <summary>Pure: the line after <paramref name="event"/>; a line starts with the registration.</summary>
    public static AttendanceLine? Evolution(AttendanceLine? line, object @event) => (line, @event) switch
    {
        (_, VolunteerRegistered e) => new AttendanceLine(
            e.VolunteerId, e.MarathonId, e.PartnerId, e.Arrival, e.Profile.FirstName, e.Status == VolunteerStatus.Confirmed, false, null),
        (null, _) => null,
        (_, WaitlistedVolunteerConfirmed) => line with { HeldPlace = true },
        (_, VolunteerWithdrawn) => line with { Withdrawn = true },
        (_, VolunteerCheckedIn e) => line with { CheckedInAt = line.CheckedInAt ?? e.CheckedInAt },
        _ => line,
    };

    /// <summary>
    /// confirmed; cancelled once withdrawn after holding a place; checked-in; no-show once the marathon is completed
    /// and the volunteer never checked in. Null for a volunteer who never held a place (not on the list).
    /// </summary>
    public AttendanceStatus? StatusAt(bool marathonCompleted) =>
        !HeldPlace ? null
        : Withdrawn ? AttendanceStatus.Cancelled
        : CheckedInAt is not null ? AttendanceStatus.CheckedIn
        : marathonCompleted ? AttendanceStatus.NoShow
        : AttendanceStatus.Confirmed;
}

internal sealed class AttendanceProjection : MultiStreamProjection<AttendanceLine, Guid>
{
    public AttendanceProjection()
    {
        Identity<VolunteerRegistered>(e => e.VolunteerId);
        Identity<WaitlistedVolunteerConfirmed>(e => e.VolunteerId);
        Identity<VolunteerWithdrawn>(e => e.VolunteerId);
        Identity<VolunteerCheckedIn>(e => e.VolunteerId);
    }

    public override AttendanceLine? Evolve(AttendanceLine? snapshot, Guid id, IEvent e) => AttendanceLine.Evolution(snapshot, e.Data);
}
