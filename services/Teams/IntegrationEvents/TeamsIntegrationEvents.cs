using ProBono.ServiceDefaults.Messaging;
using Contracts = ProBono.Contracts;

namespace ProBono.Teams.IntegrationEvents;

/// <summary>Which of Teams' domain events other services hear about, and in which words.</summary>
internal sealed class TeamsIntegrationEvents : IntegrationEventMap
{
    public TeamsIntegrationEvents()
    {
        On<TeamFormed>(e => new Contracts.TeamFormed(
            e.Data.TeamId, e.Data.MarathonId, e.Data.Need.NeedId, Members(e.Data.Members, []), e.Data.LeadVolunteerId, e.Version, e.Data.At,
            e.Data.Need.Title));
        On<TeamRosterChanged>(e => new Contracts.TeamChanged(
            e.Data.TeamId, e.Data.MarathonId, e.Data.NeedId, Members(e.Data.Members, []), e.Data.LeadVolunteerId, e.Data.Reason, e.Version, e.Data.At));
        // a replacement is the mission completed again, with a newer version: consumers keep the latest
        On<DeliverableSubmitted>(e => new Contracts.MissionCompleted(
            e.Data.TeamId, e.Data.MarathonId, e.Data.NeedId, Members(e.Data.Members, e.Data.CheckedIn), e.Data.LeadVolunteerId,
            e.Data.Title, e.Data.Url, e.Version, e.Data.At, e.Data.Description, e.Data.Correction));
        On<DeliverableReplaced>(e => new Contracts.MissionCompleted(
            e.Data.TeamId, e.Data.MarathonId, e.Data.NeedId, Members(e.Data.Members, e.Data.CheckedIn), e.Data.LeadVolunteerId,
            e.Data.Title, e.Data.Url, e.Version, e.Data.At, e.Data.Description, e.Data.Correction));
    }

    private static List<Contracts.TeamMember> Members(IReadOnlyList<TeamMemberInfo> members, IReadOnlyList<Guid> checkedIn) =>
        [.. members.Select(m => new Contracts.TeamMember(m.VolunteerId, m.PartnerId, checkedIn.Contains(m.VolunteerId)))];
}
