using System.Text;
using JasperFx.Events;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ProBono.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// A page of many streams published concurrently through a real RabbitMQ with publisher confirms: each stream in order,
/// every message queued when the page returns (the checkpoint would be saved then), each under its event's id.
/// The page's pace is printed, a figure, not an assertion.
/// </summary>
public sealed class RelayOrderingTests(ITestOutputHelper output)
{
    private const string Exchange = "probono:tests:relay-tick:v1";
    private const int Streams = 120;
    private const int Versions = 5;

    [MessageUrn("probono:tests:relay-tick:v1")]
    public sealed record RelayTick(Guid Stream, int N, string Run);

    private sealed record Ticked(int N);

    private sealed class TickMap : IntegrationEventMap
    {
        public TickMap(string run) => On<Ticked>(e => new RelayTick(e.StreamId, e.Data.N, run));
    }

    [Fact]
    public async Task Each_stream_arrives_in_order_and_the_whole_page_is_queued_when_the_relay_returns()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("relayorder");
        await using var connection = await new ConnectionFactory { Uri = new Uri(servers.RabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = (await channel.QueueDeclareAsync($"{run}-watch", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, Exchange, routingKey: "");

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(servers.RabbitMq), run, h => h.PublisherConfirmation = true);
            cfg.MessageTopology.SetEntityNameFormatter(new UrnEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter));
        });
        await bus.StartAsync();
        try
        {
            // PROBONO_BENCH_RELAY_PARALLELISM prints the pace at another bound; the assertions hold for any
            var parallelism = Environment.GetEnvironmentVariable("PROBONO_BENCH_RELAY_PARALLELISM") ?? "32";
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Relay:Parallelism"] = parallelism })
                .Build();
            var relay = new IntegrationEventRelay(bus, new TickMap(run), NullLogger<IntegrationEventRelay>.Instance, configuration);
            var page = Page();
            await relay.PublishPage(Page(streams: 1), CancellationToken.None); // the exchange is declared on the first publish: not timed
            await channel.QueuePurgeAsync(queue);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await relay.PublishPage(page, CancellationToken.None);
            output.WriteLine($"{page.Count} messages of {Streams} streams confirmed in {clock.Elapsed.TotalSeconds:F2} s ({page.Count / clock.Elapsed.TotalSeconds:F0}/s), {parallelism} stream(s) at a time");

            // confirmed = routed to the bound queue: nothing may still be on its way once the page has returned
            Assert.Equal((uint)page.Count, await channel.MessageCountAsync(queue));
            var arrived = new List<(Guid Stream, long Version, Guid MessageId)>();
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
            {
                var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement;
                arrived.Add((
                    envelope.GetProperty("message").GetProperty("stream").GetGuid(),
                    envelope.GetProperty("headers").GetProperty("ProBono-Stream-Version").GetInt64(),
                    envelope.GetProperty("messageId").GetGuid()));
            }

            Assert.Equal(page.Select(e => e.Id).Order(), arrived.Select(a => a.MessageId).Order()); // each once, id = event id
            Assert.All(arrived.GroupBy(a => a.Stream), stream =>
                Assert.Equal(Enumerable.Range(1, Versions).Select(v => (long)v), stream.Select(a => a.Version)));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>A page in commit order, streams interleaved: version 1 of every stream, then version 2, and so on.</summary>
    private static List<IEvent> Page(int streams = Streams)
    {
        var ids = Enumerable.Range(0, streams).Select(_ => Guid.NewGuid()).ToList();
        var page = new List<IEvent>();
        var sequence = 0L;
        for (var version = 1; version <= Versions; version++)
        {
            foreach (var stream in ids)
            {
                page.Add(new JasperFx.Events.Event<Ticked>(new Ticked(version)) { Id = Guid.NewGuid(), StreamId = stream, Version = version, Sequence = ++sequence });
            }
        }
        return page;
    }
}
