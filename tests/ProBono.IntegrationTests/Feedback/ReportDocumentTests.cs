using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using ProBono.Contracts;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// The staff report as a CSR manager takes it home, read as a person would: the workbook opened with MiniExcel (its
/// cells' values and types), the CSV parsed as French Excel reads it (BOM, ';', decimal commas), the file names, and
/// the chart drawn by Debian's chromium, where every label is measured against the picture's edges and the other
/// labels and bars. Over a marathon named as the demo's: companies and associations with long, accented names.
/// </summary>
public sealed class ReportDocumentTests(FeedbackFixture feedback) : IClassFixture<FeedbackFixture>
{

    private static readonly (string Id, string Name)[] Companies =
    [
        ("dalkia", "Dalkia"), ("edf", "EDF"), ("ey", "EY"), ("csc", "CSC"), ("manpower", "Manpower"), ("thales", "Thales"), ("mazars", "Mazars"),
        ("societe-generale", "Société Générale"),
    ];

    private static readonly (string Name, string Need)[] Charities =
    [
        ("1000 VISAGES", "Une plaquette commerciale"), ("Association pour le droit à l'initiative économique (Adie)", "Un plan de financement"),
        ("Les Restaurants du Cœur", "Un processus RH"), ("Emmaüs Connect", "Une stratégie digitale"),
    ];

