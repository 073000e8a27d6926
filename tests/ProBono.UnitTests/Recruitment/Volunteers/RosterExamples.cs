using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Registering;
using Xunit.Sdk;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>
/// Fixed examples, and a Given/When/Then over the volunteer deciders: the history of one partner's roster (its
/// <see cref="RosterOpened"/> and its volunteers' events) is folded into what the slices load — the roster's figures
/// and each volunteer's snapshot — with the same evolve functions the projections use.
/// </summary>
internal static class RosterExamples
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid MarathonId = new("0195a0c4-7d2e-7000-8000-000000000001");
    public const string PartnerId = "acme";
    public const string PartnerName = "Acme Corp";
    public const string Source = "visual-12";
    public static readonly Guid RosterId = RosterIds.Roster(MarathonId, PartnerId);

    public static RosterOpened Opened(int quota) => new(RosterId, MarathonId, PartnerId, PartnerName, quota, Now.AddDays(-30));

    public static VolunteerProfile Profile(string employeeRef) =>
        new($"First {employeeRef}", ["finance", "data"], LeadCapable: true, ["education"], 55.5m);

    public static Guid IdOf(string employeeRef) => RosterIds.Volunteer(MarathonId, PartnerId, employeeRef);

    public static RegisterVolunteer Command(string employeeRef) =>
        new(MarathonId, PartnerId, employeeRef, Profile(employeeRef), $"Last {employeeRef}", $"{employeeRef}@acme.example", Source, Now);

    public static VolunteerRegistered Registered(string employeeRef, VolunteerStatus status, int arrival) =>
        new(MarathonId, PartnerId, PartnerName, IdOf(employeeRef), employeeRef, Profile(employeeRef),
            $"Last {employeeRef}", $"{employeeRef}@acme.example", status, arrival, Source, Now);

    public static VolunteerWithdrawn Withdrawn(string employeeRef, bool wasConfirmed) =>
        new(MarathonId, PartnerId, IdOf(employeeRef), wasConfirmed, Source, Now);

    public static WaitlistedVolunteerConfirmed Promoted(string employeeRef) =>
        new(MarathonId, PartnerId, PartnerName, IdOf(employeeRef), Profile(employeeRef), Source, Now);

    /// <summary>What the slices of one partner see: its roster's figures and its volunteers' snapshots.</summary>
    internal sealed record PartnerState(RosterFigures Roster, IReadOnlyDictionary<Guid, Volunteer> Volunteers)
    {
        public Volunteer? Of(string employeeRef) => Volunteers.GetValueOrDefault(IdOf(employeeRef));

        public Volunteer? FirstWaitlisted() =>
            Volunteers.Values.Where(v => v.Status == VolunteerStatus.Waitlisted).OrderBy(v => v.Arrival).FirstOrDefault();
    }

    public static PartnerState Fold(params object[] history)
    {
        var roster = RosterFigures.Opened((RosterOpened)history[0]);
        var volunteers = new Dictionary<Guid, Volunteer>();
        foreach (var e in history.Skip(1))
        {
            roster = RosterFigures.Evolution(roster, e);
            var id = (Guid)e.GetType().GetProperty("VolunteerId")!.GetValue(e)!;
            volunteers[id] = e is VolunteerRegistered registered ? Volunteer.Create(registered) : Volunteer.Evolution(volunteers[id], e);
        }
        return new PartnerState(roster, volunteers);
    }

    public static Outcome Given(object[] history, Func<PartnerState, IEnumerable<object>> decide)
    {
        var state = Fold(history);
        try
        {
            return new Outcome([.. decide(state)], null);
        }
#pragma warning disable CA1031 // the outcome of a decision may be any exception; ThenFails judges it
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Outcome(null, e);
        }
    }

    internal sealed record Outcome(IReadOnlyList<object>? Events, Exception? Exception)
    {
        public IReadOnlyList<object> Then(params object[] expected)
        {
            if (Exception is not null)
            {
                throw new XunitException($"Expected {expected.Length} event(s), but the decision threw {Exception.GetType().Name}: {Exception.Message}");
            }
            Assert.Equal(expected.Select(e => e.GetType()), Events!.Select(e => e.GetType()));
            Assert.Equivalent(expected, Events, strict: true);
            return Events!;
        }

        public TException ThenFails<TException>() where TException : Exception
        {
            if (Exception is null)
            {
                throw new XunitException($"Expected {typeof(TException).Name}, but the decision produced {Events!.Count} event(s).");
            }
            return Assert.IsType<TException>(Exception);
        }
    }
}
