namespace ProBono.Recruitment.Marathons.ChangingStatus;

/// <summary>Staff start the marathon once its registration is closed; from any other status it is a 409.</summary>
internal static class StartMarathonSlice
{
    public static IReadOnlyList<object> Decide(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.RegistrationClosed
            ? [new MarathonStarted(marathon.Id, now)]
            : throw MarathonStatusMove.OutOfOrder("start", marathon, MarathonStatus.RegistrationClosed, MarathonStatus.InProgress);

    public static RouteGroupBuilder MapStartMarathon(this RouteGroupBuilder admin)
    {
        admin.MapMove("/marathons/{marathonId:guid}/start", Decide)
            .WithName("StartMarathon")
            .WithSummary("Start the marathon: registration-closed → in-progress (staff).");
        return admin;
    }
}
