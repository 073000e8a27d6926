using Marten;
using ProBono.IntegrationTests.Recruitment;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>The four services, each with its own database and queues, exchanging real events over RabbitMQ.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public ServiceHost<RecruitmentProgram> Recruitment { get; private set; } = null!;
    public ServiceHost<NeedsProgram> Needs { get; private set; } = null!;
    public ServiceHost<TeamsProgram> Teams { get; private set; } = null!;
    public ServiceHost<FeedbackProgram> Feedback { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("flow");
        Recruitment = new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{run}_recruitment", $"{run}-recruitment");
        Needs = new ServiceHost<NeedsProgram>(servers, "needsdb", $"{run}_needs", $"{run}-needs");
        Teams = new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{run}_teams", $"{run}-teams");
        Feedback = new ServiceHost<FeedbackProgram>(servers, "feedbackdb", $"{run}_feedback", $"{run}-feedback");
        _ = Needs.Server;
        _ = Teams.Server;
        _ = Feedback.Server;
        _ = Recruitment.Server;
        // consumers must have bound their queues before the first event is published
        foreach (var client in new[] { Needs.ClientWith(null), Teams.ClientWith(null), Feedback.ClientWith(null), Recruitment.ClientWith(null) })
        {
            await ProBono.Testing.Eventually.True(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "every service healthy");
        }
    }

    public async Task DisposeAsync()
    {
        await Recruitment.DisposeAsync();
        await Needs.DisposeAsync();
        await Teams.DisposeAsync();
        await Feedback.DisposeAsync();
    }
}

