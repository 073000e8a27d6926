namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>
/// One service under test with its own database and queues, and a raw broker connection that plays the other services:
/// it sends their events straight to this service's queues (<see cref="Deliver"/> waits until the service consumed them,
/// <see cref="Send"/> does not). Each test class gets its own through <c>IClassFixture</c>.
/// </summary>
public abstract class ServiceFixture<TProgram>(string connectionName, string isolationName) : IAsyncLifetime
    where TProgram : class
{
    private ConsumeWatch consumed = null!;

    public ServiceHost<TProgram> Host { get; private set; } = null!;

    public RawBroker Broker { get; private set; } = null!;

    public TestServers Servers { get; private set; } = null!;

    /// <summary>The prefix of the service's queues, as MassTransit spells it.</summary>
    public string QueuePrefix { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        Servers = await TestServers.Get();
        var name = Isolation.Name(isolationName);
        QueuePrefix = name.Replace('_', '-');
        Host = new ServiceHost<TProgram>(Servers, connectionName, name, QueuePrefix, settings: SettingsFor(name), services: ConfigureServices);
        Broker = await RawBroker.Connect(Servers);
        var anonymous = Host.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), $"{typeof(TProgram).Namespace} healthy");
        consumed = ConsumeWatch.On(Host.Services);
    }

    public virtual async Task DisposeAsync()
    {
        consumed.Dispose();
        await Broker.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>More settings for the service (e.g. its SMTP server); none by default.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    /// <summary>Services replaced after the service's own (e.g. a clock the test moves); none by default.</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    /// <summary>The settings, knowing the isolation name (the database's); <see cref="Settings"/> by default.</summary>
    protected virtual IReadOnlyDictionary<string, string>? SettingsFor(string name) => Settings;

    public HttpClient Staff => Host.ClientWith(Tokens.Staff());

    public HttpClient Anonymous => Host.ClientWith(null);

    public HttpClient Partner(string partnerId) => Host.ClientWith(Tokens.Partner(partnerId));

    /// <summary>Sends an upstream event to the consumer <paramref name="consumer"/> (its queue's name without the prefix) and waits until it is consumed.</summary>
    public async Task Deliver(string consumer, string messageUrn, object message)
    {
        var id = Guid.NewGuid();
        await Send(consumer, messageUrn, id, message);
        await consumed.Consumed(id, 1);
    }

    /// <summary>Sends an upstream event under <paramref name="messageId"/> without waiting (e.g. the same message twice).</summary>
    public Task Send(string consumer, string messageUrn, Guid messageId, object message) =>
        Broker.SendEnvelope($"{QueuePrefix}-{consumer}", messageUrn, messageId, message);
}
