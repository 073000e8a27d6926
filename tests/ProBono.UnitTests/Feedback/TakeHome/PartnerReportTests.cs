using ProBono.Contracts;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.Feedback.Impact;
using ProBono.Feedback.Reports;
using ProBono.Feedback.TakeHome;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>A partner's own report by hand: its figures, a line per employee who held a place or came, the associations its teams helped.</summary>
public sealed class PartnerReportTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly Guid AssociationId = new("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    private static readonly Guid NeedId = new("0b6c1f7e-4a1d-4d0e-9f5a-1c2b3d4e5f60");
    private static readonly DateTimeOffset Now = new(2030, 11, 16, 18, 0, 0, TimeSpan.Zero);

    private static VolunteerForImpact Volunteer(string partner, string status, bool checkedIn, decimal? cost = null) => new()
    {
        Id = Guid.NewGuid(), MarathonId = MarathonId, PartnerId = partner, HourlyCostEur = cost, CheckedIn = checkedIn,
        Status = new Latest<string> { Value = status, Version = 1 },
    };

    [Fact]
    public void The_report_names_every_employee_who_held_a_place_or_came_and_the_associations_their_teams_helped()
    {
        var alice = Volunteer("edf", VolunteerForImpact.Confirmed, checkedIn: true, cost: 100m);
        var bruno = Volunteer("edf", VolunteerForImpact.Confirmed, checkedIn: false);
        var chloe = Volunteer("edf", VolunteerForImpact.Withdrawn, checkedIn: false);
        var yann = Volunteer("ey", VolunteerForImpact.Confirmed, checkedIn: true);
        var team = new TeamForImpact
        {
            Id = Guid.NewGuid(), MarathonId = MarathonId, NeedId = NeedId, Delivered = true,
            Members = new Latest<List<TeamMember>> { Value = [new(alice.Id, "edf", true), new(bruno.Id, "edf", false), new(yann.Id, "ey", true)], Version = 5 },
            Deliverable = new Latest<string> { Value = "Brochure v2", Version = 5 },
        };
        var marathon = new MarathonForImpact
        {
            Id = MarathonId, Name = "Marathon 2030", Date = new DateOnly(2030, 11, 16), HoursPerVolunteer = 7, HourlyValueEur = 80m,
            Partners = [new MarathonPartner("edf", "EDF", 10), new MarathonPartner("ey", "EY", 10)],
        };
        var campaign = Specification.For<SurveyCampaign>(SurveyCampaign.Evolution, e => SurveyCampaign.Create((SurveyCampaignOpened)e)).Fold([
            new SurveyCampaignOpened(MarathonId, Now),
            new InvitationIssued(MarathonId, "t1", SurveyGroups.Volunteer, alice.Id.ToString(), "edf", null, "fr", SendingStates.NotApplicable, Now),
            new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, alice.Id.ToString(), "edf", 10, 5, [], null, Now),
        ]);
        var need = new NeedForImpact { Id = NeedId, MarathonId = MarathonId, AssociationId = AssociationId, AssociationName = "1000 VISAGES", Title = "A brochure" };
        // the association's own copy names it as it now is
        var sources = new TakeHomeSources(new ReportSources(marathon, campaign, [alice, bruno, chloe, yann], [team], [need]),
            new Dictionary<Guid, AssociationForImpact> { [AssociationId] = new() { Id = AssociationId, Name = "1000 Visages", Version = 2 } });
        var names = new Dictionary<Guid, string> { [alice.Id] = "Alice Martin", [bruno.Id] = "Bruno Petit" };

        Assert.Equal([alice.Id, bruno.Id], PartnerReports.Named(sources, "edf"));
        var report = PartnerReports.Of(sources, "edf", names);

        // by hand: 2 hold a place, Alice came: 7 h at her 100 €/h
        Assert.Equal(("edf", "EDF", "Marathon 2030", 2, 1, 7, 700m, 1, 1, 100.0m, 5.00m),
            (report.PartnerId, report.PartnerName, report.MarathonName, report.Volunteers, report.CheckedIn, report.Hours, report.ValueEur, report.Teams,
                report.Responded, report.Nps, report.Csat));
        Assert.Equal(
        [
            new EmployeeLine(alice.Id, "Alice Martin", true, 7, 700m, team.Id, "1000 Visages"),
            new EmployeeLine(bruno.Id, "Bruno Petit", false, 0, 0m, team.Id, "1000 Visages"),
        ], report.Employees);
        Assert.Equal([new HelpedAssociation(AssociationId, "1000 Visages", "A brochure", "Brochure v2")], report.Associations);

        var ey = PartnerReports.Of(sources, "ey", new Dictionary<Guid, string>());
        Assert.Equal((RecruitmentNames.Placeholder, 560m), (Assert.Single(ey.Employees).Name, ey.ValueEur));
    }
}
