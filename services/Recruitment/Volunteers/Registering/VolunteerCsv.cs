using System.Globalization;
using CsvHelper;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>
/// Reads the bulk CSV with CsvHelper: RFC 4180, comma-separated, a header row naming the registration's fields (any
/// order, case-insensitive), one volunteer per row, skills and causes <c>;</c>-separated, decimals with a dot
/// (<c>12.5</c>; <c>12,5</c> is refused, never guessed). What cannot be read into a field is reported for its row.
/// </summary>
internal static class VolunteerCsv
{
    public static readonly string[] Columns =
        [
            "employeeRef", "firstName", "lastName", "email", "skills", "leadCapable", "causePreferences", "hourlyCostEur", "partnerId", "source",
            "language", "annualCostEur",
        ];

    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',', // never detected: ';' separates the skills inside a field
        HasHeader = true,
        TrimWhitespace = true,
        IncludeValuesInExceptions = false, // the values are personal data
    };

    public static async Task<IReadOnlyList<(RegisterVolunteerRequest Request, Dictionary<string, string[]> Errors)>> Read(
        Stream body, CancellationToken ct)
    {
        var malformed = new HashSet<long>();
        var options = Options with { OnMalformedRecord = m => malformed.Add(m.RecordNumber - 1) };
        await using var csv = CsvReader.Create(body, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct); // the request body is read asynchronously only
        var index = Columns.ToDictionary(c => c, c => csv.TryGetFieldIndex(c, out var i) ? i : -1);
        var rows = new List<(RegisterVolunteerRequest, Dictionary<string, string[]>)>();
        while (await csv.ReadAsync(ct))
        {
            var errors = new Dictionary<string, string[]>();
            if (malformed.Contains(csv.RowNumber))
            {
                errors["row"] = ["The row's quoting is malformed (RFC 4180: a quoted field ends with a quote; a quote inside is doubled)."];
            }
            string? Field(string name) => index[name] is >= 0 and var i && i < csv.FieldCount && csv.GetString(i) is { Length: > 0 } v ? v : null;
            List<string?>? Terms(string name) => Field(name) is { } v ? [.. v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : null;

            bool? leadCapable = Field("leadCapable")?.ToLowerInvariant() switch
            {
                null => null,
                "true" or "yes" or "1" => true,
                "false" or "no" or "0" => false,
                _ => Refuse<bool>(errors, "leadCapable", "'leadCapable' must be true or false."),
            };
            decimal? Amount(string name, string example) => Field(name) is not { } text ? null
                : decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
                : Refuse<decimal>(errors, name, $"'{name}' must be a number written with a dot for decimals, such as {example}.");
            rows.Add((new RegisterVolunteerRequest(
                Field("partnerId"), Field("employeeRef"), Field("firstName"), Field("lastName"), Field("email"),
                Terms("skills"), leadCapable, Terms("causePreferences") ?? [], Amount("hourlyCostEur", "12.5"), Field("source"),
                Field("language"), Amount("annualCostEur", "52000.50")), errors));
        }
        return rows;
    }

    private static T? Refuse<T>(Dictionary<string, string[]> errors, string field, string message) where T : struct
    {
        errors[field] = [message];
        return null;
    }
}
