using System.Security.Claims;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Auth;
using ProBono.Teams.Copies;

namespace ProBono.Teams.TheDay;

/// <summary>Who is acting on the day: staff, or a volunteer (the lead, or not). Anyone else may at most look.</summary>
internal sealed record DayCaller(bool IsStaff, Guid? VolunteerId)
{
    public static DayCaller Of(ClaimsPrincipal user) => new(user.IsStaff(), user.VolunteerId());
}

/// <summary>
/// The marathon as the day's writes see it (Teams' copy): its status, and once it completed, when (Recruitment's clock)
/// and for how many days corrections are still taken.
/// </summary>
internal sealed record DayWindow(string? Status, DateTimeOffset? CompletedAt, int CorrectionDays)
{
    public static DayWindow Of(MarathonForFormation? marathon) =>
        new(marathon?.Status.Value, marathon?.CompletedAt, marathon?.CorrectionDays ?? MarathonDefaults.CorrectionDays);

    /// <summary>The first instant no correction is taken any more; null while the marathon has not completed.</summary>
    public DateTimeOffset? CorrectionsCloseAt => Status == MarathonStatuses.Completed ? CompletedAt?.AddDays(CorrectionDays) : null;

    /// <summary>Pure. Milestones are the day's: only while the marathon is in progress.</summary>
    public void RequireTheDay()
    {
        if (Status != MarathonStatuses.InProgress)
        {
            throw new StateConflict($"Milestones are recorded while the marathon is in progress; it is {Status ?? "unknown to Teams"}.");
        }
    }

    /// <summary>
    /// Pure. Whether a deliverable recorded at <paramref name="now"/> is a correction: false on the day, true after the
    /// marathon completed and before <see cref="CorrectionsCloseAt"/>; 409 at any other time. The caller passes one
    /// clock reading, the one the change is stamped with, so a change racing the window's end is in or out as a whole.
    /// </summary>
    public bool IsCorrectionAt(DateTimeOffset now)
    {
        if (Status == MarathonStatuses.InProgress)
        {
            return false;
        }
        if (Status == MarathonStatuses.Completed && CorrectionsCloseAt is { } closes)
        {
            if (now >= closes)
            {
                throw new StateConflict($"The correction window of the marathon closed at {closes:O} ({CorrectionDays} days after its completion).");
            }
            return true;
        }
        throw new StateConflict(Status == MarathonStatuses.Completed
            ? "The marathon completed, but Teams has not learnt when; no correction can be placed in its window."
            : $"Deliverables are recorded while the marathon is in progress, then as corrections for a while after it completed; it is {Status ?? "unknown to Teams"}.");
    }
}

/// <summary>What the day's slices share: who may act for a team, and how a team's stream is opened with its marathon.</summary>
internal static class TheDaySlice
{
    /// <summary>An absolute http(s) URL with a host (what a browser can open).</summary>
    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    public static void RequireLeadOrStaff(Team team, DayCaller caller)
    {
        if (!caller.IsStaff && (caller.VolunteerId is not { } volunteerId || volunteerId != team.LeadVolunteerId))
        {
            throw new Forbidden("Only the team's lead or staff record the team's milestones and deliverable.");
        }
    }

    public static RouteGroupBuilder MapTheDay(this RouteGroupBuilder api) => api.MapRecordMilestone().MapRecordDeliverable();

    /// <summary>
    /// The team's stream, opened for writing, and Teams' copy of its marathon. A team the caller may not
    /// see is a 404 before <c>If-Match</c> is looked at, so a stale version reveals nothing either.
    /// </summary>
    public static async Task<(StreamWrite<Team> Write, MarathonForFormation? Marathon)> Open(
        IDocumentSession session, Guid teamId, HttpContext http, CancellationToken ct)
    {
        var write = await session.OpenForWriting<Team>(teamId, ct);
        var team = http.User.Visible(write.State, teamId);
        write.Require(http.Request.ExpectedVersion());
        var marathon = await session.LoadAsync<MarathonForFormation>(team.MarathonId, ct);
        return (write, marathon);
    }
}
