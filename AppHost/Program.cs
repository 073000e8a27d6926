using Microsoft.Extensions.Configuration;
using ProBono.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infra = Infra.Add(builder);
StartupWatchdog.Watch(builder, infra);

// each service reads ConnectionStrings:<name>db and owns the database <name>
IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new() =>
    infra.Wire(builder.AddProject<TProject>(name), connectionName: $"{name}db", database: name)
        .WithHttpHealthCheck("/health");

// Recruitment:Replicas (default 1) runs several Recruitment processes behind DCP's proxy, e.g. `-- --Recruitment:Replicas=2`
var recruitmentReplicas = builder.Configuration.GetValue("Recruitment:Replicas", 1);
if (recruitmentReplicas < 1)
{
    throw new DistributedApplicationException($"Recruitment:Replicas must be 1 or more, not {recruitmentReplicas}.");
}
var recruitment = Service<Projects.ProBono_Recruitment>("recruitment").WithReplicas(recruitmentReplicas);
var needs = Service<Projects.ProBono_Needs>("needs");
var teams = Service<Projects.ProBono_Teams>("teams");
var feedback = Service<Projects.ProBono_Feedback>("feedback");

var gateway = builder.AddProject<Projects.ProBono_Gateway>("gateway", launchProfileName: null)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
    .WithHttpEndpoint(port: builder.Configuration.GetValue("Gateway:Port", 5080), name: "http")
    .WithGatewaySettings(builder.Configuration)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(recruitment).WaitFor(recruitment)
    .WithReference(needs).WaitFor(needs)
    .WithReference(teams).WaitFor(teams)
    .WithReference(feedback).WaitFor(feedback);

if (builder.Configuration.GetValue("Demo:Load", true))
{
    // the La Défense demo marathon, loaded through the gateway once it is up (idempotent)
    builder.AddProject<Projects.ProBono_Demo>("demo-loader")
        .WithReference(gateway)
        .WaitFor(gateway);
}

Telemetry.ApplySampling(builder);

builder.Build().Run();
