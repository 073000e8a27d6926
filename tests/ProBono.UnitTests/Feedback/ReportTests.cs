using System.Globalization;
using System.Xml.Linq;
using CsvHelper;
using ProBono.Contracts;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.Feedback.Reports;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Feedback;

/// <summary>The report from its sources, by hand: who counts where, and what the CSV and the chart make of it.</summary>
public sealed class ReportTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly Guid AssociationA = new("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    private static readonly Guid NeedA = new("0b6c1f7e-4a1d-4d0e-9f5a-1c2b3d4e5f60");
    private static readonly DateTimeOffset Now = new(2016, 11, 19, 18, 0, 0, TimeSpan.Zero);

    private static VolunteerForImpact Volunteer(string partner, bool confirmed, bool checkedIn, decimal? cost = null) => new()
    {
        Id = Guid.NewGuid(), MarathonId = MarathonId, PartnerId = partner, HourlyCostEur = cost, CheckedIn = checkedIn,
        Status = new Latest<string> { Value = confirmed ? VolunteerForImpact.Confirmed : VolunteerForImpact.Withdrawn, Version = 1 },
    };

    private static ReportSources Sources(string oddPartner = "=cmd|' /C calc'!A0")
    {
        var marathon = new MarathonForImpact
        {
            Id = MarathonId, Name = "Marathon 2016", HoursPerVolunteer = 7, HourlyValueEur = 80m,
            Partners = [new MarathonPartner("edf", "EDF", 10), new MarathonPartner(oddPartner, "Odd <&> Co", 5)],
        };
        var alice = Volunteer("edf", confirmed: true, checkedIn: true, cost: 100m);
        var volunteers = new[] { alice, Volunteer("edf", true, false), Volunteer("edf", false, false), Volunteer(oddPartner, true, true) };
        var team = new TeamForImpact
        {
            Id = Guid.NewGuid(), MarathonId = MarathonId, NeedId = NeedA, Delivered = true,
            Members = new Latest<List<TeamMember>> { Value = [new TeamMember(alice.Id, "edf", true)], Version = 5 },
        };
        var need = new NeedForImpact { Id = NeedA, MarathonId = MarathonId, AssociationId = AssociationA };
        var campaign = Specification.For<SurveyCampaign>(SurveyCampaign.Evolution, e => SurveyCampaign.Create((SurveyCampaignOpened)e)).Fold([
            new SurveyCampaignOpened(MarathonId, Now),
            new InvitationIssued(MarathonId, "t1", SurveyGroups.Volunteer, alice.Id.ToString(), "edf", null, "fr", SendingStates.NotApplicable, Now),
            new InvitationIssued(MarathonId, "t2", SurveyGroups.Association, AssociationA.ToString(), null, null, "fr", SendingStates.NotApplicable, Now),
            new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, alice.Id.ToString(), "edf", 6, 3, [], null, Now),
        ]);
        return new ReportSources(marathon, campaign, volunteers, [team], [need]);
    }

    [Fact]
    public void The_report_counts_confirmed_volunteers_values_checked_in_hours_and_credits_answers_to_the_employer()
    {
        var report = Sources("odd").Report();

        Assert.Equal(new GroupFigures(1, 1, 1m, -100.0m, 3.00m), report.Groups.Volunteer);
        Assert.Equal(new GroupFigures(1, 0, 0m, null, null), report.Groups.Association);
        Assert.Equal(new GroupFigures(0, 0, null, null, null), report.Groups.Partner);
        Assert.Equal(
            [new PartnerFigures("edf", 2, 7, 700m, -100.0m, 3.00m), new PartnerFigures("odd", 1, 7, 560m, null, null)],
            report.ByPartner);
        Assert.Equal([new AssociationFigures(AssociationA, null, null, 1)], report.ByAssociation);
        Assert.Equal(new ImpactFigures(3, 14, 1260m, 1, 1), report.Impact);
        Assert.Equal(new PartnerImpact("edf", 2, 1, 7, 700m, 1, 1, -100.0m, 3.00m), Sources("odd").ImpactOf("edf"));
        Assert.Equal(new PartnerImpact("odd", 1, 1, 7, 560m, 0, 0, null, null), Sources("odd").ImpactOf("odd"));
    }

    [Fact]
    public void The_CSV_neutralises_a_partner_id_a_spreadsheet_would_run_and_keeps_negative_figures_as_numbers()
    {
        var text = ReportCsv.Write(Sources().Report());

        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        csv.ReadHeader();
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }
        Assert.Contains(rows, r => r[0] == "partner" && r[1] == "'=cmd|' /C calc'!A0");
        Assert.DoesNotContain(rows, r => r.Any(cell => cell.StartsWith('=')));
        Assert.Contains(rows, r => r[0] == "partner" && r[1] == "edf" && decimal.Parse(r[5], CultureInfo.InvariantCulture) == -100.0m);
    }

    [Fact]
    public void The_chart_is_well_formed_whatever_a_partner_is_called_and_labels_each_figure()
    {
        var svg = XDocument.Parse(ReportChart.Draw(Sources("<b>&\"x\"</b>").Report(), "Marathon <2016> & co"));

        var texts = svg.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value).ToList();
        Assert.Contains("Partner <b>&\"x\"</b> (employees)", texts);
        Assert.Contains("-100.0", texts);
        Assert.Contains("3.00", texts);
        Assert.Contains("no response", texts);
    }
}
