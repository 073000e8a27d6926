using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ProBono.IntegrationTests.Recruitment;
using ProBono.IntegrationTests.Security;

namespace ProBono.IntegrationTests.Operators;

/// <summary>
/// The traces operators look at: the background's root spans (the event store's daemon, the relay's polling) are
/// dropped unless <c>Telemetry:BackgroundSpans=true</c>, and a registration is still one trace from the gateway to
/// every consumer.
/// </summary>
public sealed class BackgroundSpansTests(TracedPlatformFixture platform) : IClassFixture<TracedPlatformFixture>
{
    [Fact]
    public async Task A_registration_at_the_gateway_is_one_trace_through_the_relay_to_Teams_and_Feedback_and_no_background_root_is_kept()
    {
        var staff = SecurePlatformFixture.Client(platform.Recruitment, Tokens.Staff());
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons",
            MarathonSchedulingTests.AMarathon("Traced", new { partnerId = "acme", name = "ACME", quota = 5 }));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);

        var acme = SecurePlatformFixture.Client(platform.Gateway, Tokens.Partner("acme"));
        var registered = await acme.PostAsJsonAsync($"/api/marathons/{id}/volunteers", new
        {
            employeeRef = "T1", firstName = "Ada", lastName = "Lovelace", email = "t1@acme.example",
            skills = new[] { "data" }, leadCapable = false, causePreferences = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // the gateway's own server span of the registration (in this process under the test client's span)
        var gatewayPort = platform.Gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var atTheGateway = await Eventually.Get(() => Task.FromResult(platform.Spans.Ended.FirstOrDefault(a =>
                a.Kind == ActivityKind.Server && a.Source.Name == "Microsoft.AspNetCore" && Tag(a, "server.port") == gatewayPort
                && Tag(a, "url.path") == $"/api/marathons/{id}/volunteers")),
            TimeSpan.FromSeconds(30), "the gateway's span of the registration");
        var trace = atTheGateway.TraceId;

        bool InTrace(Activity a) => a.TraceId == trace;
        bool Mentions(Activity a, string prefix) => a.DisplayName.Contains(prefix, StringComparison.Ordinal)
            || a.TagObjects.Any(t => t.Value?.ToString()?.Contains(prefix, StringComparison.Ordinal) == true);
        await Eventually.True(() => Task.FromResult(platform.Spans.Ended.Any(a =>
                InTrace(a) && a.Source.Name == "ProBono.Messaging" && a.DisplayName == "relay VolunteerConfirmed")),
            TimeSpan.FromSeconds(30), $"the relay's publish span in trace {trace}");
        await Eventually.True(() => Task.FromResult(platform.Spans.Ended.Any(a =>
                InTrace(a) && a.Kind == ActivityKind.Consumer && Mentions(a, platform.TeamsPrefix))),
            TimeSpan.FromSeconds(30), $"a consumer span of Teams in trace {trace}");
        await Eventually.True(() => Task.FromResult(platform.Spans.Ended.Any(a =>
                InTrace(a) && a.Kind == ActivityKind.Consumer && Mentions(a, platform.FeedbackPrefix))),
            TimeSpan.FromSeconds(30), $"a consumer span of Feedback in trace {trace}");

        // meanwhile the four daemons polled many times, and none of it was kept
        var background = platform.Spans.Ended.Where(BackgroundSpansTests.IsBackgroundRoot).ToList();
        Assert.True(background.Count == 0,
            $"background root spans kept: {string.Join(", ", background.Take(10).Select(a => $"{a.Source.Name}/{a.DisplayName}"))}");
    }

    [Fact]
    public async Task The_daemons_spans_are_dropped_by_default_and_kept_with_the_setting()
    {
        // separate processes: in one process every host's tracer sees every host's spans, so one setting would blur the other
        var servers = await TestServers.Get();
        await using var byDefault = new OtlpSink();
        await using var kept = new OtlpSink();
        await using var quiet = RecruitmentProcess(servers, byDefault, keepBackground: null);
        await using var verbose = RecruitmentProcess(servers, kept, keepBackground: "true");
        await Task.WhenAll(quiet.Start(), verbose.Start());

        // with the setting the daemon's high water mark spans come, several a second
        await Eventually.True(() => Task.FromResult(kept.Received("marten.daemon.highwatermark")),
            TimeSpan.FromSeconds(60), "the daemon's spans with Telemetry:BackgroundSpans=true");
        // by default a request's span comes, and after as long again still no daemon span
        using var staff = quiet.Client(Tokens.Staff());
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/marathons")).StatusCode);
        await Eventually.True(() => Task.FromResult(byDefault.Received("GET /api/marathons")),
            TimeSpan.FromSeconds(30), "the request's span by default");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the exporter's next batch or two, in which a daemon span would be
        Assert.False(byDefault.Received("marten.daemon"), "a daemon span was exported by default");
        Assert.False(byDefault.Received("relay "), "a relay span was exported by default");
    }

    internal static bool IsBackgroundRoot(Activity a) => a.ParentSpanId == default
        && (a.Source.Name is "Marten" or "Npgsql" or "ProBono.Messaging" || a.Source.Name.StartsWith("JasperFx", StringComparison.Ordinal));

    private static string? Tag(Activity a, string name) => a.TagObjects.FirstOrDefault(t => t.Key == name).Value?.ToString();

    private static ServiceProcess RecruitmentProcess(TestServers servers, OtlpSink sink, string? keepBackground)
    {
        var name = Isolation.Name("backgroundspans");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__recruitmentdb"] = servers.Database(name),
            ["ConnectionStrings__messaging"] = servers.RabbitMq,
            ["Messaging__QueuePrefix"] = name.Replace('_', '-'),
            ["Messaging__TemporaryQueues"] = "true",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_SERVICE_NAME"] = "recruitment",
        };
        if (keepBackground is not null)
        {
            environment["Telemetry__BackgroundSpans"] = keepBackground;
        }
        return new ServiceProcess("Recruitment", environment);
    }
}

