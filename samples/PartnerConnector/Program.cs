using ProBono.Client;
using RecruitmentProblem = ProBono.Client.Recruitment.Models.ProblemDetails;

namespace ProBono.PartnerConnector;

/// <summary>
/// The connector: registers the HR export's employees for a marathon (when given <c>--csv</c>), then listens for the
/// platform's webhooks (when given <c>--port</c>) until stopped. Exit code 0: done; 1: rows refused or the platform
/// refused the connector; 2: bad options.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, ConnectorOptions.Switches);
        var options = builder.Configuration.GetSection(ConnectorOptions.Section).Get<ConnectorOptions>() ?? new ConnectorOptions();
        if (options.Problems() is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems.Append("").Append(ConnectorOptions.Usage)));
            return 2;
        }

        var token = options.Token!;
        var probono = ProBonoClient.Create(options.Gateway!, _ => Task.FromResult(token));
        var names = new Dictionary<Guid, string>();
        var exit = 0;
        try
        {
            if (options.Csv is { } csv)
            {
                exit = await Import(probono, options, csv, names);
            }
            if (options.Port > 0)
            {
                await Known(probono, options.MarathonId, names);
            }
        }
        catch (RecruitmentProblem refused)
        {
            await Console.Error.WriteLineAsync($"The platform refused: {refused.ResponseStatusCode} {refused.Title}. {refused.Detail}");
            return 1;
        }
        catch (HttpRequestException unreachable)
        {
            await Console.Error.WriteLineAsync($"The gateway {options.Gateway} did not answer: {unreachable.Message}");
            return 1;
        }
        if (options.Port == 0)
        {
            return exit;
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(options.Port));
        var reports = new ImpactReports(probono, options.Reports, Console.Out);
        builder.Services.AddSingleton(new WebhookSignatures(options.WebhookSecret!))
            .AddSingleton<SeenMessages>()
            .AddSingleton(new WebhookNotices(Console.Out, names, reports))
            .AddHostedService(_ => reports);
        await using var app = builder.Build();
        app.MapWebhooks();
        Console.WriteLine($"Listening for webhooks on http://localhost:{options.Port}{WebhookEndpoint.Path} (Ctrl+C stops).");
        await app.RunAsync();
        return exit;
    }

    private static async Task<int> Import(ProBonoClient probono, ConnectorOptions options, string csv, Dictionary<Guid, string> names)
    {
        var (employees, unreadable) = await HrCsv.Read(csv, CancellationToken.None);
        foreach (var row in unreadable)
        {
            Console.WriteLine($"row {row.Row}: not sent: {row.Problem}");
        }
        var import = new EmployeeImport(probono, options.MarathonId, options.PartnerId, Console.Out);
        var summary = await import.Run(employees, CancellationToken.None);
        foreach (var (id, name) in import.Names)
        {
            names[id] = name;
        }
        var notSent = unreadable.Count > 0 ? $", {unreadable.Count} unreadable" : "";
        Console.WriteLine($"{employees.Count + unreadable.Count} rows: {summary}{notSent}");
        return summary.Refused + unreadable.Count > 0 ? 1 : 0;
    }

    /// <summary>The employees already registered, so a webhook about one of them names the person, not an id.</summary>
    private static async Task Known(ProBonoClient probono, Guid marathonId, Dictionary<Guid, string> names)
    {
        for (var page = 1; ; page++)
        {
            var volunteers = await probono.Recruitment.Api.Marathons[marathonId].Volunteers.GetAsync(r =>
            {
                r.QueryParameters.Page = page;
                r.QueryParameters.PageSize = 500;
            });
            foreach (var v in volunteers?.Items ?? [])
            {
                if (v.VolunteerId is { } id)
                {
                    names.TryAdd(id, $"{v.FirstName} {v.LastName} ({v.EmployeeRef})");
                }
            }
            if (volunteers?.Items is not { Count: 500 })
            {
                return;
            }
        }
    }
}
