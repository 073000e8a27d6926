using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers.CheckingIn;

/// <summary>
/// When a check-in counts: on the day (the marathon in progress), or, for the marathon's correction days after its
/// completion, as a correction. One clock reading decides, so a check-in racing the window's end is in or refused whole.
/// </summary>
internal sealed record CheckInWindow(MarathonStatus Status, DateTimeOffset? CorrectionsUntil)
{
    public static CheckInWindow Of(MarathonSummary marathon) => new(marathon.Status, marathon.CorrectionsUntil);

    /// <summary>False on the day, true within the correction window; else a 409.</summary>
    public bool IsCorrection(DateTimeOffset now) => Status switch
    {
        MarathonStatus.InProgress => false,
        MarathonStatus.Completed when now <= CorrectionsUntil => true,
        MarathonStatus.Completed => throw new StateConflict(
            $"The marathon's correction window closed on {CorrectionsUntil:yyyy-MM-dd HH:mm} UTC; its check-ins can no longer change."),
        _ => throw new StateConflict($"Volunteers check in only while the marathon is in progress; it is {Status.ToApi()}."),
    };
}
