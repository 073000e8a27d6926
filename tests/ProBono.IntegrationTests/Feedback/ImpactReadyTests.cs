using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.Feedback;

/// <summary>
/// Feedback alone (the broker connection plays Recruitment) with a clock the tests move, looked at by the survey clock
/// five times a second: a campaign's fortnight passes in an instant.
/// </summary>
public sealed class ClosingClockFixture : FeedbackFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string>? Settings =>
        new Dictionary<string, string> { ["Feedback:SurveyClockSeconds"] = "0.2" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);

    /// <summary>Another replica of this Feedback: the same database and clock, queues of its own.</summary>
    public async Task<ServiceHost<FeedbackProgram>> AnotherReplica()
    {
        var replica = new ServiceHost<FeedbackProgram>(Servers, "feedbackdb", Host.DatabaseName, $"{QueuePrefix}-b", settings: Settings,
            services: ConfigureServices);
        var anonymous = replica.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the other replica healthy");
        return replica;
    }
}

/// <summary>
/// When a marathon's surveys close, Feedback records it once in the campaign's stream and its relay publishes
/// <c>ImpactReady</c> once (what Webhooks sends partners as <c>impact.ready</c>), also with two replicas claiming at once.
/// Real PostgreSQL and RabbitMQ; the message is watched on the contract's exchange.
/// </summary>
public sealed class ImpactReadyTests(ClosingClockFixture feedback, ITestOutputHelper output) : IClassFixture<ClosingClockFixture>
{
    private const string Exchange = "probono:feedback:impact-ready:v1";

    private static bool Of(JsonElement message, Guid marathonId) => message.GetProperty("marathonId").GetGuid() == marathonId;

    /// <summary>A marathon with one partner, completed at Feedback's present: its campaign opens, closing 14 days on.</summary>
    private async Task<(Guid MarathonId, DateTimeOffset ClosesAt)> ACompletedMarathon()
    {
        var marathonId = await feedback.AMarathon("edf");
        await feedback.Status(marathonId, "completed", 5);
        var campaign = await Eventually.Get(async () =>
        {
            await using var query = feedback.Host.Store.QuerySession();
            return await query.LoadAsync<SurveyCampaign>(marathonId);
        }, TimeSpan.FromSeconds(30), "the campaign opened");
        return (marathonId, campaign!.Closing());
    }

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> ClosingsOf(Guid marathonId)
    {
        await using var query = feedback.Host.Store.QuerySession();
        return [.. (await query.Events.FetchStreamAsync(marathonId)).Where(e => e.Data is SurveysClosed)];
    }

    /// <summary>
    /// Nothing more of <paramref name="marathonId"/> is on its way: the relay has passed every event stored, and a marker
    /// published after its confirms came through the same queue.
    /// </summary>
    private async Task NothingMoreComes(ExchangeWatch watch)
    {
        var store = feedback.Host.Store;
        var highWater = (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;
        await Eventually.True(async () => (await store.Advanced.AllProjectionProgress())
                .Any(p => p.ShardName.StartsWith(IntegrationEventRelay.SubscriptionName, StringComparison.Ordinal) && p.Sequence >= highWater),
            TimeSpan.FromSeconds(30), "the relay past every stored event");
        var marker = Guid.NewGuid();
        await feedback.Broker.PublishEnvelope(Exchange, Exchange, Guid.NewGuid(), new { marathonId = marker, readyAt = DateTimeOffset.UtcNow, version = 1 });
        await watch.First(m => Of(m, marker), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task When_the_surveys_close_ImpactReady_is_published_once_with_the_campaigns_version()
    {
        var watch = await feedback.Broker.Watch(Exchange);
        var (marathonId, closesAt) = await ACompletedMarathon();

        // a minute before the closing, a look records nothing
        feedback.Time.SetUtcNow(closesAt.AddMinutes(-1));
        Assert.Equal(0, await SurveysClosing.Claim(feedback.Host.Store, closesAt.AddMinutes(-1), NullLogger.Instance, CancellationToken.None));
        Assert.Empty(await ClosingsOf(marathonId));

        var now = closesAt.AddMinutes(1);
        feedback.Time.SetUtcNow(now);
        var published = (await watch.First(m => Of(m, marathonId), TimeSpan.FromSeconds(30))).Message;
        var closing = Assert.Single(await ClosingsOf(marathonId));
        Assert.Equal(new SurveysClosed(marathonId, closesAt, now), closing.Data);
        Assert.Equal(closing.Version, published.GetProperty("version").GetInt64());
        Assert.Equal(now, published.GetProperty("readyAt").GetDateTimeOffset());

        // the clock keeps looking, and so does a look of our own: closed once is closed
        Assert.Equal(0, await SurveysClosing.Claim(feedback.Host.Store, now.AddDays(1), NullLogger.Instance, CancellationToken.None));
        feedback.Time.SetUtcNow(now.AddDays(1));
        await NothingMoreComes(watch);
        Assert.Equal(1, watch.Count(m => Of(m, marathonId)));
        Assert.Single(await ClosingsOf(marathonId));
    }

    [Fact]
    public async Task Two_Feedback_replicas_claiming_the_same_closing_at_once_record_and_publish_it_once()
    {
        await using var replica = await feedback.AnotherReplica();
        var watch = await feedback.Broker.Watch(Exchange);
        var (marathonId, closesAt) = await ACompletedMarathon();

        // besides both replicas' clocks, both claim at the very same moment, several times over
        var now = closesAt.AddMinutes(1);
        feedback.Time.SetUtcNow(now);
        var stores = new[] { feedback.Host.Store, replica.Store };
        var claimed = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            SurveysClosing.Claim(stores[i % 2], now, NullLogger.Instance, CancellationToken.None))));
        output.WriteLine($"closings recorded by the concurrent claims: {string.Join(", ", claimed)} (the clocks recorded the rest)");

        await watch.First(m => Of(m, marathonId), TimeSpan.FromSeconds(30));
        await NothingMoreComes(watch);
        Assert.Equal(1, watch.Count(m => Of(m, marathonId)));
        var closings = await ClosingsOf(marathonId);
        Assert.True(closings.Count == 1, $"closings: {string.Join(" | ", closings.Select(e => $"v{e.Version} {e.Data}"))}");
    }
}
