using ProBono.Needs;
using Contracts = ProBono.Contracts;

namespace ProBono.UnitTests.Needs;

/// <summary>1000 VISAGES' need of the 2016 marathon (a sales brochure), at each point of its life.</summary>
internal static class NeedExamples
{
    public static readonly Guid NeedId = new("0b6c1f7e-4a1d-4d0e-9f5a-1c2b3d4e5f60");
    public static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    public static readonly Guid AssociationId = new("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    public static readonly Guid TeamId = new("f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e");
    public static readonly DateTimeOffset Now = new(2016, 11, 2, 10, 0, 0, TimeSpan.Zero);
    public static readonly Actor Staff = new("staff", "staff-42");
    public static readonly Actor Owner = new("association", AssociationId.ToString());
    public static readonly Actor ByTeams = new(Actor.TeamsRole, TeamId.ToString());

    public static readonly NeedDemand Submitted = new([new SkillSlots("marketing", 2), new SkillSlots("design", 1)], new TeamSize(4, 6));
    public static readonly NeedDemand AsQualified = new([new SkillSlots("marketing", 1), new SkillSlots("design", 1), new SkillSlots("sales", 2)], new TeamSize(5, 7));

    public static readonly Specification<Need> Spec = Specification.For<Need>(Need.Evolution, e => Need.Create((NeedSubmitted)e));

    public static NeedSubmitted SubmittedEvent => new(NeedId, MarathonId, AssociationId, "1000 VISAGES", "culture", "A sales brochure",
        "Win corporate partners for our film school.", "A printed and digital brochure", Submitted, Owner, Now.AddDays(-10));

    /// <summary>The events that bring the need to <paramref name="status"/>.</summary>
    public static object[] HistoryUpTo(NeedStatus status) => status switch
    {
        NeedStatus.Submitted => [SubmittedEvent],
        NeedStatus.Qualified => [.. HistoryUpTo(NeedStatus.Submitted), new NeedQualified(NeedId, MarathonId, NeedStatus.Submitted, Submitted, AsQualified, "Checked with them by phone.", Staff, Now.AddDays(-9))],
        NeedStatus.Published => [.. HistoryUpTo(NeedStatus.Qualified), PublishedEvent(Now.AddDays(-8))],
        NeedStatus.Staffed => [.. HistoryUpTo(NeedStatus.Published), new NeedStaffed(NeedId, MarathonId, AsQualified, TeamId, ByTeams, Now.AddDays(-1))],
        NeedStatus.Delivered => [.. HistoryUpTo(NeedStatus.Staffed), new NeedDelivered(NeedId, MarathonId, AsQualified, TeamId, "Brochure", "https://example.org/b.pdf", ByTeams, Now.AddHours(-1), MissionVersion: Mission.Version)],
        NeedStatus.Rejected => [.. HistoryUpTo(NeedStatus.Submitted), new NeedRejected(NeedId, MarathonId, NeedStatus.Submitted, Submitted, "Out of scope.", Staff, Now.AddDays(-9))],
        NeedStatus.Withdrawn => [.. HistoryUpTo(NeedStatus.Submitted), new NeedWithdrawn(NeedId, MarathonId, AssociationId, NeedStatus.Submitted, Submitted, null, Owner, Now.AddDays(-9))],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static NeedPublished PublishedEvent(DateTimeOffset at) => new(NeedId, MarathonId, AssociationId, "1000 VISAGES", "culture", "A sales brochure",
        "A printed and digital brochure", AsQualified, Staff, at);

    public static Contracts.MissionCompleted Mission => new(TeamId, MarathonId, NeedId, [], null, "Brochure", "https://example.org/b.pdf", 5, Now);
}
