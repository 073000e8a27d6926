namespace ProBono.Recruitment.Marathons.ChangingStatus;

/// <summary>Staff complete a marathon in progress; from any other status it is a 409.</summary>
internal static class CompleteMarathonSlice
{
    public static IReadOnlyList<object> Decide(Marathon marathon, DateTimeOffset now) =>
        marathon.Status == MarathonStatus.InProgress
            ? [new MarathonCompleted(marathon.Id, now)]
            : throw MarathonStatusMove.OutOfOrder("complete", marathon, MarathonStatus.InProgress, MarathonStatus.Completed);

    public static RouteGroupBuilder MapCompleteMarathon(this RouteGroupBuilder admin)
    {
        admin.MapMove("/marathons/{marathonId:guid}/complete", Decide)
            .WithName("CompleteMarathon")
            .WithSummary("Complete the marathon: in-progress → completed (staff).");
        return admin;
    }
}