/// <summary>What a host's tracer kept (recorded), as an exporter would get it.</summary>
public sealed class SpanCollector : BaseProcessor<Activity>
{
    public ConcurrentQueue<Activity> Ended { get; } = new();

    public override void OnEnd(Activity data)
    {
        if (data.Recorded)
        {
            Ended.Enqueue(data);
        }
    }
}

/// <summary>
/// An OTLP/HTTP endpoint that keeps the bodies it gets: a span's name is a plain string in the protobuf, which is all a
/// test needs to know what a process exported.
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<byte[]> bodies = new();
    private readonly Task loop;

    public OtlpSink()
    {
        var port = Ports.Free();
        Address = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Address + "/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    public string Address { get; }

    public bool Received(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return bodies.Any(body => body.AsSpan().IndexOf(needle) >= 0);
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            bodies.Enqueue(buffer.ToArray());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}

/// <summary>The gateway, Recruitment, Teams and Feedback on real ports, each host's tracer feeding one collector.</summary>
public sealed class TracedPlatformFixture : IAsyncLifetime
{
    private readonly KestrelHosts hosts = new();

    public SpanCollector Spans { get; } = new();

    public Uri Gateway { get; private set; } = null!;

    public Uri Recruitment { get; private set; } = null!;

    public string TeamsPrefix { get; private set; } = "";

    public string FeedbackPrefix { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name("tracedplatform");
        var prefix = name.Replace('_', '-');
        TeamsPrefix = $"{prefix}-teams";
        FeedbackPrefix = $"{prefix}-feedback";
        void Collect(IServiceCollection services) => services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(Spans));
        Recruitment = hosts.Start(new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{name}_r", $"{prefix}-recruitment", services: Collect));
        var services = new Dictionary<string, Uri>
        {
            ["recruitment"] = Recruitment,
            ["teams"] = hosts.Start(new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{name}_t", TeamsPrefix, services: Collect)),
            ["feedback"] = hosts.Start(new ServiceHost<FeedbackProgram>(servers, "feedbackdb", $"{name}_f", FeedbackPrefix, services: Collect)),
        };
        Gateway = hosts.Start(new GatewayHost(services, configureServices: Collect));
        await KestrelHosts.Healthy(services.Values);
    }

    public async Task DisposeAsync() => await hosts.DisposeAsync();
}
