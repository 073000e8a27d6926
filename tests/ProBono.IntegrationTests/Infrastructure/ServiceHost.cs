using System.Net.Http.Headers;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// One real service in-process (its Program, its pipeline, its hosted services: Marten daemon, MassTransit bus)
/// against the shared servers, with a database and queue prefix of its own. <paramref name="services"/> replaces some of
/// its services after its own registrations (e.g. a clock the test moves).
/// </summary>
public sealed class ServiceHost<TProgram>(
    TestServers servers, string connectionName, string database, string queuePrefix, bool temporaryQueues = true, string? messaging = null,
    IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TProgram>
    where TProgram : class
{
    public string DatabaseName => database;

    public string QueuePrefix => queuePrefix;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{connectionName}", servers.Database(database));
        builder.UseSetting("ConnectionStrings:messaging", messaging ?? servers.RabbitMq);
        builder.UseSetting("Messaging:QueuePrefix", queuePrefix);
        builder.UseSetting("Messaging:TemporaryQueues", temporaryQueues ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();
}

/// <summary>Unique, readable names for one test class's databases and queues.</summary>
public static class Isolation
{
    public static string Name(string testClass)
    {
        var readable = new string(testClass.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray());
        return $"t_{readable}_{Guid.NewGuid().ToString("N")[..12]}";
    }
}
