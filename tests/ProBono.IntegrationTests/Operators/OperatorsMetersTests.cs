using System.Diagnostics;
using System.Net.Http.Headers;
using JasperFx.Events.Daemon;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProBono.IntegrationTests.Recruitment;
using RabbitMQ.Client;

namespace ProBono.IntegrationTests.Operators;

/// <summary>
/// The operators' meters record what happens in the real services (each test would fail if its hook were removed),
/// and one registration's trace reaches Teams' consumer through RabbitMQ.
/// </summary>
public sealed class OperatorsMetersTests(OperatorsFixture platform) : IClassFixture<OperatorsFixture>
{
    private static HttpClient Staff<T>(WebApplicationFactory<T> host) where T : class => With(host, Tokens.Staff());

    private static HttpClient With<T>(WebApplicationFactory<T> host, string token) where T : class
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Guid> AnOpenMarathon(string partnerId, int quota)
    {
        var staff = Staff(platform.Recruitment);
        var response = await staff.PostAsJsonAsync("/admin/marathons",
            MarathonSchedulingTests.AMarathon("Operators", new { partnerId, name = partnerId.ToUpperInvariant(), quota }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    private static object AVolunteer(string employeeRef) => new
    {
        employeeRef, firstName = "Ada", lastName = "Lovelace", email = $"{employeeRef}@acme.example",
        skills = new[] { "data" }, leadCapable = false, causePreferences = Array.Empty<string>(),
    };

    [Fact]
    public async Task Each_new_registration_is_counted_by_its_outcome_one_by_one_and_in_bulk()
    {
        using var meters = new MeterRecorder(platform.Recruitment.Services);
        var id = await AnOpenMarathon("acme", quota: 1);
        var acme = With(platform.Recruitment, Tokens.Partner("acme"));

        Assert.Equal(HttpStatusCode.Created, (await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers", AVolunteer("E1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers", AVolunteer("E2"))).StatusCode);
        // the same employee again is no new registration
        Assert.Equal(HttpStatusCode.OK, (await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers", AVolunteer("E2"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers/bulk",
            new[] { AVolunteer("E3"), AVolunteer("E4"), AVolunteer("E1") })).StatusCode);

        var registrations = meters.Of("probono.registrations");
        Assert.Equal(1, registrations.Where(r => r.Tag("outcome") == "confirmed").Sum(r => r.Value));
        Assert.Equal(3, registrations.Where(r => r.Tag("outcome") == "waitlisted").Sum(r => r.Value));
    }

    [Fact]
    public async Task Relay_lag_counts_the_events_not_yet_published_and_falls_back_to_zero()
    {
        using var meters = new MeterRecorder(platform.Recruitment.Services);
        var coordinator = platform.Recruitment.Services.GetRequiredService<IProjectionCoordinator>();
        double Lag() => meters.Observe("probono.relay.lag").Single(r => r.Tag("service") == "ProBono.Recruitment").Value;
        await Eventually.True(() => Task.FromResult(meters.Observe("probono.relay.lag").Count == 1), TimeSpan.FromSeconds(30), "the relay lag gauge");

        await coordinator.PauseAsync();
        try
        {
            await AnOpenMarathon("globex", quota: 5); // two events: scheduled, registration opened
            await Eventually.True(() => Task.FromResult(Lag() >= 2), TimeSpan.FromSeconds(30), "the relay lag to count the two events");
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        await Eventually.True(() => Task.FromResult(Lag() == 0), TimeSpan.FromSeconds(60), "the relay lag back to 0 once the relay runs");
    }

    [Fact]
    public async Task Each_consumer_queue_reports_the_messages_ready_in_it()
    {
        // a Teams of its own with durable queues, whose bus is stopped: what is sent to its queue waits there
        var name = Isolation.Name("operatorsqueues");
        var prefix = name.Replace('_', '-');
        await using var host = new ServiceHost<TeamsProgram>(platform.Servers, "teamsdb", name, prefix, temporaryQueues: false);
        await using var teams = host.WithWebHostBuilder(b => b.UseSetting("Telemetry:BacklogPollSeconds", OperatorsFixture.FastPoll));
        using var meters = new MeterRecorder(teams.Services);
        await Eventually.True(async () => (await teams.CreateClient().GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Teams healthy");
        var queue = $"{prefix}-marathon-scheduled";
        IReadOnlyList<MeterRecorder.Recorded> depths = [];
        await Eventually.True(() => Task.FromResult((depths = meters.Observe("probono.messaging.queue.ready")).Any(d => d.Tag("queue") == queue)),
            TimeSpan.FromSeconds(30), "a depth for each of Teams' queues");
        Assert.All(depths, d => Assert.StartsWith(prefix, d.Tag("queue")));
        try
        {
            await teams.Services.GetRequiredService<IBusControl>().StopAsync();
            // the bus may still have been connecting this queue's consumer (slow under load): send only once RabbitMQ
            // says nobody consumes it, or the messages are taken and the depth never reaches 3
            await using (var probe = await new ConnectionFactory { Uri = new Uri(platform.Servers.RabbitMq) }.CreateConnectionAsync())
            {
                await Eventually.True(async () =>
                {
                    await using var channel = await probe.CreateChannelAsync();
                    return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount == 0;
                }, TimeSpan.FromSeconds(30), "Teams' consumer gone from the queue");
            }
            // every publish of a MarathonScheduled on this broker (other test classes') reaches the queue through its
            // exchange, bound to the contract's: without that exchange only what is sent to the queue by name lands in it
            await using (var cut = await new ConnectionFactory { Uri = new Uri(platform.Servers.RabbitMq) }.CreateConnectionAsync())
            await using (var channel = await cut.CreateChannelAsync())
            {
                await channel.ExchangeDeleteAsync(queue);
                await channel.QueuePurgeAsync(queue);
            }
            await using var broker = await RawBroker.Connect(platform.Servers);
            // as another test class would: published to the contract's exchange, it must not reach the queue any more
            await broker.PublishEnvelope("probono:recruitment:marathon-scheduled:v1", "probono:recruitment:marathon-scheduled:v1", Guid.NewGuid(), new { marathonId = Guid.NewGuid() });
            for (var i = 0; i < 3; i++)
            {
                await broker.SendEnvelope(queue, "probono:recruitment:marathon-scheduled:v1", Guid.NewGuid(), new { marathonId = Guid.NewGuid() });
            }

            double? last = null;
            try
            {
                await Eventually.True(() => Task.FromResult((last = meters.Observe("probono.messaging.queue.ready").SingleOrDefault(d => d.Tag("queue") == queue)?.Value) == 3),
                    TimeSpan.FromSeconds(60), "the three messages counted in the queue");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} (the gauge last said {last?.ToString() ?? "nothing"})", e);
            }
        }
        finally
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(platform.Servers.RabbitMq) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            foreach (var q in depths.Select(d => d.Tag("queue")!))
            {
                await channel.QueueDeleteAsync(q);
                await channel.ExchangeDeleteAsync(q);
            }
        }
    }

    [Fact]
    public async Task A_marathon_scheduled_in_Recruitment_is_consumed_by_Teams_in_the_same_trace_and_its_formation_is_timed()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                lock (seen)
                {
                    seen.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var meters = new MeterRecorder(platform.Teams.Services);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/marathons")
        {
            Content = JsonContent.Create(MarathonSchedulingTests.AMarathon("Traced")),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await Staff(platform.Recruitment).SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();

        // Teams consumed the event in the trace of the request that scheduled the marathon
        var teamsStaff = Staff(platform.Teams);
        await Eventually.True(async () => (await teamsStaff.PostAsync($"/admin/marathons/{id}/formation", null)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "Teams to know the marathon");
        bool InTeams(Activity a) => a.DisplayName.Contains(platform.TeamsQueuePrefix, StringComparison.Ordinal)
            || a.TagObjects.Any(t => t.Value?.ToString()?.Contains(platform.TeamsQueuePrefix, StringComparison.Ordinal) == true);
        lock (seen)
        {
            Assert.True(seen.Any(a => a.Kind == ActivityKind.Consumer && a.TraceId == traceId && InTeams(a)),
                $"no MassTransit consumer span of Teams in trace {traceId}; seen: {string.Join(", ", seen.Select(a => $"{a.DisplayName} ({a.Kind})"))}");
        }

        var solve = meters.Of("probono.formation.solve_time");
        Assert.NotEmpty(solve);
        Assert.All(solve, s => Assert.Contains(s.Tag("method"), new[] { "flow", "greedy", "exact" }));
    }
}
