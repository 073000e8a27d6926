using System.Security.Claims;
using Marten;
using MiniExcelLibs;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Feedback.Copies;
using ProBono.Feedback.TakeHome;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// A Feedback service beside a real Recruitment service: the marathon, its partners' legal data, the volunteers, their
/// costs and check-ins reach Feedback through Recruitment's events, and the names a document prints are asked of
/// Recruitment when it is made. The broker connection plays Needs and Teams.
/// </summary>
public sealed class TakeHomeFeedbackFixture : FeedbackFixture
{
    private readonly string recruitment = Isolation.Name("takehomerecruitment");

    public ServiceHost<RecruitmentProgram> Recruitment { get; private set; } = null!;

    private string RecruitmentQueues => recruitment.Replace('_', '-');

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        // the test's queues are temporary (not durable, auto-deleted): the address says so
        ["Feedback:VolunteerNames"] = $"exchange:{RecruitmentQueues}-find-volunteer-names?durable=false&autodelete=true",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Recruitment = new ServiceHost<RecruitmentProgram>(Servers, "recruitmentdb", recruitment, RecruitmentQueues);
        var anonymous = Recruitment.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Recruitment healthy");
    }

    public override async Task DisposeAsync()
    {
        await Recruitment.DisposeAsync();
        await base.DisposeAsync();
    }

    public HttpClient RecruitmentStaff => Recruitment.ClientWith(Tokens.Staff());

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task Move(Guid marathonId, string move, object? body = null) =>
        await Ok(body is null
            ? await RecruitmentStaff.PostAsync($"/admin/marathons/{marathonId}/{move}", null)
            : await RecruitmentStaff.PostAsJsonAsync($"/admin/marathons/{marathonId}/{move}", body));

    /// <summary>A volunteer as a partner registers it, with its costs (none: the marathon's hourly value).</summary>
    public sealed record Employee(string Partner, string FirstName, string LastName, decimal? AnnualCostEur = null, decimal? HourlyCostEur = null)
    {
        public Guid Id { get; set; }
    }

    /// <summary>A marathon in Recruitment with <paramref name="partners"/>, <paramref name="employees"/> registered and the marathon started.</summary>
    public async Task<Guid> AStartedMarathon(object[] partners, IReadOnlyList<Employee> employees, string name = "Take-home marathon")
    {
        var scheduled = await Ok(await RecruitmentStaff.PostAsJsonAsync("/admin/marathons", new
        {
            name, venue = "Tour First, La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01", hourlyValueEur = 80, partners,
        }));
        var marathonId = scheduled.GetProperty("marathonId").GetGuid();
        await Move(marathonId, "open-registration");
        foreach (var (employee, i) in employees.Select((e, i) => (e, i)))
        {
            var registered = await Ok(await Recruitment.ClientWith(Tokens.Partner(employee.Partner)).PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", new
            {
                employeeRef = $"T-{i}", firstName = employee.FirstName, lastName = employee.LastName, email = $"t{i}-{marathonId:N}@example.org",
                skills = new[] { "design" }, leadCapable = false, causePreferences = Array.Empty<string>(), hourlyCostEur = employee.HourlyCostEur,
                annualCostEur = employee.AnnualCostEur,
            }));
            employee.Id = registered.GetProperty("volunteerId").GetGuid();
        }
        await Move(marathonId, "close-registration");
        await Move(marathonId, "start");
        return marathonId;
    }

    public async Task CheckIn(Guid marathonId, params Employee[] employees)
    {
        foreach (var employee in employees)
        {
            await Ok(await RecruitmentStaff.PostAsync($"/admin/marathons/{marathonId}/volunteers/{employee.Id}/check-in", null));
        }
    }

    /// <summary>Needs' word for an association, published on its exchange as Needs' relay would (Feedback's queue is bound to it).</summary>
    public Task AssociationChanged(Guid associationId, string name, string? address, string? rna, string? siren, long version) =>
        Broker.PublishEnvelope("probono:needs:association-changed:v1", "probono:needs:association-changed:v1", Guid.NewGuid(),
            new { associationId, name, address, rna, siren, version, changedAt = DateTimeOffset.UtcNow });

    /// <summary>Waits until Feedback's copies hold what Recruitment said: the check-ins and the marathon's status.</summary>
    public async Task Heard(Guid marathonId, int checkedIn, string status)
    {
        await Eventually.True(async () =>
        {
            await using var session = Host.Store.QuerySession();
            var marathon = await session.LoadAsync<MarathonForImpact>(marathonId);
            var came = await session.Query<VolunteerForImpact>().CountAsync(v => v.MarathonId == marathonId && v.CheckedIn);
            return marathon?.Status.Value == status && marathon.Name is not null && came == checkedIn;
        }, TimeSpan.FromSeconds(30), $"Feedback hears {checkedIn} check-ins and '{status}'");
    }

    /// <summary>Rows of any table of Feedback's schema whose content mentions <paramref name="text"/>.</summary>
    public async Task<int> RowsMentioning(string text)
    {
        await using var session = Host.Store.QuerySession();
        var tables = await session.AdvancedSql.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = 'feedback' and table_type = 'BASE TABLE'", CancellationToken.None);
        var rows = 0;
        foreach (var table in tables)
        {
            var found = await session.AdvancedSql.QueryAsync<int>(
                $"select count(*)::int from feedback.\"{table}\" t where t::text like '%' || ? || '%'", CancellationToken.None, text);
            rows += found[0];
        }
        return rows;
    }
}

