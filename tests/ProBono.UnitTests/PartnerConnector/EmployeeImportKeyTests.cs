using ProBono.PartnerConnector;

namespace ProBono.UnitTests.PartnerConnector;

/// <summary>The import's Idempotency-Key and its reading of the HR export.</summary>
public sealed class EmployeeImportKeyTests
{
    private static readonly Guid Marathon = Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6");

    [Fact]
    public void The_key_is_the_same_for_the_same_employee_and_marathon_and_differs_otherwise()
    {
        var key = EmployeeImport.IdempotencyKey(Marathon, "E-1001");

        Assert.Equal(key, EmployeeImport.IdempotencyKey(Marathon, "E-1001"));
        Assert.NotEqual(key, EmployeeImport.IdempotencyKey(Marathon, "E-1002"));
        Assert.NotEqual(key, EmployeeImport.IdempotencyKey(Guid.NewGuid(), "E-1001"));
    }

    [Fact]
    public void The_key_is_a_short_ascii_header_value_whatever_the_employee_reference()
    {
        var key = EmployeeImport.IdempotencyKey(Marathon, new string('é', 300) + "\n\"ref\"");

        Assert.True(key.Length <= 200);
        Assert.All(key, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    [Fact]
    public async Task The_hr_export_is_read_with_its_lists_decimals_and_optional_columns()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """
            EmployeeRef,firstName,lastName,email,skills,leadCapable,causes,hourlyCostEur
            E-1,Aurélie,Bonnet,aurelie@acme.example,finance; data,yes,education,61.5
            E-2,Karim,Haddad,karim@acme.example,it,maybe,culture,
            E-3,Jane,Miller,jane@acme.example,it,false,culture,"12,5"
            """);
        try
        {
            var (employees, problems) = await HrCsv.Read(path, CancellationToken.None);

            var aurelie = Assert.Single(employees);
            Assert.Equal(("E-1", "Aurélie", true, 61.5m), (aurelie.EmployeeRef, aurelie.FirstName, aurelie.LeadCapable, aurelie.HourlyCostEur));
            Assert.Equal(["finance", "data"], aurelie.Skills);
            Assert.Null(aurelie.Language);
            Assert.Equal([2, 3], problems.Select(p => p.Row));
            Assert.Contains("leadCapable", problems[0].Problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
