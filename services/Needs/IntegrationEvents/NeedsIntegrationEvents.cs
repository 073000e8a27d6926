using ProBono.Needs.Associations;
using ProBono.ServiceDefaults.Messaging;
using Contracts = ProBono.Contracts;

namespace ProBono.Needs.IntegrationEvents;

/// <summary>Which of Needs' domain events other services hear about, and in which words.</summary>
internal sealed class NeedsIntegrationEvents : IntegrationEventMap
{
    public NeedsIntegrationEvents()
    {
        On<NeedPublished>(e => new Contracts.NeedPublished(
            e.Data.NeedId, e.Data.MarathonId, e.Data.AssociationId, e.Data.AssociationName, e.Data.Title, e.Data.Deliverable,
            [.. e.Data.Demand.RequiredSkills.Select(s => new Contracts.RequiredSkill(s.Skill, s.Count))],
            e.Data.Demand.TeamSize.Min, e.Data.Demand.TeamSize.Max, e.Data.Cause, e.Version, e.Data.At, e.Data.ContactEmail));
        // only a need others had heard of is withdrawn for them; before publication it never left Needs
        On<NeedWithdrawn>(e => e.Data.From == NeedStatus.Published
            ? new Contracts.NeedWithdrawn(e.Data.NeedId, e.Data.MarathonId, e.Data.AssociationId, e.Version, e.Data.At)
            : null);
        // an association as it now is, for the receipts of the documents partners take home: its registration (which may
        // already carry its address, RNA or SIREN) and each change staff make
        On<AssociationRegistered>(e => new Contracts.AssociationChanged(
            e.Data.AssociationId, e.Data.Name, e.Data.Address, e.Data.Rna, e.Data.Siren, e.Version, e.Data.At));
        On<AssociationChanged>(e => new Contracts.AssociationChanged(
            e.Data.AssociationId, e.Data.Name, e.Data.Address, e.Data.Rna, e.Data.Siren, e.Version, e.Data.At));
    }
}
