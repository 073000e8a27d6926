using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.AddingPartners;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons.AddingPartners;

/// <summary>The rules of <see cref="AddPartnerSlice.Decide"/>.</summary>
public class AddPartnerTests
{
    [Theory]
    [InlineData(MarathonStatus.Planned)]
    [InlineData(MarathonStatus.RegistrationOpen)]
    public void A_new_partner_joins_before_registration_closes(MarathonStatus status)
    {
        Spec.Given(HistoryUpTo(status))
            .When(marathon => AddPartnerSlice.Decide(marathon, Globex, Now))
            .Then(new PartnerJoined(MarathonId, Globex, Now));
    }

    [Theory]
    [InlineData(MarathonStatus.RegistrationClosed)]
    [InlineData(MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.Completed)]
    public void No_partner_joins_once_registration_is_closed(MarathonStatus status)
    {
        var conflict = Spec.Given(HistoryUpTo(status))
            .When(marathon => AddPartnerSlice.Decide(marathon, Globex, Now))
            .ThenThrows<StateConflict>();

        Assert.Equal(409, conflict.Status);
        Assert.Contains(status.ToApi(), conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_joined_partner_is_part_of_the_marathon()
    {
        var marathon = Spec.Given(Scheduled(Acme))
            .When(m => AddPartnerSlice.Decide(m, Globex, Now))
            .ThenState();

        Assert.Equal(Globex, marathon.Partners["globex"]);
        Assert.Equal(Acme, marathon.Partners["acme"]);
    }

    [Fact]
    public void A_partner_of_the_schedule_again_with_the_same_terms_changes_nothing()
    {
        Spec.Given(Scheduled(Acme, Globex), Opened)
            .When(marathon => AddPartnerSlice.Decide(marathon, Acme with { }, Now))
            .ThenNothing();
    }

    [Fact]
    public void A_partner_that_joined_later_again_with_the_same_terms_changes_nothing()
    {
        Spec.Given(Scheduled(Acme), new PartnerJoined(MarathonId, Globex, Now.AddDays(-5)))
            .When(marathon => AddPartnerSlice.Decide(marathon, new PartnerQuota("globex", "Globex", 8), Now))
            .ThenNothing();
    }

    [Fact]
    public void The_same_partner_with_another_quota_is_a_conflict()
    {
        var conflict = Spec.Given(Scheduled(Acme))
            .When(marathon => AddPartnerSlice.Decide(marathon, Acme with { Quota = 20 }, Now))
            .ThenThrows<StateConflict>();

        Assert.Contains("acme", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("12", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_partner_with_another_name_is_a_conflict()
    {
        Spec.Given(Scheduled(Acme), new PartnerJoined(MarathonId, Globex, Now.AddDays(-5)))
            .When(marathon => AddPartnerSlice.Decide(marathon, Globex with { Name = "Globex Corporation" }, Now))
            .ThenThrows<StateConflict>();
    }

    [Fact]
    public void Partners_are_told_apart_by_id_only()
    {
        Spec.Given(Scheduled(Acme))
            .When(marathon => AddPartnerSlice.Decide(marathon, Acme with { PartnerId = "acme-2" }, Now))
            .Then(new PartnerJoined(MarathonId, Acme with { PartnerId = "acme-2" }, Now));
    }
}
