using Microsoft.Kiota.Http.HttpClientLibrary;
using ProBono.Client;
using ProBono.PartnerConnector;

namespace ProBono.IntegrationTests.PartnerConnector;

/// <summary>One Recruitment for the connector's import, with its own database and queues.</summary>
public sealed class ConnectorFixture() : RecruitmentHostFixture("connector");

/// <summary>
/// The sample connector's CSV import against a real Recruitment, through ProBono.Client over Kiota's handlers as the
/// connector runs it: each employee is registered once, however often the import runs.
/// </summary>
public sealed class EmployeeImportTests(ConnectorFixture fixture) : IClassFixture<ConnectorFixture>
{
    private const string Export = """
        employeeRef,firstName,lastName,email,skills,leadCapable,causes,language,hourlyCostEur,annualCostEur
        E-1001,Aurélie,Bonnet,aurelie.bonnet@acme.example,finance;data,true,education;employment,fr,,61200
        E-1002,Karim,Haddad,karim.haddad@acme.example,marketing;communication,false,culture,fr,48.5,
        E-1003,Jane,Miller,jane.miller@acme.example,it;project-management,true,environment;youth,en,,
        E-1004,Paul,Durand,paul.durand@acme.example,astrology,false,culture,,,
        """;

    private ProBonoClient PartnerClient(string partnerId)
    {
        var token = Tokens.Partner(partnerId);
        var http = KiotaClientFactory.Create(finalHandler: fixture.Host.Server.CreateHandler());
        http.BaseAddress = fixture.Host.Server.BaseAddress;
        return ProBonoClient.Create(http, _ => Task.FromResult(token));
    }

    private async Task<Guid> AnOpenMarathon(string partnerId, int quota)
    {
        var staff = fixture.Host.ClientWith(Tokens.Staff());
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Connector",
            venue = "Paris",
            date = "2030-11-16",
            registrationDeadline = "2030-11-01",
            hourlyValueEur = 80,
            partners = new[] { new { partnerId, name = "Acme", quota }, new { partnerId = $"{partnerId}-other", name = "Other", quota = 5 } },
        });
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    [Fact]
    public async Task Importing_the_export_twice_registers_each_employee_once_and_says_so()
    {
        var partner = $"acme-{Guid.NewGuid():N}"[..16];
        var marathon = await AnOpenMarathon(partner, quota: 2);
        var csv = Path.GetTempFileName();
        await File.WriteAllTextAsync(csv, Export);
        try
        {
            var (employees, unreadable) = await HrCsv.Read(csv, CancellationToken.None);
            Assert.Empty(unreadable);

            var firstOutput = new StringWriter();
            var first = await new EmployeeImport(PartnerClient(partner), marathon, null, firstOutput).Run(employees, CancellationToken.None);
            var secondOutput = new StringWriter();
            var second = await new EmployeeImport(PartnerClient(partner), marathon, null, secondOutput).Run(employees, CancellationToken.None);

            Assert.Equal(new ImportSummary(Registered: 3, Confirmed: 2, Waitlisted: 1, AlreadyRegistered: 0, Refused: 1), first);
            Assert.Contains("row 4 (E-1004): refused: skills", firstOutput.ToString(), StringComparison.Ordinal);
            Assert.Equal(new ImportSummary(Registered: 0, Confirmed: 0, Waitlisted: 0, AlreadyRegistered: 3, Refused: 1), second);

            var roster = await fixture.Host.ClientWith(Tokens.Partner(partner))
                .GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}/volunteers?pageSize=500");
            var refs = roster.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("employeeRef").GetString()).ToList();
            Assert.Equal(3, roster.GetProperty("total").GetInt32());
            Assert.Equal(["E-1001", "E-1002", "E-1003"], refs.Order());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task An_employee_whose_hr_data_changed_since_the_first_import_stays_registered_once()
    {
        var partner = $"acme-{Guid.NewGuid():N}"[..16];
        var marathon = await AnOpenMarathon(partner, quota: 5);
        var csv = Path.GetTempFileName();
        await File.WriteAllTextAsync(csv, Export);
        try
        {
            var (employees, _) = await HrCsv.Read(csv, CancellationToken.None);
            await new EmployeeImport(PartnerClient(partner), marathon, null, TextWriter.Null).Run(employees.Take(1), CancellationToken.None);

            var changed = employees[0] with { Skills = ["finance", "data", "strategy"] };
            var output = new StringWriter();
            var again = await new EmployeeImport(PartnerClient(partner), marathon, null, output).Run([changed], CancellationToken.None);

            Assert.Equal(new ImportSummary(0, 0, 0, AlreadyRegistered: 1, Refused: 0), again);
            Assert.Contains("other details", output.ToString(), StringComparison.Ordinal);
            var roster = await fixture.Host.ClientWith(Tokens.Partner(partner)).GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}/volunteers");
            Assert.Equal(1, roster.GetProperty("total").GetInt32());
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
