namespace ProBono.Recruitment.Marathons.ChangingStatus;

/// <summary>Staff open a planned marathon's registration; from any other status it is a 409.</summary>
internal static class OpenRegistrationSlice
{
    public static IReadOnlyList<object> Decide(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.Planned
            ? [new RegistrationOpened(marathon.Id, now)]
            : throw MarathonStatusMove.OutOfOrder("open registration", marathon, MarathonStatus.Planned, MarathonStatus.RegistrationOpen);

    public static RouteGroupBuilder MapOpenRegistration(this RouteGroupBuilder admin)
    {
        admin.MapMove("/marathons/{marathonId:guid}/open-registration", Decide)
            .WithName("OpenRegistration")
            .WithSummary("Open registration: planned → registration-open (staff).");
        return admin;
    }
}
