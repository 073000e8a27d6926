using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Faults;

/// <summary>One real service in-process, as <see cref="Infrastructure.ServiceHost{TProgram}"/>, on servers the fault test owns.</summary>
public sealed class FaultHost<TProgram>(
    string connectionName, string databaseConnectionString, string messaging, string queuePrefix, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<TProgram>
    where TProgram : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{connectionName}", databaseConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Messaging:QueuePrefix", queuePrefix);
        builder.UseSetting("Messaging:TemporaryQueues", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
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
}
