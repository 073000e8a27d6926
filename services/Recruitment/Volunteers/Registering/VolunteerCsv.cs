using System.Globalization;
using System.Text;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>
/// Reads the bulk CSV: a header row naming the registration's fields (any order, case-insensitive), one volunteer per
/// row, skills and causes <c>;</c>-separated, RFC 4180 quoting. What cannot be read into a field is reported per row.
/// </summary>
internal static class VolunteerCsv
{
    public static readonly string[] Columns =
        ["employeeRef", "firstName", "lastName", "email", "skills", "leadCapable", "causePreferences", "hourlyCostEur", "partnerId"];

    public static IReadOnlyList<(RegisterVolunteerRequest Request, Dictionary<string, string[]> Errors)> Parse(string text)
    {
        var records = Records(text).Where(r => r.Any(f => f.Length > 0)).ToList();
        if (records.Count == 0)
        {
            return [];
        }
        var header = records[0].Select(h => h.Trim()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)));
        var rows = new List<(RegisterVolunteerRequest, Dictionary<string, string[]>)>();
        foreach (var record in records.Skip(1))
        {
            var errors = new Dictionary<string, string[]>();
            string? Field(string name) => index[name] is >= 0 and var i && i < record.Count && record[i].Trim() is { Length: > 0 } v ? v : null;
            List<string?>? Terms(string name) => Field(name) is { } v ? [.. v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : null;

            bool? leadCapable = Field("leadCapable")?.ToLowerInvariant() switch
            {
                null => null,
                "true" or "yes" or "1" => true,
                "false" or "no" or "0" => false,
                var other => Error(errors, "leadCapable", $"'{other}' is not true or false."),
            };
            decimal? hourlyCost = null;
            if (Field("hourlyCostEur") is { } cost)
            {
                hourlyCost = decimal.TryParse(cost, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : Error<decimal>(errors, "hourlyCostEur", $"'{cost}' is not a number (use a dot for decimals).");
            }
            rows.Add((new RegisterVolunteerRequest(
                Field("partnerId"), Field("employeeRef"), Field("firstName"), Field("lastName"), Field("email"),
                Terms("skills"), leadCapable, Terms("causePreferences") ?? [], hourlyCost), errors));
        }
        return rows;
    }

    private static T? Error<T>(Dictionary<string, string[]> errors, string field, string message) where T : struct
    {
        errors[field] = [message];
        return null;
    }

    private static bool? Error(Dictionary<string, string[]> errors, string field, string message) => Error<bool>(errors, field, message);

    /// <summary>RFC 4180 records: fields separated by commas, optionally quoted, "" for a quote, line breaks inside quotes.</summary>
    private static IEnumerable<List<string>> Records(string text)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    yield return record;
                    record = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
