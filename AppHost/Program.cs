using Microsoft.Extensions.Configuration;
using ProBono.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// publishing a manifest starts no server: nothing to wait for, and only what a deployment target can use goes in it
var publishing = builder.ExecutionContext.IsPublishMode;
var infra = Infra.Add(builder);
if (!publishing)
{
    StartupWatchdog.Watch(builder, infra);
}

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
// partners' webhooks: a service of its own, so that calls to partners' servers never share a process with the others (ADR 26)
var webhooks = Service<Projects.ProBono_Webhooks>("webhooks");

// survey invitations (Feedback) and partners' no-show reports (Recruitment) go out over SMTP: locally to smtp4dev, whose
// web page (on the dashboard) shows what was sent; a deployment names its own server (a `connectionstring` parameter)
if (publishing)
{
    var mailServer = builder.AddConnectionString(MailCatcher.ConnectionName);
    feedback.WithReference(mailServer);
    recruitment.WithReference(mailServer);
}
else if (MailCatcher.Add(builder) is { } smtp)
{
    feedback.WithEnvironment($"ConnectionStrings__{MailCatcher.ConnectionName}", smtp);
    recruitment.WithEnvironment($"ConnectionStrings__{MailCatcher.ConnectionName}", smtp);
}

// a service with one process listens on its own port, without DCP's proxy and its extra hop; replicas keep the proxy,
// which spreads requests over them. `Services:<name>:Port` moves one, so two platforms can run side by side (ADR 4)
foreach (var service in new[] { needs, teams, feedback, webhooks }.Concat(recruitmentReplicas == 1 ? [recruitment] : []))
{
    var port = builder.Configuration.GetValue<int?>($"Services:{service.Resource.Name}:Port");
    service.WithEndpoint("http", endpoint =>
    {
        endpoint.IsProxied = false;
        if (port is { } moved)
        {
            endpoint.Port = moved;
            endpoint.TargetPort = moved;
        }
    });
}

// the staff console: one more client of the gateway, which alone serves it (/console); it reaches nothing else
var console = builder.AddProject<Projects.ProBono_Console>("console", launchProfileName: null)
    .WithHttpEndpoint(port: builder.Configuration.GetValue("Services:console:Port", 5185), name: "http", isProxied: false)
    .WithHttpHealthCheck("/console/health");

var gateway = builder.AddProject<Projects.ProBono_Gateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: builder.Configuration.GetValue("Gateway:Port", 5080), name: "http", isProxied: false) // see above
    .WithGatewaySettings(builder.Configuration)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(recruitment).WaitFor(recruitment)
    .WithReference(needs).WaitFor(needs)
    .WithReference(teams).WaitFor(teams)
    .WithReference(feedback).WaitFor(feedback)
    .WithReference(webhooks).WaitFor(webhooks)
    .WithReference(console);
// the survey links in the invitation mails and the attendance links in the volunteers' mails point at the gateway, the only public address (a deployment names its own)
if (publishing)
{
    var publicUrl = builder.AddParameter("feedback-public-url");
    feedback.WithEnvironment("Feedback__PublicUrl", publicUrl);
    recruitment.WithEnvironment("Recruitment__PublicUrl", publicUrl);
}
else
{
    feedback.WithEnvironment("Feedback__PublicUrl", gateway.GetEndpoint("http"));
    recruitment.WithEnvironment("Recruitment__PublicUrl", gateway.GetEndpoint("http"));
}
// the console calls the gateway's own address, never a service directly (a deployment names its public one)
if (publishing)
{
    console.WithEnvironment("Console__GatewayUrl", builder.AddParameter("console-gateway-url"));
}
else
{
    console.WithEnvironment("Console__GatewayUrl", gateway.GetEndpoint("http"));
}
if (!publishing)
{
    // without a launch profile neither would know it runs in Development (a deployment says so itself)
    gateway.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
    console.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
}
PublishedAuthentication.Apply(builder, [recruitment, needs, teams, feedback, webhooks, gateway]);
PublishedAuthentication.ApplyToConsole(builder, console);

if (!publishing && builder.Configuration.GetValue("Demo:Load", true))
{
    // the La Défense demo marathon, loaded through the gateway once it is up (idempotent)
    builder.AddProject<Projects.ProBono_Demo>("demo-loader")
        // `-- --Demo:PlayThrough=true` plays the day, the surveys and the report too (by default: teams formed)
        .WithEnvironment("Demo__PlayThrough", builder.Configuration.GetValue("Demo:PlayThrough", false) ? "true" : "false")
        .WithReference(gateway)
        .WaitFor(gateway);
}

Telemetry.ApplySampling(builder);

builder.Build().Run();