public sealed class MarathonEventFlowTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static async Task<JsonElement?> Seen(HttpClient staff, string path)
    {
        var response = await staff.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    /// <summary>What a service's admin endpoint shows once it has heard of the marathon.</summary>
    private static async Task<JsonElement> Eventually(HttpClient staff, string path, string what) =>
        (JsonElement)await ProBono.Testing.Eventually.Get(async () => await Seen(staff, path) is { } found ? (object)found : null, what: what);

    [Fact]
    public async Task A_scheduled_marathon_reaches_Needs_Teams_and_Feedback_read_models()
    {
        var staff = platform.Recruitment.ClientWith(Tokens.Staff());
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Flow"));
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();

        var teams = await Eventually(platform.Teams.ClientWith(Tokens.Staff()), $"/admin/marathons/{id}", "Teams to record the marathon");
        var needs = await Eventually(platform.Needs.ClientWith(Tokens.Staff()), $"/admin/marathons/{id}", "Needs to record the marathon");
        var feedback = await Eventually(platform.Feedback.ClientWith(Tokens.Staff()), $"/admin/marathons/{id}", "Feedback to record the marathon");

        Assert.Equal(3, teams.GetProperty("maxSameCompanyPerTeam").GetInt32());
        Assert.Equal("Flow", needs.GetProperty("name").GetString());
        Assert.Equal(80m, feedback.GetProperty("hourlyValueEur").GetDecimal());
        Assert.Equal(7, feedback.GetProperty("hoursPerVolunteer").GetInt32());
    }

    [Fact]
    public async Task Status_changes_follow_the_marathon_into_the_other_services()
    {
        var staff = platform.Recruitment.ClientWith(Tokens.Staff());
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Status flow"));
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        await staff.PostAsync($"/admin/marathons/{id}/open-registration", null);
        await staff.PostAsync($"/admin/marathons/{id}/close-registration", null);

        var teamsStaff = platform.Teams.ClientWith(Tokens.Staff());
        await ProBono.Testing.Eventually.True(async () => (await Seen(teamsStaff, $"/admin/marathons/{id}"))?.GetProperty("status").GetString() == "registration-closed",
            what: "Teams to see registration closed");
    }

    [Fact]
    public async Task A_partner_joining_later_reaches_Teams_and_Feedback()
    {
        var staff = platform.Recruitment.ClientWith(Tokens.Staff());
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Late partner"));
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "mazars", name = "Mazars", quota = 6 })).StatusCode);

        foreach (var service in new[] { platform.Teams.ClientWith(Tokens.Staff()), platform.Feedback.ClientWith(Tokens.Staff()) })
        {
            await ProBono.Testing.Eventually.True(async () =>
                    (await Seen(service, $"/admin/marathons/{id}"))?.GetProperty("partners").EnumerateArray()
                    .Select(p => p.GetProperty("partnerId").GetString()).Order().SequenceEqual(["edf", "ey", "mazars"]) == true,
                what: "the late partner to join the other services' marathon");
        }
    }

    [Fact]
    public async Task Each_integration_event_reaches_RabbitMQ_as_the_contract_says()
    {
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var scheduledWatch = await broker.Watch("probono:recruitment:marathon-scheduled:v1");
        var statusWatch = await broker.Watch("probono:recruitment:marathon-status-changed:v1");
        var staff = platform.Recruitment.ClientWith(Tokens.Staff());

        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/marathons") { Content = JsonContent.Create(MarathonSchedulingTests.AMarathon("On the wire")) };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await staff.SendAsync(request);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetString();
        await staff.PostAsync($"/admin/marathons/{id}/open-registration", null);

        var scheduled = await scheduledWatch.First(m => m.GetProperty("marathonId").GetString() == id);
        Assert.Equal("application/vnd.masstransit+json", scheduled.ContentType);
        Assert.Contains("urn:message:probono:recruitment:marathon-scheduled:v1", scheduled.Envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        Assert.True(Guid.TryParse(scheduled.Envelope.GetProperty("messageId").GetString(), out _));
        var m = scheduled.Message;
        Assert.Equal("On the wire", m.GetProperty("name").GetString());
        Assert.Equal("Paris La Défense", m.GetProperty("venue").GetString());
        Assert.Equal("2030-11-16", m.GetProperty("date").GetString());
        Assert.Equal("2030-11-01", m.GetProperty("registrationDeadline").GetString());
        Assert.Equal(7, m.GetProperty("hoursPerVolunteer").GetInt32());
        Assert.Equal("80", m.GetProperty("hourlyValueEur").GetString()); // MassTransit writes decimals as strings, losslessly
        Assert.Equal(3, m.GetProperty("maxSameCompanyPerTeam").GetInt32());
        Assert.Equal(1, m.GetProperty("version").GetInt64());
        var partner = m.GetProperty("partners")[0];
        Assert.Equal(("edf", "EDF", 12), (partner.GetProperty("partnerId").GetString(), partner.GetProperty("name").GetString(), partner.GetProperty("quota").GetInt32()));

        // the publish continues the trace of the HTTP request that caused it
        Assert.Contains(traceId, scheduled.Envelope.GetProperty("headers").GetProperty("MT-Activity-Id").GetString());

        var opened = await statusWatch.First(x => x.GetProperty("marathonId").GetString() == id);
        Assert.Equal("registration-open", opened.Message.GetProperty("status").GetString());
        Assert.Equal(2, opened.Message.GetProperty("version").GetInt64());
        Assert.Contains("urn:message:probono:recruitment:marathon-status-changed:v1", opened.Envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));

        // published once per event, not once per poll of the relay: the relay publishes in commit order, so a repeat of
        // the scheduling would have reached the watch before a later event's message does
        await staff.PostAsync($"/admin/marathons/{id}/close-registration", null);
        await statusWatch.First(x => x.GetProperty("marathonId").GetString() == id && x.GetProperty("status").GetString() == "registration-closed");
        Assert.Equal(1, scheduledWatch.Count(x => x.GetProperty("marathonId").GetString() == id));
    }

    private const string Scheduled = "probono:recruitment:marathon-scheduled:v1";
    private const string StatusChanged = "probono:recruitment:marathon-status-changed:v1";

    /// <summary>One of Teams' queues, as MassTransit spells it.</summary>
    private string TeamsQueue(string consumer) => $"{platform.Teams.QueuePrefix}-{consumer}".Replace('_', '-');

    [Fact]
    public async Task The_same_message_id_again_with_a_different_payload_is_ignored_by_the_inbox()
    {
        using var inbox = new InboxWatch();
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var marathonId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        // straight into Teams' queue: the exchange would also feed every other test class's consumers
        await broker.SendEnvelope(TeamsQueue("marathon-scheduled"), Scheduled, messageId, ScheduledMessage(marathonId, "First", version: 1));
        await inbox.Decided(messageId, deliveries: 1);
        // a newer version under the same id: the version guard would take it, only the inbox can drop it
        await broker.SendEnvelope(TeamsQueue("marathon-scheduled"), Scheduled, messageId, ScheduledMessage(marathonId, "Second", version: 2));
        await inbox.Decided(messageId, deliveries: 2);

        Assert.Equal((1, 1), (inbox.Applied(messageId), inbox.Repeats(messageId)));
        await using var query = platform.Teams.Store.QuerySession();
        var marathon = await query.LoadAsync<ProBono.Teams.Copies.MarathonForFormation>(marathonId);
        Assert.Equal(("First", 1L), (marathon!.Name, marathon.DetailsVersion));
    }

    [Fact]
    public async Task Twenty_deliveries_of_one_message_at_once_are_applied_once()
    {
        using var inbox = new InboxWatch();
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var marathonId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var queue = TeamsQueue("marathon-scheduled");
        const int deliveries = 20;

        // straight into Teams' queue, all before the first is consumed: the consumer takes them concurrently
        await Task.WhenAll(Enumerable.Range(0, deliveries).Select(async i =>
        {
            await using var sender = await RawBroker.Connect(await TestServers.Get());
            await sender.SendEnvelope(queue, Scheduled, messageId, ScheduledMessage(marathonId, $"Delivery {i}", version: 1 + i));
        }));
        await inbox.Decided(messageId, deliveries);

        Assert.Equal(1, inbox.Applied(messageId));
        Assert.Equal(deliveries - 1, inbox.Repeats(messageId));
        await using var query = platform.Teams.Store.QuerySession();
        Assert.NotNull(await query.LoadAsync<ProBono.Teams.Copies.MarathonForFormation>(marathonId));
    }

    [Fact]
    public async Task Events_arriving_out_of_order_end_in_the_latest_state()
    {
        using var inbox = new InboxWatch();
        await using var broker = await RawBroker.Connect(await TestServers.Get());
        var marathonId = Guid.NewGuid();
        var statusMessage = Guid.NewGuid();

        // the status change (version 2) overtakes the scheduling (version 1): it is applied first, for certain
        await broker.SendEnvelope(TeamsQueue("marathon-status-changed"), StatusChanged, statusMessage,
            new { marathonId, status = "registration-open", version = 2, changedAt = DateTimeOffset.UtcNow });
        await inbox.Decided(statusMessage, deliveries: 1);
        await broker.SendEnvelope(TeamsQueue("marathon-scheduled"), Scheduled, Guid.NewGuid(), ScheduledMessage(marathonId, "Overtaken", version: 1));

        var teamsStaff = platform.Teams.ClientWith(Tokens.Staff());
        var marathon = (JsonElement)await ProBono.Testing.Eventually.Get(async () =>
            await Seen(teamsStaff, $"/admin/marathons/{marathonId}") is { } m && m.GetProperty("name").GetString() == "Overtaken" ? (object)m : null,
            what: "the scheduling to reach Teams");
        Assert.Equal("Overtaken", marathon.GetProperty("name").GetString());
        Assert.Equal("registration-open", marathon.GetProperty("status").GetString());
    }

    internal static object ScheduledMessage(Guid marathonId, string name, long version) => new
    {
        marathonId,
        name,
        venue = "Somewhere",
        date = "2030-06-01",
        registrationDeadline = "2030-05-15",
        hoursPerVolunteer = 7,
        hourlyValueEur = 60m,
        maxSameCompanyPerTeam = 3,
        partners = new[] { new { partnerId = "edf", name = "EDF", quota = 4 } },
        version,
        scheduledAt = DateTimeOffset.UtcNow,
    };
    [Fact]
    public async Task A_need_published_in_Needs_and_volunteers_confirmed_in_Recruitment_form_a_team_in_Teams_and_the_need_becomes_staffed()
    {
        var staff = Tokens.Staff();
        var recruitment = platform.Recruitment.ClientWith(staff);
        var needs = platform.Needs.ClientWith(staff);
        var teams = platform.Teams.ClientWith(staff);
        var scheduled = await recruitment.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Whole flow"));
        var marathonId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await recruitment.PostAsync($"/admin/marathons/{marathonId}/open-registration", null)).StatusCode);

        var association = (await (await needs.PostAsJsonAsync("/admin/associations", new
        {
            name = "1000 VISAGES", mission = "Film training.", causeArea = "culture", contactEmail = "contact@1000visages.example",
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("associationId").GetGuid();
        var asAssociation = platform.Needs.ClientWith(Tokens.Association(association));
        var submitted = await ProBono.Testing.Eventually.Get(async () =>
            await asAssociation.PostAsJsonAsync("/api/needs", new
            {
                marathonId, title = "A sales brochure", description = "To win partners.", deliverable = "A brochure",
                requiredSkills = new[] { new { skill = "marketing", count = 1 } }, teamSize = new { min = 2, max = 3 },
            }) is { StatusCode: HttpStatusCode.Created } created ? created : null, what: "Needs to take a need for the marathon");
        var needId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("needId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await needs.PostAsJsonAsync($"/admin/{needId}/qualify", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await needs.PostAsync($"/admin/{needId}/publish", null)).StatusCode);

        foreach (var (partner, skill, lead) in new[] { ("edf", "marketing", true), ("ey", "design", false) })
        {
            var registered = await platform.Recruitment.ClientWith(Tokens.Partner(partner)).PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", new
            {
                employeeRef = $"{partner}-1", firstName = "Camille", lastName = "Martin", email = $"c@{partner}.example", skills = new[] { skill },
                leadCapable = lead, causePreferences = new[] { "culture" },
            });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        // Teams hears of the need and of both volunteers, then proposes one team with both
        var proposal = await ProBono.Testing.Eventually.Get(async () =>
            await teams.PostAsync($"/admin/marathons/{marathonId}/formation", null) is { StatusCode: HttpStatusCode.OK } r
            && await r.Content.ReadFromJsonAsync<JsonElement>() is var p && p.GetProperty("teams").GetArrayLength() == 1
            && p.GetProperty("teams")[0].GetProperty("members").GetArrayLength() == 2 ? (object)p : null,
            TimeSpan.FromSeconds(20), "Teams to propose the team") is JsonElement found ? found : default;
        Assert.Equal(HttpStatusCode.OK, (await teams.PostAsync($"/admin/marathons/{marathonId}/formation/{proposal.GetProperty("proposalId").GetGuid()}/commit", null)).StatusCode);

        await ProBono.Testing.Eventually.True(async () =>
            (await needs.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")).GetProperty("status").GetString() == "staffed",
            TimeSpan.FromSeconds(20), "Needs to hear TeamFormed and mark the need staffed");
    }
    [Fact]
    public async Task The_four_OpenAPI_documents_join_into_one_without_a_clash()
    {
        // what `redocly join` (tools/openapi/check.sh) refuses: an operation id twice, or one schema name for two shapes
        var documents = new List<JsonElement>();
        foreach (var client in new[] { platform.Recruitment.ClientWith(null), platform.Needs.ClientWith(null), platform.Teams.ClientWith(null), platform.Feedback.ClientWith(null) })
        {
            documents.Add(await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json"));
        }

        var operationIds = documents.SelectMany(d => d.GetProperty("paths").EnumerateObject())
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _)))
            .Select(o => o.Value.GetProperty("operationId").GetString()!).ToList();
        Assert.Empty(operationIds.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
        var clashes = documents
            .SelectMany(d => d.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s.EnumerateObject() : Enumerable.Empty<JsonProperty>())
            .GroupBy(schema => schema.Name)
            .Where(g => g.Select(schema => schema.Value.GetRawText()).Distinct().Count() > 1)
            .Select(g => g.Key);
        Assert.Empty(clashes);
    }
}
