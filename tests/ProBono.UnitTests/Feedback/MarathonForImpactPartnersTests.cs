using ProBono.Contracts;
using ProBono.Feedback.Copies;

namespace ProBono.UnitTests.Feedback;

/// <summary>Feedback's copy of a marathon's partners merges Recruitment's messages in any order: the newest version of each partner wins.</summary>
public sealed class MarathonForImpactPartnersTests
{
    private static readonly Guid MarathonId = new("5b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3");
    private static readonly DateTimeOffset Now = new(2030, 11, 16, 18, 0, 0, TimeSpan.Zero);

    private static MarathonScheduled Scheduled(params MarathonPartner[] partners) =>
        new(MarathonId, "Marathon", "Lyon", new DateOnly(2030, 11, 16), new DateOnly(2030, 11, 1), 7, 80m, 3, partners, 1, Now);

    private static MarathonPartnerChanged Changed(MarathonPartner partner, long version) => new(MarathonId, partner, version, Now);

    [Fact]
    public void A_change_replaces_the_partner_as_scheduled()
    {
        var copy = new MarathonForImpact { Id = MarathonId };
        copy.Apply(Scheduled(new MarathonPartner("edf", "EDF", 4), new MarathonPartner("ey", "EY", 2)));

        copy.Apply(Changed(new MarathonPartner("edf", "EDF SA", 6, "rse@edf.example"), 3));

        Assert.Equal([new MarathonPartner("edf", "EDF SA", 6, "rse@edf.example"), new MarathonPartner("ey", "EY", 2)], copy.Partners);
    }

    [Fact]
    public void A_change_that_overtook_the_scheduling_is_not_undone_by_it()
    {
        var copy = new MarathonForImpact { Id = MarathonId };
        copy.Apply(Changed(new MarathonPartner("edf", "EDF", 4, "rse@edf.example"), 3));

        copy.Apply(Scheduled(new MarathonPartner("edf", "EDF", 4), new MarathonPartner("ey", "EY", 2)));

        Assert.Equal([new MarathonPartner("edf", "EDF", 4, "rse@edf.example"), new MarathonPartner("ey", "EY", 2)], copy.Partners);
    }

    [Fact]
    public void An_older_change_arriving_late_does_not_overwrite_a_newer_one()
    {
        var copy = new MarathonForImpact { Id = MarathonId };
        copy.Apply(Changed(new MarathonPartner("edf", "EDF", 4, "new@edf.example"), 5));

        copy.Apply(Changed(new MarathonPartner("edf", "EDF", 4, "old@edf.example"), 4));
        copy.Apply(new MarathonPartnerJoined(MarathonId, new MarathonPartner("edf", "EDF", 4), 2, Now));

        Assert.Equal([new MarathonPartner("edf", "EDF", 4, "new@edf.example")], copy.Partners);
    }

    [Fact]
    public void A_copy_saved_before_versions_were_kept_takes_the_next_change()
    {
        var copy = new MarathonForImpact { Id = MarathonId, Partners = [new MarathonPartner("edf", "EDF", 4)] };

        copy.Apply(Changed(new MarathonPartner("edf", "EDF", 4, "rse@edf.example"), 2));

        Assert.Equal([new MarathonPartner("edf", "EDF", 4, "rse@edf.example")], copy.Partners);
    }
}
