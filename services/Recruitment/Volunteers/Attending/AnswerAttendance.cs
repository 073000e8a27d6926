using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;

namespace ProBono.Recruitment.Volunteers.Attending;

/// <summary>The answer is past: the marathon's day started, or it completed. Nothing changes.</summary>
internal sealed class TooLateToAnswer(MarathonStatus status)
    : ServiceDefaults.Problems.ProblemException(409, "State conflict", $"The marathon is {status.ToApi()}: attendance can no longer be answered.");

/// <summary>
/// The volunteer's answer on the attendance page the day-before mail links to: they come (recorded on their stream),
/// or they cannot (the withdrawal use case: the first waitlisted volunteer is promoted, Teams backfills the team).
/// </summary>
internal static class AnswerAttendanceSlice
{
    public const string Confirm = "confirm";
    public const string Cancel = "cancel";

    public static bool IsTooLate(MarathonStatus status) => status is MarathonStatus.InProgress or MarathonStatus.Completed;

    /// <summary>
    /// A confirmed volunteer confirms once (again: nothing new); not once the day started; nobody without a place. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Volunteer volunteer, MarathonStatus status, DateTimeOffset now)
    {
        if (IsTooLate(status))
        {
            throw new TooLateToAnswer(status);
        }
        if (volunteer.Status != VolunteerStatus.Confirmed)
        {
            throw new StateConflict($"Volunteer {volunteer.Id} holds no place: it is {ApiSpelling.Of(volunteer.Status)}.");
        }
        return volunteer.AttendanceConfirmedAt is null
            ? [new VolunteerAttendanceConfirmed(volunteer.MarathonId, volunteer.PartnerId, volunteer.Id, now)]
            : [];
    }

    /// <summary>Records the confirmation: the marathon's status held and the volunteer's stream locked, as at the desk; saved here.</summary>
    public static async Task ConfirmAttendance(this IDocumentSession session, Guid marathonId, Guid volunteerId, DateTimeOffset now, CancellationToken ct)
    {
        var reads = session.CreateBatchQuery();
        var marathonRead = reads.RequireWhileStatusHeld(marathonId, null);
        var volunteerRead = reads.OpenForWriting<Volunteer>(volunteerId, exclusive: true);
        await reads.Execute(ct);
        var (marathon, volunteer) = (await marathonRead, await volunteerRead);
        volunteer.Append(Decide(volunteer.Require(), marathon.Status, now));
        await session.SaveChangesAsync(ct);
    }

    /// <summary>The cancellation: the volunteer withdraws through the withdrawal use case; not once the day started; saved here.</summary>
    public static async Task CancelAttendance(this IDocumentSession session, Volunteer volunteer, MarathonStatus status, DateTimeOffset now, CancellationToken ct)
    {
        if (IsTooLate(status))
        {
            throw new TooLateToAnswer(status);
        }
        await Withdrawing.WithdrawVolunteerSlice.Withdraw(session, volunteer.MarathonId, volunteer.PartnerId, volunteer.Id, null, now, ct);
        await session.SaveChangesAsync(ct);
    }
}
