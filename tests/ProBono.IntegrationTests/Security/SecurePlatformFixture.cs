using System.Net.Http.Headers;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// The services and the gateway, each on a real Kestrel port (Kestrel's own refusals, 414 and 431, exist only
/// there), talking over the shared broker under queue prefixes of their own, as the AppHost runs them.
/// </summary>
public sealed class SecurePlatformFixture : IAsyncLifetime
{
    private readonly KestrelHosts hosts = new();

    /// <summary>Each service's name (as the gateway's clusters and OpenAPI documents name it) and base address.</summary>
    public Dictionary<string, Uri> Services { get; } = [];

    public Uri Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name("security");
        var prefix = name.Replace('_', '-');
        Services["recruitment"] = hosts.Start(new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{name}_r", $"{prefix}-recruitment"));
        Services["needs"] = hosts.Start(new ServiceHost<NeedsProgram>(servers, "needsdb", $"{name}_n", $"{prefix}-needs"));
        Services["teams"] = hosts.Start(new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{name}_t", $"{prefix}-teams"));
        // the names of the documents partners take home are asked of this Recruitment (its temporary queue)
        Services["feedback"] = hosts.Start(new ServiceHost<FeedbackProgram>(servers, "feedbackdb", $"{name}_f", $"{prefix}-feedback", settings: new Dictionary<string, string>
        {
            ["Feedback:VolunteerNames"] = $"exchange:{prefix}-recruitment-find-volunteer-names?durable=false&autodelete=true",
        }));
        Services["webhooks"] = hosts.Start(new ServiceHost<WebhooksProgram>(servers, "webhooksdb", $"{name}_w", $"{prefix}-webhooks"));

        Gateway = hosts.Start(new GatewayHost(Services));
        await KestrelHosts.Healthy(Services.Values);
    }

    public async Task DisposeAsync() => await hosts.DisposeAsync();

    /// <summary>A real HTTP client to <paramref name="address"/>, with a bearer token when given.</summary>
    public static HttpClient Client(Uri address, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}

/// <summary>The security tests share one platform (six hosts are costly on two cores); each prepares its own data.</summary>
[CollectionDefinition(Name)]
public sealed class SecurePlatformCollection : ICollectionFixture<SecurePlatformFixture>
{
    public const string Name = "secure-platform";
}
