using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.ChangingPartners;
using ProBono.Recruitment.Volunteers;
using ProBono.ServiceDefaults.Messaging;
using Contracts = ProBono.Contracts;

namespace ProBono.Recruitment.IntegrationEvents;

/// <summary>Which of Recruitment's domain events other services hear about, and in which words.</summary>
internal sealed class RecruitmentIntegrationEvents : IntegrationEventMap
{
    public RecruitmentIntegrationEvents()
    {
        On<MarathonScheduled>(e => new Contracts.MarathonScheduled(
            e.Data.MarathonId, e.Data.Name, e.Data.Venue, e.Data.Date, e.Data.RegistrationDeadline,
            e.Data.HoursPerVolunteer, e.Data.HourlyValueEur, e.Data.MaxSameCompanyPerTeam,
            e.Data.Partners.Select(Partner).ToList(),
            e.Version, e.Data.ScheduledAt, e.Data.CorrectionDays, e.Data.SurveyDays));
        On<PartnerJoined>(e => new Contracts.MarathonPartnerJoined(e.Data.MarathonId, Partner(e.Data.Partner), e.Version, e.Data.JoinedAt));
        On<PartnerChanged>(e => new Contracts.MarathonPartnerChanged(e.Data.MarathonId, Partner(e.Data.Partner), e.Version, e.Data.ChangedAt));
        On<RegistrationOpened>(e => StatusChanged(e.Data.MarathonId, MarathonStatus.RegistrationOpen, e.Version, e.Data.OpenedAt));
        On<RegistrationClosed>(e => StatusChanged(e.Data.MarathonId, MarathonStatus.RegistrationClosed, e.Version, e.Data.ClosedAt));
        On<MarathonStarted>(e => StatusChanged(e.Data.MarathonId, MarathonStatus.InProgress, e.Version, e.Data.StartedAt));
        On<MarathonCompleted>(e => StatusChanged(e.Data.MarathonId, MarathonStatus.Completed, e.Version, e.Data.CompletedAt));

        // a volunteer is published with its profile once it holds a place: registered within the quota, or promoted from
        // the waitlist; a waitlisted registration leaves with ids only (its partner's webhooks hear of it)
        On<VolunteerRegistered>(e => e.Data.Status == VolunteerStatus.Confirmed
            ? Confirmed(e.Data.VolunteerId, e.Data.MarathonId, e.Data.PartnerId, e.Data.PartnerName, e.Data.Profile, e.Version, e.Data.RegisteredAt)
            : new Contracts.VolunteerWaitlisted(e.Data.VolunteerId, e.Data.MarathonId, e.Data.PartnerId, e.Version, e.Data.RegisteredAt));
        On<WaitlistedVolunteerConfirmed>(e =>
            Confirmed(e.Data.VolunteerId, e.Data.MarathonId, e.Data.PartnerId, e.Data.PartnerName, e.Data.Profile, e.Version, e.Data.ConfirmedAt) with
            {
                Promoted = true,
            });
        On<VolunteerWithdrawn>(e => new Contracts.VolunteerWithdrawn(
            e.Data.VolunteerId, e.Data.MarathonId, e.Data.PartnerId, e.Data.WasConfirmed, e.Version, e.Data.WithdrawnAt));
        On<VolunteerCheckedIn>(e => new Contracts.VolunteerCheckedIn(
            e.Data.VolunteerId, e.Data.MarathonId, e.Data.PartnerId, e.Version, e.Data.CheckedInAt, e.Data.Correction));
    }

    // a company's contact address leaves with it (its survey is mailed there), and its legal data (an organisation's, not a
    // person's: its tax pack names them)
    private static Contracts.MarathonPartner Partner(PartnerQuota p) =>
        new(p.PartnerId, p.Name, p.Quota, p.ContactEmail, p.LegalName, p.Siren, p.Address);

    private static Contracts.VolunteerConfirmed Confirmed(
        Guid volunteerId, Guid marathonId, string partnerId, string partnerName, VolunteerProfile profile, long version, DateTimeOffset at) =>
        new(volunteerId, marathonId, partnerId, partnerName, profile.FirstName, [.. profile.Skills], profile.LeadCapable,
            [.. profile.CausePreferences], profile.HourlyCostEur, version, at, profile.Language, profile.AnnualCostEur);

    private static Contracts.MarathonStatusChanged StatusChanged(Guid marathonId, MarathonStatus status, long version, DateTimeOffset at) =>
        new(marathonId, status.ToApi(), version, at);
}
