using System.Reflection;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.IntegrationTests.OldEvents;

/// <summary>
/// Events are a contract with the past (docs/adr/0021-events-are-a-contract-with-the-past.md): OldEvents/fixtures holds
/// one event of every domain event type of each service as its store holds it (<c>mt_events.type</c>,
/// <c>mt_dotnet_type</c>, <c>data</c>). Each is put back as a raw row into a fresh store of its service, then read
/// through the service's own code: every member must come back, every stream must fold into its aggregate, and every
/// projection must rebuild over them. A change of an event's shape that an old event does not survive fails here.
/// </summary>
public sealed class OldEventTests
{
    /// <summary>Set to 1 to write the fixture of each event type that has none yet (an existing fixture is never rewritten).</summary>
    private const string WriteVariable = "PROBONO_WRITE_EVENT_FIXTURES";

    public static TheoryData<string> Services => ["needs", "recruitment", "teams", "feedback", "webhooks"];

    private static Assembly AssemblyOf(string service) => service switch
    {
        "needs" => typeof(NeedsProgram).Assembly,
        "recruitment" => typeof(RecruitmentProgram).Assembly,
        "teams" => typeof(TeamsProgram).Assembly,
        "webhooks" => typeof(WebhooksProgram).Assembly,
        _ => typeof(FeedbackProgram).Assembly,
    };

    private static async Task<(IServiceProvider Services, IAsyncDisposable Host)> Start(string service)
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name($"oldevents{service}");
        return service switch
        {
            "needs" => Started(new ServiceHost<NeedsProgram>(servers, "needsdb", name, name)),
            "recruitment" => Started(new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", name, name)),
            "teams" => Started(new ServiceHost<TeamsProgram>(servers, "teamsdb", name, name)),
            "webhooks" => Started(new ServiceHost<WebhooksProgram>(servers, "webhooksdb", name, name)),
            _ => Started(new ServiceHost<FeedbackProgram>(servers, "feedbackdb", name, name)),
        };
    }

    private static (IServiceProvider, IAsyncDisposable) Started<T>(ServiceHost<T> host) where T : class
    {
        _ = host.Server; // migrations, daemon, bus
        return (host.Services, host);
    }

    private static string Folder(string service) => Path.Combine(Checkout.Root, "tests", "ProBono.IntegrationTests", "OldEvents", "fixtures", service);

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_domain_event_type_has_its_old_event(string service)
    {
        var types = DomainEvents.Of(AssemblyOf(service));
        var fixtures = StoredEvent.All(Folder(service)).Select(e => e.DotnetType).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(types);
        var missing = types.Where(t => !fixtures.Contains($"{t.FullName}, {t.Assembly.GetName().Name}")).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0,
            $"{service}: these event types have no fixture in OldEvents/fixtures/{service}; write them with {WriteVariable}=1 "
            + $"dotnet test --filter OldEventTests.Write (docs/adr/0021): {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Old_events_load_fold_and_rebuild_every_projection(string service)
    {
        var stored = StoredEvent.All(Folder(service));
        Assert.NotEmpty(stored);
        var (services, host) = await Start(service);
        await using var _ = host;
        var store = services.GetRequiredService<IDocumentStore>();
        await StoredEvent.Insert(store, stored);

        await using var session = store.QuerySession();
        foreach (var stream in stored.GroupBy(e => e.StreamId))
        {
            var loaded = await session.Events.FetchStreamAsync(stream.Key);
            Assert.Equal(stream.Count(), loaded.Count);
            foreach (var (old, now) in stream.Zip(loaded))
            {
                var expected = (old.LoadsAs ?? old.Data).GetRawText();
                var actual = store.Options.Serializer().ToJson(now.Data);
                var same = await session.AdvancedSql.QueryAsync<bool>("select ?::jsonb = ?::jsonb", CancellationToken.None, expected, actual);
                Assert.True(same.Single(), $"{service}: an old {old.Type} ({old.DotnetType}) no longer loads as it was stored:\nstored {expected}\nloads  {actual}");
            }
            if (stream.First().Aggregate is { } aggregateName)
            {
                var aggregate = AssemblyOf(service).GetType(aggregateName, throwOnError: true)!;
                var fold = typeof(OldEventTests).GetMethod(nameof(Fold), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(aggregate);
                Assert.True(await (Task<bool>)fold.Invoke(null, [session, stream.Key])!, $"{service}: stream {stream.Key} no longer folds into a {aggregate.Name}");
            }
        }

        var rebuilt = await ProjectionRebuild.RebuildAll(services, CancellationToken.None);
        Assert.NotEmpty(rebuilt);
        var documents = rebuilt.ToDictionary(p => p.Document, p => p.Documents);
        foreach (var aggregate in stored.Select(e => e.Aggregate).OfType<string>().Distinct())
        {
            var name = aggregate[(aggregate.LastIndexOf('.') + 1)..];
            if (documents.TryGetValue(name, out var count))
            {
                Assert.True(count > 0, $"{service}: rebuilding the {name} projection over old events left no document");
            }
        }
    }

    private static async Task<bool> Fold<T>(IQuerySession session, Guid streamId) where T : class =>
        await session.Events.AggregateStreamAsync<T>(streamId) is not null;

    /// <summary>Writes the fixture of every event type without one: a sample of it appended by Marten, read back raw.</summary>
    [SkippableTheory]
    [MemberData(nameof(Services))]
    public async Task Write_the_missing_fixtures(string service)
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(WriteVariable) == "1", $"{WriteVariable}=1 writes the fixtures");
        var assembly = AssemblyOf(service);
        var folder = Folder(service);
        Directory.CreateDirectory(folder);
        var existing = StoredEvent.All(folder);
        var have = existing.Select(e => e.DotnetType).ToHashSet(StringComparer.Ordinal);
        var (services, host) = await Start(service);
        await using var _ = host;
        var store = services.GetRequiredService<IDocumentStore>();

        var aggregates = new Dictionary<Guid, string>();
        var placed = new HashSet<Type>();
        await using (var session = store.LightweightSession())
        {
            foreach (var (aggregate, starts, applies) in DomainEvents.Aggregates(assembly))
            {
                var events = starts.Concat(applies).Where(placed.Add).ToList();
                if (events.Count == 0 || !starts.Contains(events[0]))
                {
                    continue;
                }
                var first = SampleValues.Of(events[0]);
                var created = aggregate.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Single(m => m.Name == "Create" && m.GetParameters()[0].ParameterType == events[0]).Invoke(null, [first])!;
                var id = (Guid)aggregate.GetProperty("Id")!.GetValue(created)!;
                session.Events.StartStream(aggregate, id, [first, .. events.Skip(1).Select(SampleValues.Of)]);
                aggregates[id] = aggregate.FullName!;
            }
            foreach (var loose in DomainEvents.Of(assembly).Where(placed.Add))
            {
                session.Events.StartStream(Guid.NewGuid(), SampleValues.Of(loose));
            }
            await session.SaveChangesAsync();
        }

        var next = existing.Count == 0 ? 1 : existing.Max(e => e.Sequence) + 1;
        foreach (var row in await StoredEvent.Read(store))
        {
            if (have.Add(row.DotnetType))
            {
                var fixture = row with { Aggregate = aggregates.GetValueOrDefault(row.StreamId), Sequence = next++ };
                var name = row.DotnetType.Split(',')[0].Split('.')[^1];
                await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.json"), JsonSerializer.Serialize(fixture, StoredEvent.Json) + "\n");
            }
        }
    }
}

