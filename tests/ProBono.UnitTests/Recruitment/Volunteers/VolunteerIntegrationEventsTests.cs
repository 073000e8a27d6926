using JasperFx.Events;
using ProBono.Recruitment.IntegrationEvents;
using ProBono.Recruitment.Volunteers;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;
using Contracts = ProBono.Contracts;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>What Recruitment publishes about volunteers, and that no personal data beyond the first name leaves it.</summary>
public class VolunteerIntegrationEventsTests
{
    private static readonly RecruitmentIntegrationEvents Map = new();

    private static object? Published<T>(T data, long version) where T : notnull => Map.Map(new Event<T>(data) { Version = version });

    [Fact]
    public void A_confirmed_registration_is_published_as_volunteer_confirmed_without_personal_data()
    {
        var published = Assert.IsType<Contracts.VolunteerConfirmed>(Published(Registered("e1", VolunteerStatus.Confirmed, 0), version: 2));

        Assert.Equivalent(
            new Contracts.VolunteerConfirmed(IdOf("e1"), MarathonId, PartnerId, PartnerName, "First e1", ["finance", "data"], true, ["education"], 55.5m, 2, Now),
            published, strict: true);
        Assert.DoesNotContain(typeof(Contracts.VolunteerConfirmed).GetProperties(), p => p.Name is "LastName" or "Email" or "EmployeeRef");
    }

    [Fact]
    public void A_waitlisted_registration_is_published_with_ids_only() =>
        Assert.Equal(new Contracts.VolunteerWaitlisted(IdOf("e1"), MarathonId, PartnerId, 2, Now),
            Published(Registered("e1", VolunteerStatus.Waitlisted, 0), version: 2));

    [Fact]
    public void A_promotion_is_published_as_volunteer_confirmed_and_says_it_was_a_promotion() =>
        Assert.Equivalent(
            new Contracts.VolunteerConfirmed(IdOf("e2"), MarathonId, PartnerId, PartnerName, "First e2", ["finance", "data"], true, ["education"], 55.5m, 5, Now,
                Promoted: true),
            Published(Promoted("e2"), version: 5), strict: true);

    [Fact]
    public void A_withdrawal_and_a_check_in_are_published()
    {
        Assert.Equal(new Contracts.VolunteerWithdrawn(IdOf("e1"), MarathonId, PartnerId, true, 3, Now),
            Published(Withdrawn("e1", true), version: 3));
        Assert.Equal(new Contracts.VolunteerCheckedIn(IdOf("e1"), MarathonId, PartnerId, 4, Now),
            Published(new VolunteerCheckedIn(MarathonId, PartnerId, IdOf("e1"), Now), version: 4));
    }

    [Fact]
    public void Opening_a_roster_is_not_published() => Assert.Null(Published(Opened(3), version: 1));
}