    /// <summary>French Excel's number format (the tests run with invariant globalization: no fr-FR culture to ask for).</summary>
    private static readonly NumberFormatInfo French = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "\u202f", NegativeSign = "-" };

    private sealed record Marathon(Guid Id, IReadOnlyList<VolunteerForImpact> Volunteers, IReadOnlyList<Guid> Associations);

    /// <summary>
    /// The copies of a completed marathon (written straight into the store: the copies' consumers have their own tests),
    /// its campaign opened, and answers sent through the API: 3 volunteers a company (the third did not come), 2 of them
    /// answer; each association's team delivered, and the first three associations answer.
    /// </summary>
    private async Task<Marathon> ACompletedMarathon()
    {
        var marathonId = Guid.NewGuid();
        var volunteers = new List<VolunteerForImpact>();
        var associations = Charities.Select(_ => Guid.NewGuid()).ToList();
        await using (var session = feedback.Host.Store.LightweightSession())
        {
            session.Store(new MarathonForImpact
            {
                Id = marathonId, Name = "Pro Bono Marathon La Défense", Date = new DateOnly(2027, 11, 16), HoursPerVolunteer = 7, HourlyValueEur = 80m,
                Partners = [.. Companies.Select(c => new MarathonPartner(c.Id, c.Name, 12))],
                Status = new Latest<string> { Value = MarathonStatuses.Completed, Version = 9 },
            });
            var i = 0;
            foreach (var (id, name) in Companies)
            {
                for (var k = 0; k < 3; k++, i++)
                {
                    volunteers.Add(new VolunteerForImpact
                    {
                        Id = Guid.NewGuid(), MarathonId = marathonId, PartnerId = id, PartnerName = name, FirstName = $"Camille {i}",
                        HourlyCostEur = k == 0 ? 95.5m : null, CheckedIn = k < 2,
                        Status = new Latest<string> { Value = VolunteerForImpact.Confirmed, Version = 1 },
                    });
                }
            }
            session.Store([.. volunteers]);
            var came = volunteers.Where(v => v.CheckedIn).ToList();
            for (var a = 0; a < Charities.Length; a++)
            {
                var needId = Guid.NewGuid();
                session.Store(new NeedForImpact { Id = needId, MarathonId = marathonId, AssociationId = associations[a], AssociationName = Charities[a].Name, Title = Charities[a].Need });
                var members = came.Where((_, n) => n % Charities.Length == a).Select(v => new TeamMember(v.Id, v.PartnerId, true)).ToList();
                session.Store(new TeamForImpact
                {
                    Id = Guid.NewGuid(), MarathonId = marathonId, NeedId = needId, Delivered = true,
                    Members = new Latest<List<TeamMember>> { Value = members, Version = 5 },
                    Deliverable = new Latest<string> { Value = $"{Charities[a].Need} — livrée", Version = 5 },
                });
            }
            await session.SaveChangesAsync();
        }
        await using (var session = feedback.Host.Store.LightweightSession())
        {
            await CampaignOpening.Stage(session, marathonId, DateTimeOffset.UtcNow, CancellationToken.None);
            await session.SaveChangesAsync();
        }

        var invitations = await feedback.Invitations(marathonId);
        string Token(string group, string respondent) => invitations
            .Single(x => x.GetProperty("group").GetString() == group && x.GetProperty("respondentId").GetString() == respondent).GetProperty("token").GetString()!;
        var answers = new List<(string Token, int Nps, int Satisfaction)>();
        for (var c = 0; c < Companies.Length; c++)
        {
            var came = volunteers.Where(v => v.PartnerId == Companies[c].Id && v.CheckedIn).ToList();
            // company c: its two employees give NPS 10 - c and 10 - 2c (from promoters to detractors), satisfaction 5 - c/2 and 4 - c/2
            answers.Add((Token(SurveyGroups.Volunteer, came[0].Id.ToString()), 10 - c, 5 - (c / 2)));
            answers.Add((Token(SurveyGroups.Volunteer, came[1].Id.ToString()), Math.Max(0, 10 - (2 * c)), Math.Max(1, 4 - (c / 2))));
        }
        for (var a = 0; a < 3; a++)
        {
            answers.Add((Token(SurveyGroups.Association, associations[a].ToString()), 10 - (3 * a), 5 - a));
        }
        answers.Add((Token(SurveyGroups.Partner, "edf"), 9, 4));
        foreach (var (token, nps, satisfaction) in answers)
        {
            using var response = await feedback.Answer(token, new { nps, satisfaction, answers = new { } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        return new Marathon(marathonId, volunteers, associations);
    }

    [Fact]
    public async Task The_workbook_has_its_four_sheets_with_names_and_numbers_that_are_numbers()
    {
        var marathon = await ACompletedMarathon();

        using var response = await feedback.Staff.GetAsync($"/admin/marathons/{marathon.Id}/report?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"report-pro-bono-marathon-la-defense-2027-11-16.xlsx\"", response.Content.Headers.ContentDisposition?.ToString());
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(["Summary", "Partners", "Associations", "Volunteers"], MiniExcel.GetSheetNames(workbook));
        IDictionary<string, object?>[] Sheet(string name) =>
            [.. workbook.Query(useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];

        var summary = Sheet("Summary").ToDictionary(r => (string)r["indicateur"]!, r => r["valeur"]);
        Assert.Equal("Pro Bono Marathon La Défense", summary["marathon"]);
        Assert.Equal(new DateTime(2027, 11, 16), summary["date"]);
        // 24 hold a place, 16 came: 112 h; 8 of them at 95.50 €/h, the others at the marathon's 80 €/h
        Assert.Equal((24d, 16d, 112d, (8 * 7 * 95.5) + (8 * 7 * 80d), 4d, 4d), ((double)summary["impact.volunteers"]!, (double)summary["impact.volunteersCheckedIn"]!,
            (double)summary["impact.hours"]!, (double)summary["impact.valueEur"]!, (double)summary["impact.teams"]!, (double)summary["impact.deliverables"]!));
        Assert.Equal((16d, 16d, 1d), ((double)summary["groups.volunteer.invited"]!, (double)summary["groups.volunteer.responded"]!,
            (double)summary["groups.volunteer.responseRate"]!));
        Assert.Equal("Bénévoles : répondants (n)", Sheet("Summary").Single(r => (string)r["indicateur"]! == "groups.volunteer.responded")["libellé"]);

        var partners = Sheet("Partners");
        Assert.Equal(Companies.Select(c => c.Id).Order(StringComparer.Ordinal), partners.Select(p => (string)p["partnerId"]!));
        var generale = partners.Single(p => (string)p["partnerId"]! == "societe-generale");
        // company 7: NPS 3 and 0 (two detractors): −100.0; satisfaction 2 and 1
        Assert.Equal(("Société Générale", 3d, 2d, 14d, (7 * 95.5) + (7 * 80d), 2d, -100d, 1.5d), ((string)generale["name"]!, generale["volunteers"], generale["volunteersCheckedIn"],
            generale["hours"], generale["valueEur"], generale["responded"], generale["nps"], generale["csat"]));
        Assert.All(partners, p => Assert.All(new[] { "volunteers", "volunteersCheckedIn", "hours", "valueEur", "responded", "nps", "csat" },
            column => Assert.IsType<double>(p[column])));

        var associations = Sheet("Associations");
        Assert.Equal(Charities.Select(c => c.Name).Order(StringComparer.Ordinal), associations.Select(a => (string)a["name"]!).Order(StringComparer.Ordinal));
        var adie = associations.Single(a => (string)a["associationId"]! == marathon.Associations[1].ToString());
        Assert.Equal((Charities[1].Name, Charities[1].Need, $"{Charities[1].Need} — livrée", 1d, 1d, 0d, 4d), ((string)adie["name"]!, adie["needTitle"], adie["deliverable"],
            adie["delivered"], adie["responded"], adie["nps"], adie["csat"]));
        var silent = associations.Single(a => (string)a["associationId"]! == marathon.Associations[3].ToString());
        Assert.Equal((0d, null, null), (silent["responded"], silent["nps"], silent["csat"]));

        var volunteers = Sheet("Volunteers");
        Assert.Equal(24, volunteers.Length);
        var first = marathon.Volunteers[0];
        var line = volunteers.Single(v => (string)v["volunteerId"]! == first.Id.ToString());
        Assert.Equal(("Camille 0", "dalkia", "Dalkia", true, 7d, 7 * 95.5), ((string)line["firstName"]!, line["partnerId"], line["partnerName"], line["checkedIn"], line["hours"], line["valueEur"]));
        Assert.Equal(Charities[0].Name, line["associationName"]);
        Assert.Contains(volunteers, v => v["checkedIn"] is false && v["hours"] is 0d && v["teamId"] is null);
    }

    [Fact]
    public async Task The_CSV_opens_in_French_Excel_with_names_and_n_and_says_its_file_name()
    {
        var marathon = await ACompletedMarathon();

        // without lang=fr: API.md's CSV, comma-separated with decimals written with a dot
        var plain = Encoding.UTF8.GetString(await feedback.Staff.GetByteArrayAsync($"/admin/marathons/{marathon.Id}/report?format=csv"));
        Assert.StartsWith("\uFEFFsection,id,name,", plain, StringComparison.Ordinal);
        Assert.Contains("partner,societe-generale,Société Générale,", plain, StringComparison.Ordinal);
        Assert.Contains(",-100.0,1.50,", plain, StringComparison.Ordinal);

        using var response = await feedback.Staff.GetAsync($"/admin/marathons/{marathon.Id}/report?format=csv&lang=fr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("text/csv", "utf-8"), (response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.CharSet));
        Assert.Equal("attachment; filename=\"report-pro-bono-marathon-la-defense-2027-11-16.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        await using var csv = CsvReader.Create(new MemoryStream(bytes[3..]), new CsvReaderOptions { HasHeader = false, Separator = ';', Encoding = Encoding.UTF8 }, leaveOpen: false);
        var rows = new List<string[]>();
        while (await csv.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }
        var header = rows[0];
        Assert.Equal(["section", "id", "name", "needTitle", "deliverable", "invited", "responded", "responseRate", "nps", "csat", "volunteers",
            "volunteersCheckedIn", "hours", "valueEur", "delivered", "teams", "deliverables"], header);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        var lines = rows[1..].Select(r => header.Zip(r).ToDictionary(c => c.First, c => c.Second)).ToList();
        Assert.Equal(3 + Companies.Length + Charities.Length + 1, lines.Count);
        var generale = lines.Single(l => l["id"] == "societe-generale");
        Assert.Equal(("partner", "Société Générale", "2", "-100,0", "1,50", "14", 1228.5m), (generale["section"], generale["name"], generale["responded"], generale["nps"],
            generale["csat"], generale["hours"], decimal.Parse(generale["valueEur"], NumberStyles.Number, French)));
        var adie = lines.Single(l => l["id"] == marathon.Associations[1].ToString());
        Assert.Equal((Charities[1].Name, Charities[1].Need, "1", "0,0", "4,00"), (adie["name"], adie["needTitle"], adie["responded"], adie["nps"], adie["csat"]));
        var volunteers = lines.Single(l => l["id"] == "volunteer");
        Assert.Equal(("16", "16", "1"), (volunteers["invited"], volunteers["responded"], volunteers["responseRate"]));
        var total = lines.Single(l => l["section"] == "impact");
        Assert.Equal(("24", "16", "112", 9828m), (total["volunteers"], total["volunteersCheckedIn"], total["hours"], decimal.Parse(total["valueEur"], NumberStyles.Number, French)));
        // what French Excel does with a cell: a number with a decimal comma, never a date or text
        Assert.All(lines.SelectMany(l => new[] { l["nps"], l["csat"], l["valueEur"], l["responseRate"] }).Where(c => c.Length > 0),
            cell => Assert.True(decimal.TryParse(cell, NumberStyles.Number, French, out _) && !cell.Contains('.', StringComparison.Ordinal), cell));
    }

    [Fact]
    public async Task An_unknown_format_or_language_is_a_400_problem()
    {
        var marathon = await ACompletedMarathon();

        foreach (var query in new[] { "format=pdf", "format=XLSX", "format=", "format=csv&lang=de" })
        {
            using var response = await feedback.Staff.GetAsync($"/admin/marathons/{marathon.Id}/report?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Content.Headers.Contains("Content-Disposition"), query);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(query.Contains("lang", StringComparison.Ordinal) ? "lang" : "format", out _), query);
        }
        using var chart = await feedback.Staff.GetAsync($"/admin/marathons/{marathon.Id}/report/chart.svg?lang=de");
        Assert.Equal(HttpStatusCode.BadRequest, chart.StatusCode);
    }

    [Fact]
    public async Task Copies_kept_before_the_names_were_taken_still_make_a_report()
    {
        var marathon = await ACompletedMarathon();
        // as earlier versions stored them: a team's deliverable under deliverableTitle, a volunteer without its company's name
        await using (var session = feedback.Host.Store.LightweightSession())
        {
            var schema = feedback.Host.Store.Options.DatabaseSchemaName;
            session.QueueSqlCommand(
                $"update {schema}.mt_doc_teamforimpact set data = (data - 'deliverable') || jsonb_build_object('deliverableTitle', 'Plaquette (copie ancienne)') where data ->> 'marathonId' = ?",
                marathon.Id.ToString());
            session.QueueSqlCommand($"update {schema}.mt_doc_volunteerforimpact set data = data - 'partnerName' where data ->> 'marathonId' = ?", marathon.Id.ToString());
            await session.SaveChangesAsync();
        }

        var report = await feedback.Report(marathon.Id);

        Assert.All(report.GetProperty("byAssociation").EnumerateArray(), a => Assert.Equal("Plaquette (copie ancienne)", a.GetProperty("deliverable").GetString()));
        Assert.Equal(Companies.Select(c => c.Name).Order(StringComparer.Ordinal),
            report.GetProperty("byPartner").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        using var workbook = await feedback.Staff.GetAsync($"/admin/marathons/{marathon.Id}/report?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
    }

    [Fact]
    public async Task A_company_the_marathon_copy_has_not_heard_of_is_named_from_its_volunteers_confirmation()
    {
        var marathonId = await feedback.AMarathon("edf");
        await feedback.AVolunteer(marathonId, "newcomer", checkedIn: true); // its confirmation names it "NEWCOMER"

        var report = await feedback.Report(marathonId);

        var newcomer = report.GetProperty("byPartner").EnumerateArray().Single(p => p.GetProperty("partnerId").GetString() == "newcomer");
        Assert.Equal(("NEWCOMER", 1, 1), (newcomer.GetProperty("name").GetString(), newcomer.GetProperty("volunteers").GetInt32(), newcomer.GetProperty("volunteersCheckedIn").GetInt32()));
    }

    /// <summary>
    /// The chart as chromium draws it, in French and in English: names and n on it, and every text inside the picture,
    /// clear of the other texts and of the bars. Keeps a screenshot of each (docs/screenshots with
    /// PROBONO_CONSOLE_SCREENSHOTS=docs/screenshots).
    /// </summary>
    [Fact]
    public async Task The_chart_names_everyone_with_n_and_chromium_draws_no_label_clipped_or_overlapping()
    {
        var marathon = await ACompletedMarathon();

        using var chromium = new HeadlessChromium(1600, 1200);
        var browser = chromium.Driver;
        foreach (var lang in new[] { "fr", "en" })
        {
            using var response = await feedback.Staff.GetAsync($"/admin/marathons/{marathon.Id}/report/chart.svg?lang={lang}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var svg = await response.Content.ReadAsStringAsync();
            var file = Path.Combine(Path.GetTempPath(), $"report-chart-{marathon.Id:N}-{lang}.svg");
            await File.WriteAllTextAsync(file, svg);
            try
            {
                browser.Navigate().GoToUrl(new Uri(file));
                var texts = ((IReadOnlyCollection<object>)browser.ExecuteScript("return [...document.querySelectorAll('text')].map(t => t.textContent)")!)
                    .Cast<string>().ToList();
                Assert.Contains("Société Générale", texts);
                Assert.Contains(Charities[1].Name, texts);
                Assert.DoesNotContain(texts, t => t.Contains("societe-generale", StringComparison.Ordinal) || t.Contains(marathon.Associations[1].ToString(), StringComparison.Ordinal));
                Assert.Contains(lang == "fr" ? "-100,0 (n = 2)" : "-100.0 (n = 2)", texts);
                Assert.Contains(lang == "fr" ? "Satisfaction (1 à 5)" : "Satisfaction (1 to 5)", texts);

                var problems = ((IReadOnlyCollection<object>)browser.ExecuteScript(LayoutCheck)!).Cast<string>().ToList();
                Assert.True(problems.Count == 0, $"{lang}: {string.Join("; ", problems)}");
                Screenshot(browser, $"report-chart-{lang}.png");
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Every text's box as drawn: inside the picture, not over another text, not over a bar.</summary>
    private const string LayoutCheck = """
        const svg = document.documentElement;
        const [width, height] = [svg.width.baseVal.value, svg.height.baseVal.value];
        const texts = [...document.querySelectorAll('text')].map(t => ({ text: t.textContent, box: t.getBBox() }));
        const bars = [...document.querySelectorAll('rect')].slice(1).map(r => r.getBBox());
        const overlap = (a, b) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
        const problems = [];
        for (const t of texts) {
          if (t.box.x < 0 || t.box.y < 0 || t.box.x + t.box.width > width || t.box.y + t.box.height > height) problems.push(`clipped: ${t.text}`);
          for (const b of bars) if (overlap(t.box, b)) problems.push(`over a bar: ${t.text}`);
        }
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++)
            if (overlap(texts[i].box, texts[j].box)) problems.push(`overlap: ${texts[i].text} / ${texts[j].text}`);
        return problems;
        """;

    private static void Screenshot(ChromeDriver browser, string name)
    {
        var size = (IReadOnlyCollection<object>)browser.ExecuteScript("const s = document.documentElement; return [s.width.baseVal.value, s.height.baseVal.value];")!;
        var (width, height) = (Convert.ToDouble(size.First(), CultureInfo.InvariantCulture), Convert.ToDouble(size.Last(), CultureInfo.InvariantCulture));
        var shot = browser.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object> { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        var data = (string)((Dictionary<string, object>)shot!)["data"];
        Directory.CreateDirectory(StaffConsole.ConsoleBrowser.ScreenshotFolder);
        File.WriteAllBytes(Path.Combine(StaffConsole.ConsoleBrowser.ScreenshotFolder, name), Convert.FromBase64String(data));
    }
}
