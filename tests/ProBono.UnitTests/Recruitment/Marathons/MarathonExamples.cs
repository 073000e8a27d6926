using ProBono.Recruitment.Marathons;

namespace ProBono.UnitTests.Recruitment.Marathons;

/// <summary>Fixed examples the marathon tests share.</summary>
internal static class MarathonExamples
{
    /// <summary>Given/When/Then over the marathon's deciders, folding as the command handlers do.</summary>
    public static readonly Specification<Marathon> Spec =
        Specification.For<Marathon>(Marathon.Evolution, first => Marathon.Create((MarathonScheduled)first));

    /// <summary>Every status a marathon can be in, for a rule that holds in all of them.</summary>
    public static TheoryData<MarathonStatus> EveryStatus => [.. Enum.GetValues<MarathonStatus>()];

    /// <summary>"Now" for every decision: 10 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static readonly Guid MarathonId = new("0195a0c4-7d2e-7000-8000-000000000001");

    public static readonly DateOnly Date = new(2026, 5, 16);
    public static readonly DateOnly RegistrationDeadline = new(2026, 5, 1);

    public static readonly PartnerQuota Acme = new("acme", "Acme Corp", 12);
    public static readonly PartnerQuota Globex = new("globex", "Globex", 8);
    public static readonly PartnerQuota Initech = new("initech", "Initech", 5);

    public static MarathonScheduled Scheduled(params PartnerQuota[] partners) => new(
        MarathonId, "Spring Marathon", "Lyon", Date, RegistrationDeadline,
        HoursPerVolunteer: 7, HourlyValueEur: 80m, MaxSameCompanyPerTeam: 3, partners, Now.AddDays(-30));

    public static RegistrationOpened Opened => new(MarathonId, Now.AddDays(-20));
    public static RegistrationClosed Closed => new(MarathonId, Now.AddDays(-10));
    public static MarathonStarted Started => new(MarathonId, Now.AddDays(-2));
    public static MarathonCompleted Completed => new(MarathonId, Now.AddDays(-1));

    /// <summary>The events that bring a marathon (with <see cref="Acme"/> as partner) to <paramref name="status"/>.</summary>
    public static object[] HistoryUpTo(MarathonStatus status) => status switch
    {
        MarathonStatus.Planned => [Scheduled(Acme)],
        MarathonStatus.RegistrationOpen => [Scheduled(Acme), Opened],
        MarathonStatus.RegistrationClosed => [Scheduled(Acme), Opened, Closed],
        MarathonStatus.InProgress => [Scheduled(Acme), Opened, Closed, Started],
        MarathonStatus.Completed => [Scheduled(Acme), Opened, Closed, Started, Completed],
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
