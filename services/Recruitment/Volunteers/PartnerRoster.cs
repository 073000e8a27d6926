using System.Security.Cryptography;
using System.Text;

namespace ProBono.Recruitment.Volunteers;

public enum VolunteerStatus
{
    Confirmed,
    Waitlisted,
    Withdrawn,
}

/// <summary>What of a volunteer may leave Recruitment (first name only: no last name, e-mail or employee reference).</summary>
public sealed record VolunteerProfile(
    string FirstName,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> CausePreferences,
    decimal? HourlyCostEur);

// The roster's private domain events: one stream per (marathon, partner). What leaves the service is mapped in
// RecruitmentIntegrationEvents.

/// <summary>Starts a partner's roster; appended in the transaction that schedules the marathon or adds the partner.</summary>
public sealed record RosterOpened(Guid RosterId, Guid MarathonId, string PartnerId, string PartnerName, int Quota, DateTimeOffset OpenedAt);

/// <summary>An employee registered; <see cref="Arrival"/> is its place in the partner's arrival order (0-based).</summary>
public sealed record VolunteerRegistered(
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    Guid VolunteerId,
    string EmployeeRef,
    VolunteerProfile Profile,
    string LastName,
    string Email,
    VolunteerStatus Status,
    int Arrival,
    DateTimeOffset RegisteredAt);

public sealed record VolunteerWithdrawn(Guid MarathonId, string PartnerId, Guid VolunteerId, bool WasConfirmed, DateTimeOffset WithdrawnAt);

/// <summary>A waitlisted volunteer took a freed place; carries the profile so the promotion can be published on its own.</summary>
public sealed record WaitlistedVolunteerConfirmed(
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    Guid VolunteerId,
    VolunteerProfile Profile,
    DateTimeOffset ConfirmedAt);

public sealed record VolunteerCheckedIn(Guid MarathonId, string PartnerId, Guid VolunteerId, DateTimeOffset CheckedInAt);

public sealed record RosterEntry(Guid VolunteerId, string EmployeeRef, VolunteerProfile Profile, VolunteerStatus Status, bool CheckedIn);

/// <summary>
/// One partner's volunteers for one marathon, in arrival order: the consistency boundary of the quota.
/// Registrations lock this stream (<c>FetchForExclusiveWriting</c>), so they are decided one after the other.
/// </summary>
public sealed record PartnerRoster(
    Guid Id,
    Guid MarathonId,
    string PartnerId,
    string PartnerName,
    int Quota,
    IReadOnlyList<RosterEntry> Entries)
{
    public int Count(VolunteerStatus status) => Entries.Count(e => e.Status == status);

    public int CheckedInCount() => Entries.Count(e => e.CheckedIn);

    public RosterEntry? ByEmployee(string employeeRef) => Entries.FirstOrDefault(e => e.EmployeeRef == employeeRef);

    public RosterEntry? ById(Guid volunteerId) => Entries.FirstOrDefault(e => e.VolunteerId == volunteerId);

    public static PartnerRoster Create(RosterOpened e) => new(e.RosterId, e.MarathonId, e.PartnerId, e.PartnerName, e.Quota, []);

    public static PartnerRoster Evolution(PartnerRoster state, object @event) => @event switch
    {
        VolunteerRegistered e => state with
        {
            Entries = [.. state.Entries, new RosterEntry(e.VolunteerId, e.EmployeeRef, e.Profile, e.Status, false)],
        },
        VolunteerWithdrawn e => state.Change(e.VolunteerId, v => v with { Status = VolunteerStatus.Withdrawn }),
        WaitlistedVolunteerConfirmed e => state.Change(e.VolunteerId, v => v with { Status = VolunteerStatus.Confirmed }),
        VolunteerCheckedIn e => state.Change(e.VolunteerId, v => v with { CheckedIn = true }),
        _ => state,
    };

    private PartnerRoster Change(Guid volunteerId, Func<RosterEntry, RosterEntry> change) =>
        this with { Entries = [.. Entries.Select(v => v.VolunteerId == volunteerId ? change(v) : v)] };

    public PartnerRoster Apply(VolunteerRegistered e) => Evolution(this, e);
    public PartnerRoster Apply(VolunteerWithdrawn e) => Evolution(this, e);
    public PartnerRoster Apply(WaitlistedVolunteerConfirmed e) => Evolution(this, e);
    public PartnerRoster Apply(VolunteerCheckedIn e) => Evolution(this, e);
}

/// <summary>Deterministic ids: the roster of (marathon, partner) and the volunteer of (marathon, partner, employeeRef).</summary>
public static class RosterIds
{
    private static readonly Guid RosterNamespace = new("5a0f7b8e-3c1d-4e8a-9b6f-2d4c6e8a0b1c");
    private static readonly Guid VolunteerNamespace = new("9c2e4a6b-8d0f-4b1a-a3c5-e7f9b1d3f5a7");

    public static Guid Roster(Guid marathonId, string partnerId) => NameBased(RosterNamespace, $"{marathonId:N}/{partnerId}");

    public static Guid Volunteer(Guid marathonId, string partnerId, string employeeRef) =>
        NameBased(VolunteerNamespace, $"{marathonId:N}/{partnerId}/{employeeRef}");

    /// <summary>A name-based UUID (RFC 9562 layout, version 8: SHA-256 of namespace and name, truncated).</summary>
    public static Guid NameBased(Guid ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA256.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>Starts partner rosters; called where a partner enters a marathon (scheduling, adding a partner).</summary>
internal static class PartnerRosters
{
    public static void Open(Marten.IDocumentSession session, Guid marathonId, Marathons.PartnerQuota partner, DateTimeOffset now)
    {
        var rosterId = RosterIds.Roster(marathonId, partner.PartnerId);
        session.Events.StartStream<PartnerRoster>(rosterId, new RosterOpened(rosterId, marathonId, partner.PartnerId, partner.Name, partner.Quota, now));
    }
}