/// <summary>
/// What each stakeholder takes home, made by a real Feedback from what a real Recruitment told it and answers: the tax
/// pack, the partner's own report (JSON and workbook) and a volunteer's certificate, with their access rules.
/// </summary>
public sealed class TakeHomeTests(TakeHomeFeedbackFixture feedback, ITestOutputHelper output) : IClassFixture<TakeHomeFeedbackFixture>
{
    private const string EdfAddress = "22-30 avenue de Wagram\n75008 Paris";

    private sealed record Day(
        Guid MarathonId, Guid AssociationId, Guid NeedId, Guid TeamId, string Tag, TakeHomeFeedbackFixture.Employee Alice, TakeHomeFeedbackFixture.Employee Bruno,
        TakeHomeFeedbackFixture.Employee Chloe, TakeHomeFeedbackFixture.Employee Denis, TakeHomeFeedbackFixture.Employee Emma,
        TakeHomeFeedbackFixture.Employee Yann);

    /// <summary>
    /// EDF (with its legal data) and EY (without): Alice (annual cost 40,100 €), Bruno (120 €/h, above the cap) and Chloé (no
    /// cost) came and worked for 1000 VISAGES with EY's Yann (50 €/h); Denis did not come; Emma came but is on no team.
    /// The marathon completed (forced: Denis did not come).
    /// </summary>
    private async Task<Day> ACompletedDay()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        TakeHomeFeedbackFixture.Employee alice = new("edf", "Alice", $"Martin{tag}", AnnualCostEur: 40_100m), bruno = new("edf", "Bruno", $"Durand{tag}", HourlyCostEur: 120m),
            chloe = new("edf", "Chloé", $"Petit{tag}"), denis = new("edf", "Denis", $"Roux{tag}", HourlyCostEur: 60m), emma = new("edf", "Emma", $"Leroy{tag}", HourlyCostEur: 60m),
            yann = new("ey", "Yann", $"Morel{tag}", HourlyCostEur: 50m);
        var marathonId = await feedback.AStartedMarathon(
        [
            new { partnerId = "edf", name = "EDF", quota = 10, legalName = "Électricité de France SA", siren = "552081317", address = EdfAddress },
            new { partnerId = "ey", name = "EY", quota = 10 },
        ], [alice, bruno, chloe, denis, emma, yann]);
        await feedback.CheckIn(marathonId, alice, bruno, chloe, emma, yann);
        var associationId = Guid.NewGuid();
        await feedback.AssociationChanged(associationId, "1000 VISAGES", "12 rue de la Paix\n75002 Paris", "W751234567", null, 1);
        var needId = await feedback.ANeed(marathonId, associationId);
        var teamId = await feedback.ATeam(marathonId, needId, (alice.Id, "edf"), (bruno.Id, "edf"), (chloe.Id, "edf"), (yann.Id, "ey"));
        await feedback.MissionCompleted(marathonId, teamId, needId, (alice.Id, "edf"), (bruno.Id, "edf"), (chloe.Id, "edf"), (yann.Id, "ey"));
        await feedback.Move(marathonId, "complete", new { force = true, reason = "Denis fell ill." });
        await feedback.Heard(marathonId, checkedIn: 5, status: "completed");
        await Eventually.True(async () =>
        {
            await using var session = feedback.Host.Store.QuerySession();
            return (await session.LoadAsync<AssociationForImpact>(associationId))?.Rna is not null;
        }, TimeSpan.FromSeconds(30), "Feedback's copy of the association, bound to Needs' exchange");
        return new Day(marathonId, associationId, needId, teamId, tag, alice, bruno, chloe, denis, emma, yann);
    }

    private async Task<JsonElement> Get(HttpClient client, string path) => await TakeHomeFeedbackFixture.Ok(await client.GetAsync(path));

    [Fact]
    public async Task The_tax_pack_values_a_partners_checked_in_employees_on_a_team_and_prints_their_full_names()
    {
        var day = await ACompletedDay();

        var pack = await Get(feedback.Partner("edf"), $"/api/marathons/{day.MarathonId}/tax-pack");

        // the demo's year has no PASS yet: the latest known (2026) stands, provisional; 3 × 48,060 ÷ 1,607 = 89.72
        Assert.Equal(("edf", "Électricité de France SA", "552081317", EdfAddress, 2030, 48_060m, true, 89.72m),
            (pack.GetProperty("partnerId").GetString(), pack.GetProperty("legalName").GetString(), pack.GetProperty("siren").GetString(),
                pack.GetProperty("address").GetString(), pack.GetProperty("year").GetInt32(), pack.GetProperty("pass").GetDecimal(),
                pack.GetProperty("provisional").GetBoolean(), pack.GetProperty("hourlyCapEur").GetDecimal()));
        var line = Assert.Single(pack.GetProperty("lines").EnumerateArray());
        Assert.Equal((day.AssociationId, "1000 VISAGES", "W751234567", "12 rue de la Paix\n75002 Paris", 21),
            (line.GetProperty("associationId").GetGuid(), line.GetProperty("associationName").GetString(), line.GetProperty("rna").GetString(),
                line.GetProperty("address").GetString(), line.GetProperty("hours").GetInt32()));
        Assert.Equal(JsonValueKind.Null, line.GetProperty("siren").ValueKind);
        var volunteers = line.GetProperty("volunteers").EnumerateArray().ToDictionary(v => v.GetProperty("volunteerId").GetGuid());
        Assert.Equal([day.Alice.Id, day.Bruno.Id, day.Chloe.Id], volunteers.Keys);
        // by hand: 7 × 40,100 ÷ 1,607 = 174.673… → 174.67; 7 × 89.72 (capped) = 628.04; 7 × 80 (the marathon's) = 560.00
        Assert.Equal(($"Alice Martin{day.Tag}", "annual-cost", 24.9533m, false, 174.67m), Volunteer(volunteers[day.Alice.Id]));
        Assert.Equal(($"Bruno Durand{day.Tag}", "hourly-cost", 120m, true, 628.04m), Volunteer(volunteers[day.Bruno.Id]));
        Assert.Equal(($"Chloé Petit{day.Tag}", "marathon-default", 80m, false, 560.00m), Volunteer(volunteers[day.Chloe.Id]));
        Assert.All(volunteers.Values, v => Assert.True(DateTimeOffset.UtcNow - v.GetProperty("checkedInAt").GetDateTimeOffset() < TimeSpan.FromMinutes(10)));
        // 174.67 + 628.04 + 560.00 = 1,362.71; 60 % = 817.626 → 817.63
        Assert.Equal((1362.71m, 0.60m, 817.63m), (pack.GetProperty("totalValueEur").GetDecimal(), pack.GetProperty("reduction").GetProperty("rate").GetDecimal(),
            pack.GetProperty("reduction").GetProperty("estimatedEur").GetDecimal()));
        var warnings = pack.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("Tax:Pass:2030", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"Emma Leroy{day.Tag}", StringComparison.Ordinal) && w.Contains("no team", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"Chloé Petit{day.Tag}", StringComparison.Ordinal) && w.Contains("not a cost price", StringComparison.Ordinal));
        var text = pack.GetRawText();
        Assert.DoesNotContain($"Roux{day.Tag}", text, StringComparison.Ordinal); // did not come
        Assert.DoesNotContain($"Morel{day.Tag}", text, StringComparison.Ordinal); // EY's

        // EY's own pack: Yann alone, 7 × 50; its legal data is missing, a warning per field
        var ey = await Get(feedback.Partner("ey"), $"/api/marathons/{day.MarathonId}/tax-pack");
        var yann = Assert.Single(Assert.Single(ey.GetProperty("lines").EnumerateArray()).GetProperty("volunteers").EnumerateArray());
        Assert.Equal(($"Yann Morel{day.Tag}", "hourly-cost", 50m, false, 350.00m), Volunteer(yann));
        Assert.Equal(3, ey.GetProperty("warnings").EnumerateArray().Count(w => w.GetString()!.StartsWith("The partner's", StringComparison.Ordinal)));
        Assert.DoesNotContain($"Martin{day.Tag}", ey.GetRawText(), StringComparison.Ordinal);

        // the names were asked for, used and dropped: Feedback keeps none of the last names
        Assert.Equal(0, await feedback.RowsMentioning($"Martin{day.Tag}"));
    }

    private static (string?, string?, decimal, bool, decimal) Volunteer(JsonElement v) =>
        (v.GetProperty("name").GetString(), v.GetProperty("basis").GetString(), v.GetProperty("hourlyCostEur").GetDecimal(), v.GetProperty("capped").GetBoolean(),
            v.GetProperty("valueEur").GetDecimal());

    [Fact]
    public async Task A_partner_gets_its_own_tax_pack_and_report_only_and_staff_name_the_partner()
    {
        var day = await ACompletedDay();

        foreach (var document in new[] { "tax-pack", "impact" })
        {
            var path = $"/api/marathons/{day.MarathonId}/{document}";
            Assert.Equal(HttpStatusCode.Forbidden, (await feedback.Partner("edf").GetAsync($"{path}?partnerId=ey")).StatusCode);
            var unnamed = await feedback.Staff.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
            Assert.True((await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("partnerId", out _));
            Assert.Equal("edf", (await Get(feedback.Staff, $"{path}?partnerId=edf")).GetProperty("partnerId").GetString());
            Assert.Equal("edf", (await Get(feedback.Partner("edf"), $"{path}?format=json")).GetProperty("partnerId").GetString());
            var badFormat = await feedback.Partner("edf").GetAsync($"{path}?format=docx");
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
            Assert.True((await badFormat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("format", out _));
            Assert.Equal(HttpStatusCode.NotFound, (await feedback.Staff.GetAsync($"{path}?partnerId=nobody")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await feedback.Partner("edf").GetAsync($"/api/marathons/{Guid.NewGuid()}/{document}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await feedback.Host.ClientWith(Tokens.Volunteer(day.Alice.Id)).GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await feedback.Host.ClientWith(Tokens.Association(day.AssociationId)).GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await feedback.Anonymous.GetAsync(path)).StatusCode);
        }
        // staff read EY's own figures: Yann came, 7 h at his 50 €/h
        var ey = await Get(feedback.Staff, $"/api/marathons/{day.MarathonId}/impact?partnerId=ey");
        Assert.Equal(("ey", 1, 1, 7, 350m, 1), (ey.GetProperty("partnerId").GetString(), ey.GetProperty("volunteers").GetInt32(),
            ey.GetProperty("checkedIn").GetInt32(), ey.GetProperty("hours").GetInt32(), ey.GetProperty("valueEur").GetDecimal(), ey.GetProperty("teams").GetInt32()));
        Assert.Equal(JsonValueKind.Null, ey.GetProperty("nps").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, (await feedback.Partner("edf").GetAsync($"/admin/marathons/{day.MarathonId}/report")).StatusCode);
    }

    [Fact]
    public async Task The_partners_report_names_every_employee_and_the_associations_helped_in_JSON_and_in_a_workbook()
    {
        var day = await ACompletedDay();

        var report = await Get(feedback.Partner("edf"), $"/api/marathons/{day.MarathonId}/impact");

        // 5 hold a place, 4 came: 28 h; 7 × (120 + 60) + 2 × 7 × 80 (Alice's annual cost and Chloé: the marathon's value)
        Assert.Equal(("edf", "EDF", 5, 4, 28, 2380m, 1, 0), (report.GetProperty("partnerId").GetString(), report.GetProperty("partnerName").GetString(),
            report.GetProperty("volunteers").GetInt32(), report.GetProperty("checkedIn").GetInt32(), report.GetProperty("hours").GetInt32(),
            report.GetProperty("valueEur").GetDecimal(), report.GetProperty("teams").GetInt32(), report.GetProperty("responded").GetInt32()));
        var employees = report.GetProperty("employees").EnumerateArray().ToList();
        Assert.Equal([$"Alice Martin{day.Tag}", $"Bruno Durand{day.Tag}", $"Chloé Petit{day.Tag}", $"Denis Roux{day.Tag}", $"Emma Leroy{day.Tag}"],
            employees.Select(e => e.GetProperty("name").GetString()));
        var denis = employees.Single(e => e.GetProperty("volunteerId").GetGuid() == day.Denis.Id);
        Assert.Equal((false, 0, 0m), (denis.GetProperty("checkedIn").GetBoolean(), denis.GetProperty("hours").GetInt32(), denis.GetProperty("valueEur").GetDecimal()));
        var bruno = employees.Single(e => e.GetProperty("volunteerId").GetGuid() == day.Bruno.Id);
        Assert.Equal((true, 7, 840m, day.TeamId, "1000 VISAGES"), (bruno.GetProperty("checkedIn").GetBoolean(), bruno.GetProperty("hours").GetInt32(),
            bruno.GetProperty("valueEur").GetDecimal(), bruno.GetProperty("teamId").GetGuid(), bruno.GetProperty("associationName").GetString()));
        var emma = employees.Single(e => e.GetProperty("volunteerId").GetGuid() == day.Emma.Id);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (emma.GetProperty("teamId").ValueKind, emma.GetProperty("associationName").ValueKind));
        var association = Assert.Single(report.GetProperty("associations").EnumerateArray());
        Assert.Equal((day.AssociationId, "1000 VISAGES", "A brochure", "Brochure"), (association.GetProperty("associationId").GetGuid(),
            association.GetProperty("name").GetString(), association.GetProperty("needTitle").GetString(), association.GetProperty("deliverable").GetString()));

        using var response = await feedback.Partner("edf").GetAsync($"/api/marathons/{day.MarathonId}/impact?format=xlsx&lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"impact-edf-take-home-marathon-2030-11-16.xlsx\"", response.Content.Headers.ContentDisposition?.ToString());
        using var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Summary", "Employees", "Associations"], MiniExcel.GetSheetNames(workbook));
        IDictionary<string, object?>[] Sheet(string name) => [.. workbook.Query(useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];
        var summary = Sheet("Summary").ToDictionary(r => (string)r["figure"]!, r => r["value"]);
        Assert.Equal((5d, 4d, 28d, 2380d, 1d, 1d), ((double)summary["volunteers"]!, (double)summary["checkedIn"]!, (double)summary["hours"]!,
            (double)summary["valueEur"]!, (double)summary["teams"]!, (double)summary["associations"]!));
        Assert.Equal("Take-home marathon", summary["marathon"]);
        var rows = Sheet("Employees");
        Assert.Equal(employees.Select(e => e.GetProperty("name").GetString()), rows.Select(r => (string?)r["name"]));
        var brunoRow = rows.Single(r => (string?)r["volunteerId"] == day.Bruno.Id.ToString());
        Assert.Equal((true, 7d, 840d), ((bool)brunoRow["checkedIn"]!, (double)brunoRow["hours"]!, (double)brunoRow["valueEur"]!));
        Assert.Equal("1000 VISAGES", (string?)Assert.Single(Sheet("Associations"))["name"]);
    }

    [Fact]
    public async Task A_certificate_is_for_the_volunteer_its_partner_and_staff_once_it_came_to_a_completed_marathon()
    {
        var day = await ACompletedDay();
        using var scope = feedback.Host.Services.CreateScope();
        var names = scope.ServiceProvider.GetRequiredService<RecruitmentNames>();
        Task<Certificate> Load(ClaimsPrincipal user, Guid volunteerId, Guid? marathonId = null) => LoadAs(names, user, marathonId ?? day.MarathonId, volunteerId);

        foreach (var user in new[] { User("volunteer", "volunteer_id", day.Alice.Id.ToString()), User("partner", "partner_id", "edf"), User("staff") })
        {
            var certificate = await Load(user, day.Alice.Id);
            Assert.Equal(new Certificate(day.MarathonId, day.Alice.Id, $"Alice Martin{day.Tag}", "EDF", "Take-home marathon", new DateOnly(2030, 11, 16),
                "Tour First, La Défense", "1000 VISAGES", "A brochure", 7, "Brochure"), certificate);
        }
        // another tenant's volunteer is not revealed
        foreach (var user in new[]
        {
            User("volunteer", "volunteer_id", day.Bruno.Id.ToString()), User("partner", "partner_id", "ey"), User("association", "association_id", day.AssociationId.ToString()),
        })
        {
            await Assert.ThrowsAsync<NotFound>(() => Load(user, day.Alice.Id));
        }
        await Assert.ThrowsAsync<NotFound>(() => Load(User("staff"), day.Alice.Id, Guid.NewGuid()));
        // Denis did not come
        await Assert.ThrowsAsync<StateConflict>(() => Load(User("partner", "partner_id", "edf"), day.Denis.Id));

        // a marathon still in progress: no certificate yet, even for a volunteer who came
        TakeHomeFeedbackFixture.Employee came = new("edf", "Gaël", "Blanc");
        var running = await feedback.AStartedMarathon([new { partnerId = "edf", name = "EDF", quota = 3 }], [came], "Running marathon");
        await feedback.CheckIn(running, came);
        await feedback.Heard(running, checkedIn: 1, status: "in-progress");
        await Assert.ThrowsAsync<StateConflict>(() => Load(User("volunteer", "volunteer_id", came.Id.ToString()), came.Id, running));
    }

    [Fact]
    public async Task The_tax_pack_the_partners_report_and_the_certificate_come_as_PDFs_a_reader_can_read()
    {
        var day = await ACompletedDay();
        var edf = feedback.Partner("edf");

        var pack = await Pdf(edf, $"/api/marathons/{day.MarathonId}/tax-pack?format=pdf", "tax-pack-edf-take-home-marathon-2030-11-16.pdf");
        Assert.All(new[] { $"Alice Martin{day.Tag}", $"Bruno Durand{day.Tag}", "628,04", "1 362,71", "817,63", "W751234567", "552081317",
            "don en nature — mécénat de compétences", "provisoire" }, expected => Assert.Contains(expected, pack, StringComparison.Ordinal));
        Assert.DoesNotContain($"Roux{day.Tag}", pack, StringComparison.Ordinal); // did not come
        Assert.DoesNotContain($"Morel{day.Tag}", pack, StringComparison.Ordinal); // EY's

        var report = await Pdf(edf, $"/api/marathons/{day.MarathonId}/impact?format=pdf&lang=en", "impact-edf-take-home-marathon-2030-11-16.pdf");
        Assert.All(new[] { $"Denis Roux{day.Tag}", $"Emma Leroy{day.Tag}", "1000 VISAGES", "Brochure", "€2,380.00" },
            expected => Assert.Contains(expected, report, StringComparison.Ordinal));

        var alice = feedback.Host.ClientWith(Tokens.Volunteer(day.Alice.Id));
        var certificate = await Pdf(alice, $"/api/marathons/{day.MarathonId}/volunteers/{day.Alice.Id}/certificate.pdf?lang=en", null);
        Assert.All(new[] { $"Alice Martin{day.Tag}", "Take-home marathon", "Tour First, La Défense", "1000 VISAGES", "A brochure", "Brochure" },
            expected => Assert.Contains(expected, certificate, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await feedback.Partner("ey").GetAsync($"/api/marathons/{day.MarathonId}/volunteers/{day.Alice.Id}/certificate.pdf")).StatusCode);
        var absent = await edf.GetAsync($"/api/marathons/{day.MarathonId}/volunteers/{day.Denis.Id}/certificate.pdf");
        Assert.Equal(HttpStatusCode.Conflict, absent.StatusCode);
        Assert.Equal("application/problem+json", absent.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync($"/api/marathons/{day.MarathonId}/volunteers/{day.Alice.Id}/certificate.pdf?lang=de")).StatusCode);
    }

    /// <summary>The PDF at <paramref name="path"/>, read back as text by poppler's pdftotext (no-break spaces as spaces).</summary>
    private static async Task<string> Pdf(HttpClient client, string path, string? fileName)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        if (fileName is not null)
        {
            Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
        var file = Path.Combine(Path.GetTempPath(), $"probono-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "-layout", "-enc", "UTF-8", file, "-" })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = System.Diagnostics.Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return text.Replace('\u00A0', ' ').Replace('\u202F', ' ');
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ClaimsPrincipal User(string role, string? claim = null, string? value = null) =>
        new(new ClaimsIdentity([new Claim("sub", "someone"), new Claim("role", role), .. claim is null ? Array.Empty<Claim>() : [new Claim(claim, value!)]],
            "test", "sub", "role"));

    private async Task<Certificate> LoadAs(RecruitmentNames names, ClaimsPrincipal user, Guid marathonId, Guid volunteerId)
    {
        await using var session = feedback.Host.Store.QuerySession();
        return await CertificateLoading.Load(session, names, user, marathonId, volunteerId, CancellationToken.None);
    }

    [Fact]
    public async Task An_erased_volunteer_is_printed_under_a_placeholder_not_under_a_name()
    {
        var day = await ACompletedDay();
        var erased = await feedback.RecruitmentStaff.DeleteAsync($"/admin/marathons/{day.MarathonId}/volunteers/{day.Bruno.Id}/personal-data");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);

        var pack = await Get(feedback.Partner("edf"), $"/api/marathons/{day.MarathonId}/tax-pack");

        var volunteers = Assert.Single(pack.GetProperty("lines").EnumerateArray()).GetProperty("volunteers").EnumerateArray()
            .ToDictionary(v => v.GetProperty("volunteerId").GetGuid(), v => v.GetProperty("name").GetString());
        Assert.Equal(RecruitmentNames.Placeholder, volunteers[day.Bruno.Id]);
        Assert.Equal($"Alice Martin{day.Tag}", volunteers[day.Alice.Id]);
        Assert.DoesNotContain("Bruno", pack.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recruitment_names_ten_thousand_volunteers_in_one_answer()
    {
        // 10,000 volunteers written straight into Recruitment's store (registering them through the API would time the
        // registrations, not the answer), with their personal-data documents
        var marathonId = Guid.NewGuid();
        var ids = Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid()).ToList();
        await using (var session = feedback.Recruitment.Store.LightweightSession())
        {
            var profile = new ProBono.Recruitment.Volunteers.VolunteerProfile("Camille", ["design"], false, [], null);
            session.Store([.. ids.Select((id, i) => new ProBono.Recruitment.Volunteers.Volunteer(id, marathonId, "edf", "EDF", $"R-{i}", profile,
                ProBono.Recruitment.Volunteers.VolunteerStatus.Confirmed, true, i, "direct", DateTimeOffset.UtcNow))]);
            session.Store([.. ids.Select((id, i) => ProBono.Recruitment.Volunteers.VolunteerPersonalData.Of(id, marathonId, $"Nom{i}", $"v{i}@example.org"))]);
            await session.SaveChangesAsync();
        }
        var names = feedback.Host.Services.GetRequiredService<RecruitmentNames>();
        await names.Of(marathonId, ids.Take(10), CancellationToken.None); // warm: the reply queue, the request client

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var named = await names.Of(marathonId, ids, CancellationToken.None);
        watch.Stop();

        output.WriteLine($"10,000 names in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(10_000, named.Count);
        Assert.Equal("Camille Nom0", named[ids[0]]);
        Assert.Equal("Camille Nom9999", named[ids[9_999]]);
        Assert.All(named.Values, n => Assert.NotEqual(RecruitmentNames.Placeholder, n));
        // one query for all: a query per id would take 10,000 round trips (tens of seconds here)
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"10,000 names took {watch.Elapsed}");
    }
}

/// <summary>A Feedback whose names go to a Recruitment that never answers: a document waits a moment, then answers 503.</summary>
public sealed class SilentRecruitmentFeedbackFixture : FeedbackFixture
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Feedback:VolunteerNames"] = $"exchange:nobody-answers-{Guid.NewGuid():N}?durable=false&autodelete=true",
        ["Feedback:VolunteerNamesTimeoutSeconds"] = "1",
    };
}

public sealed class NamesUnavailableTests(SilentRecruitmentFeedbackFixture feedback) : IClassFixture<SilentRecruitmentFeedbackFixture>
{
    [Fact]
    public async Task Without_an_answer_for_the_names_a_document_is_a_503_problem_with_Retry_After()
    {
        var marathonId = await feedback.AMarathon("edf");
        var volunteer = await feedback.AVolunteer(marathonId, "edf", hourlyCostEur: 60m, checkedIn: true);
        var need = await feedback.ANeed(marathonId, Guid.NewGuid());
        await feedback.ATeam(marathonId, need, (volunteer, "edf"));

        foreach (var document in new[] { "tax-pack", "impact" })
        {
            var response = await feedback.Partner("edf").GetAsync($"/api/marathons/{marathonId}/{document}");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {response.Headers.RetryAfter}");
            Assert.Equal(503, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        }
    }
}
