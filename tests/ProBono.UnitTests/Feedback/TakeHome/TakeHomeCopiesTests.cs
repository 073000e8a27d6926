using ProBono.Contracts;
using ProBono.Feedback.Copies;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>What Feedback's copies keep for the take-home documents, whatever order Recruitment's and Needs' messages arrive in.</summary>
public sealed class TakeHomeCopiesTests
{
    private static readonly Guid MarathonId = new("5b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3");
    private static readonly Guid AssociationId = new("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    private static readonly Guid VolunteerId = new("0e0e0e0e-1111-4222-8333-444455556666");
    private static readonly DateTimeOffset Now = new(2030, 11, 16, 8, 30, 0, TimeSpan.Zero);

    private static AssociationChanged Association(string name, string? address, string? rna, string? siren, long version) =>
        new(AssociationId, name, address, rna, siren, version, Now);

    [Fact]
    public void An_association_copy_takes_the_newest_version_whatever_the_order()
    {
        var copy = new AssociationForImpact { Id = AssociationId };

        copy.Apply(Association("1000 Visages", null, null, "352744289", 3));
        copy.Apply(Association("1000 VISAGES", "12 rue de la Paix", "W751234567", null, 1));

        Assert.Equal(("1000 Visages", null, null, "352744289", 3L), (copy.Name, copy.Address, copy.Rna, copy.Siren, copy.Version));
        copy.Apply(Association("1000 VISAGES", "12 rue de la Paix", "W751234567", null, 4));
        Assert.Equal(("1000 VISAGES", "12 rue de la Paix", "W751234567", null, 4L), (copy.Name, copy.Address, copy.Rna, copy.Siren, copy.Version));
    }

    [Fact]
    public void A_marathon_copy_keeps_its_venue_and_its_partners_legal_data()
    {
        var copy = new MarathonForImpact { Id = MarathonId };
        var edf = new MarathonPartner("edf", "EDF", 4, "rse@edf.example", "Électricité de France SA", "552081317", "22-30 avenue de Wagram");

        copy.Apply(new MarathonScheduled(MarathonId, "Marathon", "La Défense", new DateOnly(2030, 11, 16), new DateOnly(2030, 11, 1), 7, 80m, 3,
            [new MarathonPartner("edf", "EDF", 4)], 1, Now));
        copy.Apply(new MarathonPartnerChanged(MarathonId, edf, 5, Now));

        Assert.Equal("La Défense", copy.Venue);
        Assert.Equal(edf, Assert.Single(copy.Partners));
    }

    [Fact]
    public void A_volunteer_copy_keeps_its_annual_cost_language_and_first_check_in_time()
    {
        var copy = new VolunteerForImpact { Id = VolunteerId };

        copy.Apply(new VolunteerCheckedIn(VolunteerId, MarathonId, "edf", 3, Now.AddHours(2), Correction: true));
        copy.Apply(new VolunteerConfirmed(VolunteerId, MarathonId, "edf", "EDF", "Camille", ["design"], false, [], 55m, 1, Now.AddDays(-30), "en", 62_000m));
        copy.Apply(new VolunteerCheckedIn(VolunteerId, MarathonId, "edf", 2, Now));

        Assert.Equal((62_000m, 55m, "en", true, Now), (copy.AnnualCostEur, copy.HourlyCostEur, copy.Language, copy.CheckedIn, copy.CheckedInAt));
    }
}
