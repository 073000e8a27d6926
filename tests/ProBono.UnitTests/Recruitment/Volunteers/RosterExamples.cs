using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Registering;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>
/// Fixed examples for the volunteer deciders: the history of one partner's roster (its <see cref="RosterOpened"/> and its
/// volunteers' events) is folded into what the slices load (the roster's figures and each volunteer's snapshot).
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
        new(MarathonId, PartnerId, employeeRef, Profile(employeeRef), $"Last {employeeRef}", $"{employeeRef}@acme.example", Source, Badge(employeeRef), Now);

    /// <summary>A badge code per employee, fixed so that the expected events can name it.</summary>
    public static string Badge(string employeeRef) => $"B{employeeRef}".PadRight(12, '0')[..12].ToUpperInvariant();

    public static VolunteerRegistered Registered(string employeeRef, VolunteerStatus status, int arrival) =>
        new(MarathonId, PartnerId, PartnerName, IdOf(employeeRef), employeeRef, Profile(employeeRef), status, arrival, Source, Now, BadgeCode: Badge(employeeRef));

    /// <summary>A registration recorded before the personal data moved out of the events: it still carries them.</summary>
    public static VolunteerRegistered RegisteredWithPersonalData(string employeeRef, VolunteerStatus status, int arrival) =>
        Registered(employeeRef, status, arrival) with { LastName = $"Last {employeeRef}", Email = $"{employeeRef}@acme.example" };

    public static VolunteerPersonalDataErased Erased(string employeeRef) => new(MarathonId, PartnerId, IdOf(employeeRef), Now);

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

        public static PartnerState Opened(object e) => new(RosterFigures.Opened((RosterOpened)e), new Dictionary<Guid, Volunteer>());

        /// <summary>Folds with the projections' own evolve functions: the roster's figures, and the volunteer's snapshot.</summary>
        public static PartnerState Evolve(PartnerState state, object e)
        {
            var id = (Guid)e.GetType().GetProperty("VolunteerId")!.GetValue(e)!;
            var volunteer = e is VolunteerRegistered registered ? Volunteer.Create(registered) : Volunteer.Evolution(state.Volunteers[id], e);
            return new PartnerState(RosterFigures.Evolution(state.Roster, e), new Dictionary<Guid, Volunteer>(state.Volunteers) { [id] = volunteer });
        }
    }

    /// <summary>The project's one Given/When/Then, over the state a partner's slices decide on.</summary>
    public static readonly Specification<PartnerState> Spec = Specification.For<PartnerState>(PartnerState.Evolve, PartnerState.Opened);

    public static PartnerState Fold(params object[] history) => Spec.Fold(history)!;

    public static Specification<PartnerState>.Outcome Given(object[] history, Func<PartnerState, IEnumerable<object>> decide) =>
        Spec.Given(history).When(decide);
}