/// <summary>
/// One row of <c>mt_events</c> as a fixture: what Marten stored (type alias, .NET type, stream, data) and, in
/// <see cref="Aggregate"/>, what the stream folds into. <see cref="LoadsAs"/> is set only once an upcaster changes what
/// an old event loads as: <see cref="Data"/> and <see cref="Type"/> are never edited.
/// </summary>
internal sealed record StoredEvent(
    string Type, string DotnetType, Guid StreamId, string? StreamType, string? Aggregate, long Sequence, JsonElement Data, JsonElement? LoadsAs = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable in a diff: "+01:00", "é"
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IReadOnlyList<StoredEvent> All(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
                .Select(f => JsonSerializer.Deserialize<StoredEvent>(File.ReadAllText(f), Json)!)
                .OrderBy(e => e.Sequence)]
            : [];

    /// <summary>The rows as Marten wrote them, in order.</summary>
    public static async Task<IReadOnlyList<StoredEvent>> Read(IDocumentStore store)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var session = store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"""
             select json_build_object('type', e.type, 'dotnetType', e.mt_dotnet_type, 'streamId', e.stream_id, 'streamType', s.type,
                                      'sequence', e.seq_id, 'data', e.data)::text
             from {schema}.mt_events e join {schema}.mt_streams s on s.id = e.stream_id order by e.seq_id
             """, CancellationToken.None);
        return [.. rows.Select(r => JsonSerializer.Deserialize<StoredEvent>(r, Json)!)];
    }

    /// <summary>Puts the old events back as raw rows, stream by stream, in their order, each stream's versions from 1.</summary>
    public static async Task Insert(IDocumentStore store, IReadOnlyList<StoredEvent> events)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var session = store.LightweightSession();
        foreach (var stream in events.GroupBy(e => e.StreamId))
        {
            session.QueueSqlCommand(
                $"insert into {schema}.mt_streams (id, type, version, timestamp, created) values (?, ?, ?, now(), now())",
                stream.Key, stream.First().StreamType ?? (object)DBNull.Value, (long)stream.Count());
        }
        var versions = new Dictionary<Guid, long>();
        foreach (var e in events.OrderBy(e => e.Sequence))
        {
            var version = versions[e.StreamId] = versions.GetValueOrDefault(e.StreamId) + 1;
            session.QueueSqlCommand(
                $"""
                 insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type)
                 values (nextval('{schema}.mt_events_sequence'), ?, ?, ?, ?::jsonb, ?, now(), ?)
                 """,
                Guid.NewGuid(), e.StreamId, version, e.Data.GetRawText(), e.Type, e.DotnetType);
        }
        await session.SaveChangesAsync();
    }
}
