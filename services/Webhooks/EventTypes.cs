namespace ProBono.Webhooks;

/// <summary>The event types a partner subscribes to (API.md), spelled as they travel in a delivery's <c>type</c>.</summary>
internal static class EventTypes
{
    public const string VolunteerConfirmed = "volunteer.confirmed";
    public const string VolunteerWaitlisted = "volunteer.waitlisted";
    public const string VolunteerPromoted = "volunteer.promoted";
    public const string VolunteerWithdrawn = "volunteer.withdrawn";
    public const string VolunteerCheckedIn = "volunteer.checked-in";
    public const string TeamFormed = "team.formed";
    public const string MarathonCompleted = "marathon.completed";
    public const string ImpactReady = "impact.ready";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        VolunteerConfirmed, VolunteerWaitlisted, VolunteerPromoted, VolunteerWithdrawn, VolunteerCheckedIn, TeamFormed, MarathonCompleted, ImpactReady,
    };
}
