using System.Globalization;
using CsvHelper;

namespace ProBono.PartnerConnector;

/// <summary>One employee of the HR export, as the connector registers it.</summary>
internal sealed record HrEmployee(
    int Row,
    string EmployeeRef,
    string FirstName,
    string LastName,
    string Email,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> Causes,
    string? Language,
    decimal? HourlyCostEur,
    decimal? AnnualCostEur);

/// <summary>A row the connector could not read, with why: it is not sent.</summary>
internal sealed record HrRowProblem(int Row, string Problem);

/// <summary>
/// Reads the HR export: comma-separated with a header row (columns in any order, names case-insensitive):
/// employeeRef, firstName, lastName, email, skills, leadCapable, causes, and optionally language, hourlyCostEur,
/// annualCostEur. Skills and causes are <c>;</c>-separated; decimals are written with a dot (<c>61.5</c>), as API.md asks.
/// </summary>
internal static class HrCsv
{
    private static readonly string[] Required = ["employeeRef", "firstName", "lastName", "email", "skills", "leadCapable", "causes"];

    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',', // not detected: ';' separates skills and causes inside a field
        HasHeader = true,
        TrimWhitespace = true,
        IncludeValuesInExceptions = false, // an HR export is personal data: keep it out of logs
    };

    public static async Task<(IReadOnlyList<HrEmployee> Employees, IReadOnlyList<HrRowProblem> Problems)> Read(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        await using var csv = CsvReader.Create(file, Options);
        await csv.ReadHeaderAsync(ct);
        var columns = Required.Concat(["language", "hourlyCostEur", "annualCostEur"])
            .ToDictionary(c => c, c => csv.TryGetFieldIndex(c, out var i) ? i : -1, StringComparer.Ordinal);
        var missing = Required.Where(c => columns[c] < 0).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{path}: the header row lacks {string.Join(", ", missing)}.");
        }

        var employees = new List<HrEmployee>();
        var problems = new List<HrRowProblem>();
        var row = 0;
        while (await csv.ReadAsync(ct))
        {
            row++;
            string? Field(string name) => columns[name] is >= 0 and var i && i < csv.FieldCount && csv.GetString(i) is { Length: > 0 } v ? v : null;
            IReadOnlyList<string> Terms(string name) => Field(name)?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
            var rowProblems = new List<string>();
            decimal? Amount(string name)
            {
                if (Field(name) is not { } text)
                {
                    return null;
                }
                if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
                rowProblems.Add($"{name} must be a number written with a dot (61.5)");
                return null;
            }

            var leadCapable = Field("leadCapable")?.ToLowerInvariant() switch
            {
                "true" or "yes" or "1" => true,
                "false" or "no" or "0" or null => false,
                _ => Refuse(rowProblems, "leadCapable must be true or false"),
            };
            var hourly = Amount("hourlyCostEur");
            var annual = Amount("annualCostEur");
            var (employeeRef, firstName, lastName, email) = (Field("employeeRef"), Field("firstName"), Field("lastName"), Field("email"));
            if (employeeRef is null)
            {
                rowProblems.Add("employeeRef is empty");
            }
            if (rowProblems.Count > 0 || employeeRef is null)
            {
                problems.Add(new HrRowProblem(row, string.Join("; ", rowProblems)));
                continue;
            }
            // the API judges the rest (names, address, skill and cause vocabulary) and says what it refuses
            employees.Add(new HrEmployee(row, employeeRef, firstName ?? "", lastName ?? "", email ?? "", Terms("skills"), leadCapable,
                Terms("causes"), Field("language"), hourly, annual));
        }
        return (employees, problems);
    }

    private static bool Refuse(List<string> problems, string problem)
    {
        problems.Add(problem);
        return false;
    }
}
