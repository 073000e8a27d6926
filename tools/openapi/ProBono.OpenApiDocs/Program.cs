using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using ProBono.Feedback;
using ProBono.Needs;
using ProBono.Recruitment;
using ProBono.Teams;
using ProBono.Webhooks;

// Writes the services' OpenAPI documents, as the gateway serves them at /openapi/{service}.json, without a
// running platform: each service is composed exactly as its Program does (AddX, Build, MapX) but never started, so
// neither PostgreSQL nor RabbitMQ is touched. Usage: probono-openapi-docs <output folder>
var output = Directory.CreateDirectory(args.Length > 0 ? args[0] : "openapi");

await Write(RecruitmentService.Name, typeof(RecruitmentService).Assembly, b => b.AddRecruitment(), a => a.MapRecruitment());
await Write(NeedsService.Name, typeof(NeedsService).Assembly, b => b.AddNeeds(), a => a.MapNeeds());
await Write(TeamsService.Name, typeof(TeamsService).Assembly, b => b.AddTeams(), a => a.MapTeams());
await Write(FeedbackService.Name, typeof(FeedbackService).Assembly, b => b.AddFeedback(), a => a.MapFeedback());
await Write(WebhooksService.Name, typeof(WebhooksService).Assembly, b => b.AddWebhooks(), a => a.MapWebhooks());
return 0;

async Task Write(string service, Assembly assembly, Action<WebApplicationBuilder> add, Action<WebApplication> map)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        ApplicationName = assembly.GetName().Name,
        EnvironmentName = "Development",
    });
    // placeholders: the composition reads them, nothing connects while the host is not started
    builder.Configuration["ConnectionStrings:messaging"] = "amqp://guest:guest@localhost:5672/";
    foreach (var database in new[] { "recruitmentdb", "needsdb", "teamsdb", "feedbackdb", "webhooksdb" })
    {
        builder.Configuration[$"ConnectionStrings:{database}"] = $"Host=localhost;Database={database}";
    }
    builder.Configuration["Logging:LogLevel:Default"] = "Warning";
    add(builder);
    // no event store daemon, no bus, no schema migration, no listening socket: only the composition
    builder.Services.RemoveAll<IHostedService>();
    builder.Services.AddSingleton<IServer, NoServer>();
    await using var app = builder.Build();
    map(app);
    // the pipeline (hence the endpoints ApiExplorer sees) is built when the host starts; it listens nowhere
    await app.StartAsync();

    var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
    var path = Path.Combine(output.FullName, $"{service}.json");
    await using (var file = new StreamWriter(path))
    {
        document.SerializeAsV31(new OpenApiJsonWriter(file));
    }
    Console.WriteLine($"{service}: {document.Paths.Count} paths -> {path}");
    await app.StopAsync();
}

/// <summary>A server that never listens, so the composed service starts without a port.</summary>
internal sealed class NoServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
        Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
