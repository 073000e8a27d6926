using System.Diagnostics;
using System.Text.Json.Nodes;
using Marten;
using ProBono.IntegrationTests.OldEvents;
using ProBono.Recruitment.Volunteers;

namespace ProBono.IntegrationTests.Rebuild;

/// <summary>
/// The time to rebuild the read models of a large store (tools/rebuild/bench.sh; off unless PROBONO_REBUILD_BENCH names
/// the number of volunteers): a Recruitment store of that many volunteers over 10 partners' rosters, a Needs store of
/// 1,000 needs (submitted, qualified, published), loaded as raw event rows (today's shapes, from OldEvents/fixtures),
/// then POST /admin/rebuild on each. Writes its figures as JSON to PROBONO_REBUILD_BENCH_OUT.
/// </summary>
public sealed class RebuildBench
{
    [SkippableFact]
    public async Task Rebuild_a_large_recruitment_and_needs_store()
    {
        Skip.IfNot(int.TryParse(Environment.GetEnvironmentVariable("PROBONO_REBUILD_BENCH"), out var volunteers), "PROBONO_REBUILD_BENCH=<volunteers> runs it");
        const int needs = 1_000;
        var servers = await TestServers.Get();
        var figures = new Dictionary<string, object>
        {
            ["volunteers"] = volunteers, ["needs"] = needs, ["machine"] = $"{Environment.ProcessorCount} cores",
        };

        var recruitmentName = Isolation.Name("rebuildbenchrecruitment");
        await using (var recruitment = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", recruitmentName, recruitmentName))
        {
            var store = recruitment.Store;
            var marathonId = Guid.NewGuid();
            var fixtures = Path.Combine(Checkout.Root, "tests", "ProBono.IntegrationTests", "OldEvents", "fixtures", "recruitment");
            var roster = Template(fixtures, "RosterOpened");
            var registered = Template(fixtures, "VolunteerRegistered");
            await using (var session = store.LightweightSession())
            {
                for (var p = 0; p < 10; p++)
                {
                    var data = JsonNode.Parse(roster.Data.GetRawText())!;
                    data["rosterId"] = RosterIds.Roster(marathonId, $"p{p}");
                    data["marathonId"] = marathonId;
                    data["partnerId"] = $"p{p}";
                    data["quota"] = volunteers;
                    await StoredEvent.Insert(store, [roster with { StreamId = RosterIds.Roster(marathonId, $"p{p}"), Data = JsonSerializer.SerializeToElement(data) }]);
                }
                var schema = store.Options.Events.DatabaseSchemaName;
                var ids = $"md5('{marathonId:N}/' || i)::uuid";
                session.QueueSqlCommand($"insert into {schema}.mt_streams (id, type, version, timestamp, created) select {ids}, 'volunteer', 1, now(), now() from generate_series(1, ?) i", volunteers);
                session.QueueSqlCommand(
                    $"""
                     insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type)
                     select nextval('{schema}.mt_events_sequence'), gen_random_uuid(), {ids}, 1,
                            ?::jsonb || jsonb_build_object('volunteerId', {ids}, 'marathonId', ?::text, 'partnerId', 'p' || (i % 10),
                                                           'employeeRef', 'E' || i, 'status', 'Confirmed', 'arrival', i / 10 + 1, 'email', null, 'lastName', null),
                            ?, now(), ?
                     from generate_series(1, ?) i
                     """,
                    registered.Data.GetRawText(), marathonId.ToString(), registered.Type, registered.DotnetType, volunteers);
                await session.SaveChangesAsync();
            }
            figures["recruitmentEvents"] = volunteers + 10;
            figures["recruitmentRebuild"] = await Rebuilt(recruitment.ClientWith(Tokens.Staff()));
        }

        var needsName = Isolation.Name("rebuildbenchneeds");
        await using (var needsHost = new ServiceHost<NeedsProgram>(servers, "needsdb", needsName, needsName))
        {
            var store = needsHost.Store;
            var fixtures = Path.Combine(Checkout.Root, "tests", "ProBono.IntegrationTests", "OldEvents", "fixtures", "needs");
            var history = new[] { "NeedSubmitted", "NeedQualified", "NeedPublished" }.Select(t => Template(fixtures, t)).ToList();
            var events = new List<StoredEvent>();
            for (var n = 0; n < needs; n++)
            {
                var needId = Guid.NewGuid();
                events.AddRange(history.Select((e, i) =>
                {
                    var data = JsonNode.Parse(e.Data.GetRawText())!;
                    data["needId"] = needId;
                    return e with { StreamId = needId, Sequence = n * 3 + i, Data = JsonSerializer.SerializeToElement(data) };
                }));
            }
            await StoredEvent.Insert(store, events);
            figures["needsEvents"] = events.Count;
            figures["needsRebuild"] = await Rebuilt(needsHost.ClientWith(Tokens.Staff()));
        }

        var output = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
        Console.WriteLine(output);
        if (Environment.GetEnvironmentVariable("PROBONO_REBUILD_BENCH_OUT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, output);
        }
    }

    private static StoredEvent Template(string folder, string type) =>
        JsonSerializer.Deserialize<StoredEvent>(File.ReadAllText(Path.Combine(folder, $"{type}.json")), StoredEvent.Json)!;

    private static async Task<JsonElement> Rebuilt(HttpClient staff)
    {
        staff.Timeout = TimeSpan.FromHours(1);
        var clock = Stopwatch.StartNew();
        var response = await staff.PostAsync("/admin/rebuild", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"rebuild: {(int)response.StatusCode} {body}");
        var result = JsonSerializer.Deserialize<JsonElement>(body);
        Console.WriteLine($"rebuilt in {clock.Elapsed.TotalSeconds:F1} s: {body}");
        return result;
    }
}
