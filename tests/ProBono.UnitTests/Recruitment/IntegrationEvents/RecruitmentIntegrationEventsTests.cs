using JasperFx.Events;
using ProBono.Recruitment.IntegrationEvents;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.ChangingPartners;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;
using Contracts = ProBono.Contracts;

namespace ProBono.UnitTests.Recruitment.IntegrationEvents;

/// <summary>What <see cref="RecruitmentIntegrationEvents"/> publishes for each of Recruitment's domain events.</summary>
public class RecruitmentIntegrationEventsTests
{
    private static readonly RecruitmentIntegrationEvents Map = new();

    private static object? Published<T>(T data, long version) where T : notnull =>
        Map.Map(new Event<T>(data) { Version = version });

    [Fact]
    public void A_scheduled_marathon_is_published_with_its_partners_and_stream_version()
    {
        var scheduled = Scheduled(Acme, Globex);

        var published = Published(scheduled, version: 1);

        var contract = Assert.IsType<Contracts.MarathonScheduled>(published);
        Assert.Equivalent(
            new Contracts.MarathonScheduled(
                MarathonId, "Spring Marathon", "Lyon", Date, RegistrationDeadline, 7, 80m, 3,
                [new Contracts.MarathonPartner("acme", "Acme Corp", 12), new Contracts.MarathonPartner("globex", "Globex", 8)],
                1, scheduled.ScheduledAt),
            contract, strict: true);
    }

    [Fact]
    public void A_marathons_correction_and_survey_days_travel_with_its_scheduling()
    {
        var contract = Assert.IsType<Contracts.MarathonScheduled>(Published(Scheduled(Acme) with { CorrectionDays = 3, SurveyDays = 5 }, version: 1));

        Assert.Equal((3, 5), (contract.CorrectionDays, contract.SurveyDays));
    }

    [Fact]
    public void Opening_registration_is_published_as_a_status_change_in_kebab_case_with_the_stream_version()
    {
        var opened = new RegistrationOpened(MarathonId, Now);

        var published = Published(opened, version: 4);

        Assert.Equal(new Contracts.MarathonStatusChanged(MarathonId, "registration-open", 4, Now), published);
    }

    [Fact]
    public void Closing_registration_is_published_as_a_status_change() =>
        Assert.Equal(
            new Contracts.MarathonStatusChanged(MarathonId, Contracts.MarathonStatuses.RegistrationClosed, 5, Now),
            Published(new RegistrationClosed(MarathonId, Now), version: 5));

    [Fact]
    public void Starting_is_published_as_a_status_change() =>
        Assert.Equal(
            new Contracts.MarathonStatusChanged(MarathonId, Contracts.MarathonStatuses.InProgress, 6, Now),
            Published(new MarathonStarted(MarathonId, Now), version: 6));

    [Fact]
    public void Completing_is_published_as_a_status_change() =>
        Assert.Equal(
            new Contracts.MarathonStatusChanged(MarathonId, Contracts.MarathonStatuses.Completed, 7, Now),
            Published(new MarathonCompleted(MarathonId, Now), version: 7));

    [Fact]
    public void Each_status_change_carries_the_time_of_its_own_event()
    {
        var changes = new object?[]
        {
            Published(Opened, 2), Published(Closed, 3), Published(Started, 4), Published(Completed, 5),
        }.Select(Assert.IsType<Contracts.MarathonStatusChanged>).ToList();

        Assert.Equal([Opened.OpenedAt, Closed.ClosedAt, Started.StartedAt, Completed.CompletedAt], changes.Select(c => c.ChangedAt));
        Assert.Equal([2L, 3L, 4L, 5L], changes.Select(c => c.Version));
    }

    [Fact]
    public void A_partner_joining_later_is_published_with_its_quota_and_the_stream_version()
    {
        var joined = new PartnerJoined(MarathonId, new PartnerQuota("initech", "Initech", 5), Now);

        var published = Published(joined, version: 3);

        Assert.Equivalent(
            new Contracts.MarathonPartnerJoined(MarathonId, new Contracts.MarathonPartner("initech", "Initech", 5), 3, Now),
            Assert.IsType<Contracts.MarathonPartnerJoined>(published), strict: true);
    }

    [Fact]
    public void A_partners_contact_address_and_legal_data_are_published_with_it()
    {
        // an organisation's, not a person's: its tax pack names them
        var edf = new PartnerQuota("edf", "EDF", 4, "rse@edf.example", "Électricité de France", "552081317", "22-30 avenue de Wagram, Paris");

        var scheduled = Assert.IsType<Contracts.MarathonScheduled>(Published(Scheduled(edf), version: 1));
        var joined = Assert.IsType<Contracts.MarathonPartnerJoined>(Published(new PartnerJoined(MarathonId, edf, Now), version: 2));
        var changed = Assert.IsType<Contracts.MarathonPartnerChanged>(Published(new PartnerChanged(MarathonId, edf, Now), version: 3));

        var expected = new Contracts.MarathonPartner("edf", "EDF", 4, "rse@edf.example", "Électricité de France", "552081317", "22-30 avenue de Wagram, Paris");
        Assert.Equal(expected, Assert.Single(scheduled.Partners));
        Assert.Equal(expected, joined.Partner);
        Assert.Equal(expected, changed.Partner);
    }

    [Fact]
    public void A_partner_changed_is_published_as_it_now_is_with_the_stream_version()
    {
        var changed = new PartnerChanged(MarathonId, new PartnerQuota("initech", "Initech SA", 7, "rse@initech.example", "Initech SA"), Now);

        var published = Published(changed, version: 6);

        Assert.Equivalent(
            new Contracts.MarathonPartnerChanged(MarathonId, new Contracts.MarathonPartner("initech", "Initech SA", 7, "rse@initech.example", "Initech SA"), 6, Now),
            Assert.IsType<Contracts.MarathonPartnerChanged>(published), strict: true);
    }

    private sealed record NotADomainEvent(Guid Id);

    [Fact]
    public void An_event_without_a_mapping_is_not_published() =>
        Assert.Null(Published(new NotADomainEvent(MarathonId), version: 9));
}
