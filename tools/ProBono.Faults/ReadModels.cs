using System.Diagnostics;

namespace ProBono.Faults;

/// <summary>One volunteer copy as a read model holds it.</summary>
internal sealed record VolunteerCopy(Guid VolunteerId, string PartnerId, string FirstName, string Status);

/// <summary>
/// Teams' and Feedback's volunteer copies, read straight from their own databases with psql: neither service has an
/// endpoint that lists its copies, and reading the rows themselves counts every row (a doubled copy would show).
/// </summary>
internal sealed class ReadModels(int postgresPort, string password)
{
    public static readonly (string Service, string Table)[] Consumers =
    [
        ("teams", "teams.mt_doc_volunteerforformation"),
        ("feedback", "feedback.mt_doc_volunteerforimpact"),
    ];

    public async Task<List<VolunteerCopy>> Copies(string database, string table, Guid marathonId, CancellationToken ct)
    {
        var sql = $"SELECT id, data->>'partnerId', coalesce(data->>'firstName', ''), coalesce(data->'status'->>'value', '') FROM {table} " +
                  $"WHERE data->>'marathonId' = '{marathonId}'";
        var output = await Psql(database, sql, ct);
        var copies = new List<VolunteerCopy>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('|');
            copies.Add(new VolunteerCopy(Guid.Parse(fields[0]), fields[1], fields[2], fields[3]));
        }
        return copies;
    }

    private async Task<string> Psql(string database, string sql, CancellationToken ct)
    {
        var info = new ProcessStartInfo("psql", ["-h", "127.0.0.1", "-p", postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", database, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PGPASSWORD"] = password;
        info.Environment["PGCONNECT_TIMEOUT"] = "5";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start (apt-get install postgresql-client)");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        // a table not created yet (the service has not started its schema): no copies yet
        if (process.ExitCode != 0)
        {
            var message = await error;
            return message.Contains("does not exist", StringComparison.Ordinal)
                ? ""
                : throw new InvalidOperationException($"psql -d {database} failed ({process.ExitCode}): {message}");
        }
        return await output;
    }
}
