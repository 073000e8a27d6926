using JasperFx.Events;
using ProBono.Needs;
using ProBono.Needs.Associations;
using ProBono.Needs.IntegrationEvents;
using static ProBono.UnitTests.Needs.NeedExamples;
using Contracts = ProBono.Contracts;

namespace ProBono.UnitTests.Needs;

public class NeedsIntegrationEventsTests
{
    private static readonly NeedsIntegrationEvents Map = new();

    private static object? Published<T>(T data, long version) where T : notnull => Map.Map(new Event<T>(data) { Version = version });

    [Fact]
    public void A_published_need_leaves_with_its_qualified_demand_cause_and_version()
    {
        var message = Assert.IsType<Contracts.NeedPublished>(Published(PublishedEvent(Now), 3));

        Assert.Equal((NeedId, MarathonId, AssociationId, "1000 VISAGES", "culture", 3L), (message.NeedId, message.MarathonId, message.AssociationId, message.AssociationName, message.Cause, message.Version));
        Assert.Equal([new Contracts.RequiredSkill("marketing", 1), new Contracts.RequiredSkill("design", 1), new Contracts.RequiredSkill("sales", 2)], message.RequiredSkills);
        Assert.Equal((5, 7), (message.TeamSizeMin, message.TeamSizeMax));
    }

    [Fact]
    public void Only_a_withdrawal_of_a_published_need_leaves_the_service()
    {
        var published = new NeedWithdrawn(NeedId, MarathonId, AssociationId, NeedStatus.Published, AsQualified, null, Owner, Now);
        Assert.IsType<Contracts.NeedWithdrawn>(Published(published, 4));
        Assert.Null(Published(published with { From = NeedStatus.Submitted }, 2));
        Assert.Null(Published(published with { From = NeedStatus.Qualified }, 3));
    }

    [Fact]
    public void An_association_leaves_as_it_now_is_when_registered_and_when_changed_with_its_receipts_data_but_not_its_contact()
    {
        var registered = new AssociationRegistered(AssociationId, "1000 VISAGES", "Cinema school.", "culture", "contact@visages.example", Staff, Now,
            "12 rue de la Paix\n75002 Paris", "W751234567");
        var changed = new AssociationChanged(AssociationId, "1000 Visages", "Cinema school.", "culture", "contact@visages.example", null, null, "352744289",
            Staff, Now.AddDays(1));

        Assert.Equal(new Contracts.AssociationChanged(AssociationId, "1000 VISAGES", "12 rue de la Paix\n75002 Paris", "W751234567", null, 1, Now),
            Published(registered, 1));
        Assert.Equal(new Contracts.AssociationChanged(AssociationId, "1000 Visages", null, null, "352744289", 4, Now.AddDays(1)), Published(changed, 4));
    }

    [Fact]
    public void Submission_and_qualification_stay_inside_Needs() =>
        Assert.Null(Published(SubmittedEvent, 1));
}
