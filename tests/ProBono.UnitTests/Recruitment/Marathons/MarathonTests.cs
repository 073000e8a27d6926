using ProBono.Recruitment.Marathons;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons;

/// <summary>How the marathon's state is built from its events.</summary>
public class MarathonTests
{
    [Fact]
    public void A_scheduled_marathon_is_planned_with_its_partners_by_id()
    {
        var marathon = Marathon.Create(Scheduled(Acme, Globex));

        Assert.Equal(MarathonId, marathon.Id);
        Assert.Equal(MarathonStatus.Planned, marathon.Status);
        Assert.Equal(Date, marathon.Date);
        Assert.Equal(new Dictionary<string, PartnerQuota> { ["acme"] = Acme, ["globex"] = Globex }, marathon.Partners);
    }

    [Fact]
    public void A_joining_partner_is_added_to_the_partners()
    {
        var marathon = Spec.Fold([Scheduled(Acme), new PartnerJoined(MarathonId, Globex, Now)])!;

        Assert.Equal(new Dictionary<string, PartnerQuota> { ["acme"] = Acme, ["globex"] = Globex }, marathon.Partners);
    }

    [Fact]
    public void Evolution_leaves_the_previous_state_untouched()
    {
        var before = Marathon.Create(Scheduled(Acme));

        var after = Marathon.Evolution(before, new PartnerJoined(MarathonId, Globex, Now));

        Assert.Equal(2, after.Partners.Count);
        Assert.Equal(["acme"], before.Partners.Keys);
    }

    [Theory]
    [MemberData(nameof(EveryStatus), MemberType = typeof(MarathonExamples))]
    public void Each_status_event_moves_the_marathon_to_its_status(MarathonStatus status)
    {
        var marathon = Spec.Fold(HistoryUpTo(status))!;

        Assert.Equal(status, marathon.Status);
        Assert.Equal(["acme"], marathon.Partners.Keys);
    }

    [Fact]
    public void An_event_the_state_does_not_need_changes_nothing()
    {
        var before = Marathon.Create(Scheduled(Acme));

        var after = Marathon.Evolution(before, "something else");

        Assert.Same(before, after);
    }

    [Fact]
    public void Marten_apply_methods_delegate_to_evolution()
    {
        var marathon = Marathon.Create(Scheduled(Acme))
            .Apply(new PartnerJoined(MarathonId, Globex, Now))
            .Apply(Opened);

        Assert.Equal(MarathonStatus.RegistrationOpen, marathon.Status);
        Assert.Equal(2, marathon.Partners.Count);
    }
}
