namespace ProBono.Recruitment.Marathons.ChangingStatus;

/// <summary>Staff close an open registration; from any other status it is a 409.</summary>
internal static class CloseRegistrationSlice
{
    public static IReadOnlyList<object> Decide(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.RegistrationOpen
            ? [new RegistrationClosed(marathon.Id, now)]
            : throw MarathonStatusMove.OutOfOrder("close registration", marathon, MarathonStatus.RegistrationOpen, MarathonStatus.RegistrationClosed);

    public static RouteGroupBuilder MapCloseRegistration(this RouteGroupBuilder admin)
    {
        admin.MapMove("/marathons/{marathonId:guid}/close-registration", Decide)
            .WithName("CloseRegistration")
            .WithSummary("Close registration: registration-open → registration-closed (staff).");
        return admin;
    }
}
