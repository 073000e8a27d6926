using System.Globalization;
using System.Text;
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
            Deliverable = new Latest<string> { Value = "Brochure v2", Version = 5 },
        };
        var need = new NeedForImpact { Id = NeedA, MarathonId = MarathonId, AssociationId = AssociationA, AssociationName = "1000 VISAGES", Title = "A sales brochure" };
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
            [new PartnerFigures("edf", "EDF", 2, 1, 7, 700m, 1, -100.0m, 3.00m), new PartnerFigures("odd", "Odd <&> Co", 1, 1, 7, 560m, 0, null, null)],
            report.ByPartner);
        Assert.Equal([new AssociationFigures(AssociationA, "1000 VISAGES", "A sales brochure", "Brochure v2", 0, null, null, 1)], report.ByAssociation);
        Assert.Equal(new ImpactFigures(3, 2, 14, 1260m, 1, 1), report.Impact);
        Assert.Equal(new PartnerImpact("edf", 2, 1, 7, 700m, 1, 1, -100.0m, 3.00m), Sources("odd").ImpactOf("edf"));
        Assert.Equal(new PartnerImpact("odd", 1, 1, 7, 560m, 0, 0, null, null), Sources("odd").ImpactOf("odd"));
    }

    [Fact]
    public void The_report_names_each_partner_and_association_and_reads_the_deliverable_of_an_earlier_copy()
    {
        var sources = Sources("odd");
        var earlier = new TeamForImpact { Id = sources.Teams[0].Id, MarathonId = MarathonId, NeedId = NeedA, Delivered = true, DeliverableTitle = "Brochure" };
        // a partner the marathon's copy has not heard of yet is named by its volunteers' confirmations
        var late = Volunteer("late", confirmed: true, checkedIn: false);
        late.PartnerName = "Late & Co";
        var report = (sources with { Teams = [earlier], Volunteers = [.. sources.Volunteers, late] }).Report();

        Assert.Equal("Brochure", Assert.Single(report.ByAssociation).Deliverable);
        Assert.Equal(["EDF", "Late & Co", "Odd <&> Co"], report.ByPartner.Select(p => p.Name));
    }

    [Fact]
    public void The_volunteer_lines_are_those_who_hold_a_place_or_came_with_their_hours_value_and_association()
    {
        var sources = Sources("odd");
        var lines = sources.VolunteerLines().ToList();

        Assert.Equal(3, lines.Count); // the withdrawn volunteer who did not come is not listed
        var alice = Assert.Single(lines, l => l.VolunteerId == sources.Teams[0].Members.Value![0].VolunteerId);
        Assert.Equal(("EDF", true, 7, 700m, "1000 VISAGES", "A sales brochure"), (alice.PartnerName, alice.CheckedIn, alice.Hours, alice.ValueEur, alice.AssociationName, alice.NeedTitle));
        Assert.Single(lines, l => l is { PartnerId: "edf", CheckedIn: false, Hours: 0, ValueEur: 0m, TeamId: null });
        Assert.Single(lines, l => l is { PartnerId: "odd", CheckedIn: true, Hours: 7, ValueEur: 560m });
    }

    private static List<string[]> Rows(byte[] file, char separator)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], file[..3]);
        using var csv = CsvReader.Create(new StringReader(Encoding.UTF8.GetString(file[3..])), new CsvReaderOptions { HasHeader = false, Separator = separator }, leaveOpen: false);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }
        Assert.Equal(ReportCsv.Columns, rows[0]);
        Assert.All(rows, r => Assert.Equal(ReportCsv.Columns.Count, r.Length));
        return rows[1..];
    }

    [Fact]
    public void The_CSV_neutralises_a_partner_id_a_spreadsheet_would_run_and_keeps_negative_figures_as_numbers()
    {
        var rows = Rows(ReportCsv.Write(Sources().Report(), ReportText.English), ',');

        Assert.Contains(rows, r => r[0] == "partner" && r[1] == "'=cmd|' /C calc'!A0" && r[2] == "Odd <&> Co");
        Assert.DoesNotContain(rows, r => r.Any(cell => cell.StartsWith('=')));
        Assert.Contains(rows, r => r[0] == "partner" && r[1] == "edf" && r[2] == "EDF" && r[6] == "1" && decimal.Parse(r[8], CultureInfo.InvariantCulture) == -100.0m);
    }

    [Fact]
    public void The_French_CSV_separates_with_semicolons_and_writes_decimal_commas_for_French_Excel()
    {
        var rows = Rows(ReportCsv.Write(Sources("odd").Report(), ReportText.French), ';');

        Assert.Equal(7, rows.Count); // 3 groups, 2 partners, 1 association, the totals
        Assert.Equal(["partner", "edf", "EDF", "", "", "", "1", "", "-100,0", "3,00", "2", "1", "7", "700", "", "", ""], rows.Single(r => r[1] == "edf"));
        Assert.Equal(["association", AssociationA.ToString(), "1000 VISAGES", "A sales brochure", "Brochure v2", "", "0", "", "", "", "", "", "", "", "1", "", ""],
            rows.Single(r => r[0] == "association"));
        Assert.Equal(["impact", "total", "", "", "", "", "", "", "", "", "3", "2", "14", "1260", "", "1", "1"], rows.Single(r => r[0] == "impact"));
        Assert.Equal("1", rows.Single(r => r[1] == "volunteer")[7]);
    }

    private static List<string> Texts(string svg) =>
        [.. XDocument.Parse(svg).Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value)];

    [Fact]
    public void The_chart_is_well_formed_whatever_a_partner_is_called_and_labels_each_figure_with_its_n()
    {
        var texts = Texts(ReportChart.Draw(Sources("<b>&\"x\"</b>").Report(), "Marathon <2016> & co", ReportText.English));

        Assert.Contains("Odd <&> Co", texts);
        Assert.Contains("EDF", texts);
        Assert.Contains("1000 VISAGES", texts);
        Assert.DoesNotContain(texts, t => t.Contains("edf", StringComparison.Ordinal) || t.Contains("<b>", StringComparison.Ordinal) || t.Contains(AssociationA.ToString(), StringComparison.Ordinal));
        Assert.Contains("-100.0 (n = 1)", texts);
        Assert.Contains("3.00 (n = 1)", texts);
        Assert.Contains("no response", texts);
        Assert.Contains("Satisfaction (1 to 5)", texts);
    }

    [Fact]
    public void The_chart_speaks_French_by_default_and_starts_satisfaction_at_1()
    {
        var svg = XDocument.Parse(ReportChart.Draw(Sources("odd").Report(), "Marathon 2016", ReportText.French));
        var ns = XNamespace.Get("http://www.w3.org/2000/svg");
        var texts = svg.Descendants(ns + "text").ToList();

        Assert.Contains(texts, t => t.Value == "-100,0 (n = 1)");
        Assert.Contains(texts, t => t.Value == "pas de réponse");
        // the scale's floor, 1, is where the bars start: a 3.00 fills half the panel (1 to 5), not three fifths
        double X(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
        var one = texts.Single(t => t.Value == "1" && t.Attribute("text-anchor")?.Value == "middle");
        var five = texts.Single(t => t.Value == "5" && t.Attribute("text-anchor")?.Value == "middle");
        var label = texts.First(t => t.Value == "3,00 (n = 1)");
        var bar = svg.Descendants(ns + "rect").First(r => r.Attribute("fill")?.Value == "#1565c0");
        Assert.Equal(X(one, "x"), X(bar, "x"));
        Assert.Equal((X(five, "x") - X(one, "x")) / 2, X(bar, "width"), 3);
        Assert.True(X(label, "x") > X(bar, "x") + X(bar, "width"));
    }
}
