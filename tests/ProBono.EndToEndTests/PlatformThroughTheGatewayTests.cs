using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Testing;
using ProBono.Token;

namespace ProBono.EndToEndTests;

/// <summary>
/// The whole AppHost (Infra:Mode=local: the machine's own postgres and rabbitmq-server on free ports, data in a
/// temporary folder), driven through the gateway only, as a partner's tool would.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string data = Path.Combine(Path.GetTempPath(), $"probono-e2e-{Guid.NewGuid():N}");
    private DistributedApplication? app;

    public HttpClient Gateway { get; private set; } = null!;

    public int SmtpPort { get; } = FreePort();

    public int MailWebPort { get; } = FreePort();

    public async Task InitializeAsync()
    {
        var amqp = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ProBono_AppHost>(
        [
            "Infra:Mode=local",
            $"Infra:Local:DataDirectory={data}",
            $"Infra:Local:PostgresPort={FreePort()}",
            $"Infra:Local:RabbitMqPort={amqp}",
            $"Infra:Local:RabbitMqDistPort={FreePort()}",
            $"Gateway:Port={FreePort()}",
            // the services' own ports too: both test classes run a platform at once
            $"Services:recruitment:Port={FreePort()}",
            $"Services:needs:Port={FreePort()}",
            $"Services:teams:Port={FreePort()}",
            $"Services:feedback:Port={FreePort()}",
            $"Services:webhooks:Port={FreePort()}",
            $"Services:console:Port={FreePort()}",
            $"Mail:SmtpPort={SmtpPort}",
            $"Mail:WebPort={MailWebPort}",
        ]);
        app = await builder.BuildAsync();
        KeepLogs(app);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        Gateway = app.CreateHttpClient("gateway");
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await stopping.CancelAsync();
            await app.StopAsync();
            await app.DisposeAsync();
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // a server may still be flushing; the folder is in /tmp
        }
    }

    /// <summary>
    /// Every resource's console and state changes, written to <c>$TMPDIR/probono-e2e-logs/&lt;run&gt;/</c>: when a test sees a
    /// 502 the service's own last words are there (the platform is gone once the fixture is disposed).
    /// </summary>
    private void KeepLogs(DistributedApplication application)
    {
        var folder = Path.Combine(Path.GetTempPath(), "probono-e2e-logs", Path.GetFileName(data));
        Directory.CreateDirectory(folder);
        var loggers = application.Services.GetRequiredService<ResourceLoggerService>();
        var notifications = application.Services.GetRequiredService<ResourceNotificationService>();
        var watched = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in notifications.WatchAsync(stopping.Token))
                {
                    var name = change.Resource.Name;
                    await File.AppendAllTextAsync(Path.Combine(folder, "states.log"),
                        $"{DateTime.UtcNow:HH:mm:ss.fff} {name} {change.Snapshot.State?.Text} exit={change.Snapshot.ExitCode}\n");
                    var id = change.ResourceId;
                    if (watched.TryAdd(id, true))
                    {
                        _ = Task.Run(async () =>
                        {
                            try
                            {
                                await foreach (var batch in loggers.WatchAsync(id).WithCancellation(stopping.Token))
                                {
                                    await File.AppendAllLinesAsync(Path.Combine(folder, $"{id}.log"), batch.Select(l => l.Content));
                                }
                            }
                            catch (OperationCanceledException)
                            {
                            }
                        });
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private readonly CancellationTokenSource stopping = new();

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    /// <summary>
    /// A loopback port nothing listens on (<see cref="LoopbackPorts"/>), in 20000-32767 (the integration tests, another
    /// process, pick theirs in 10000-19999); never twice in this process, so the two platforms of the end-to-end classes
    /// do not pick each other's.
    /// </summary>
    internal static int FreePort() => LoopbackPorts.Free(20_000, 32_768);
}

public sealed class PlatformThroughTheGatewayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_scheduled_marathon_reaches_Teams_Needs_and_Feedback_through_the_gateway()
    {
        var staff = Tokens.Staff();
        var scheduled = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, "/admin/recruitment/marathons", staff, new
        {
            name = "La Défense end to end",
            venue = "Paris La Défense",
            date = "2031-11-16",
            registrationDeadline = "2031-11-01",
            hoursPerVolunteer = 7,
            hourlyValueEur = 80,
            maxSameCompanyPerTeam = 3,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota = 12 }, new { partnerId = "thales", name = "Thales", quota = 10 } },
        }));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();

        foreach (var service in new[] { "teams", "needs", "feedback" })
        {
            var seen = await Eventually.Until(
                () => platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/admin/{service}/marathons/{id}", staff)),
                response => response.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), $"{service} to record marathon {id}");
            Assert.Equal("La Défense end to end", (await seen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        }

        var list = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, "/api/marathons", staff));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray(),
            m => m.GetProperty("marathonId").GetGuid() == id && m.GetProperty("status").GetString() == "planned");
    }

    [Fact]
    public async Task Partners_register_list_and_withdraw_their_volunteers_through_the_gateway()
    {
        var staff = Tokens.Staff();
        var scheduled = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, "/admin/recruitment/marathons", staff, new
        {
            name = "Volunteers end to end", venue = "Lyon", date = "2031-06-10", registrationDeadline = "2031-06-01", hourlyValueEur = 70,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota = 1 }, new { partnerId = "ey", name = "EY", quota = 1 } },
        }));
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, $"/admin/recruitment/marathons/{id}/open-registration", staff))).StatusCode);
        var edf = Tokens.Partner("edf");
        object Employee(string reference) => new
        {
            employeeRef = reference, firstName = "Camille", lastName = "Martin", email = $"{reference}@edf.example", skills = new[] { "design" },
            leadCapable = true, causePreferences = new[] { "culture" },
        };

        var first = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, $"/api/marathons/{id}/volunteers", edf, Employee("e1")));
        var second = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, $"/api/marathons/{id}/volunteers", edf, Employee("e2")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("waitlisted", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("volunteerId").GetGuid();

        var othersView = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/api/marathons/{id}/volunteers", Tokens.Partner("ey")));
        Assert.Equal(0, (await othersView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());
        var withdrawn = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Delete, $"/api/marathons/{id}/volunteers/{firstId}", edf));
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var stats = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/admin/recruitment/marathons/{id}/stats", staff));
        var statsBody = await stats.Content.ReadAsStringAsync();
        Assert.True(stats.IsSuccessStatusCode, $"stats: {(int)stats.StatusCode} {statsBody}");
        var edfStats = JsonDocument.Parse(statsBody).RootElement.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("partnerId").GetString() == "edf");
        Assert.Equal((1, 0, 1), (edfStats.GetProperty("confirmed").GetInt32(), edfStats.GetProperty("waitlisted").GetInt32(), edfStats.GetProperty("withdrawn").GetInt32()));
    }

    [Fact]
    public async Task The_demo_marathon_is_loaded_with_its_eight_partners()
    {
        var name = $"Pro Bono Marathon La Défense {DateTime.UtcNow.Year + 1}";
        var demo = await Eventually.Until(() => DemoMarathon(name, Tokens.Staff()), id => id != Guid.Empty, TimeSpan.FromSeconds(30),
            "the demo loader to schedule the demo marathon");
        var details = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/api/marathons/{demo}", Tokens.Staff()));
        var body = await details.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(8, body.GetProperty("partners").GetArrayLength());
        Assert.Equal(100, body.GetProperty("partners").EnumerateArray().Sum(p => p.GetProperty("quota").GetInt32()));
    }

    [Fact]
    public async Task The_demo_marathon_stops_with_its_ten_needs_staffed_by_teams_whose_leads_are_pinned()
    {
        var name = $"Pro Bono Marathon La Défense {DateTime.UtcNow.Year + 1}";
        var staff = Tokens.Staff();
        var demo = await Eventually.Until(() => DemoMarathon(name, staff), id => id != Guid.Empty, TimeSpan.FromSeconds(120),
            "the demo loader to schedule the demo marathon");
        var teams = await Eventually.Until(
            async () => await (await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/api/marathons/{demo}/teams", staff))).Content.ReadFromJsonAsync<JsonElement>(),
            // 404 until Teams has heard of the demo marathon: a problem, with no total yet
            t => t.TryGetProperty("total", out var total) && total.GetInt32() == 10, TimeSpan.FromSeconds(120), "the demo's ten teams");
        var needs = await (await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/api/needs?marathonId={demo}", staff))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, needs.GetProperty("total").GetInt32());
        Assert.Contains(needs.GetProperty("items").EnumerateArray(), n => n.GetProperty("associationName").GetString() == "1000 VISAGES");
        var leads = await (await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/admin/teams/marathons/{demo}/leads", staff))).Content.ReadFromJsonAsync<JsonElement>();
        var pinned = leads.GetProperty("items").EnumerateArray().ToDictionary(p => p.GetProperty("needId").GetGuid(), p => p.GetProperty("volunteerId").GetGuid());
        Assert.Equal(10, pinned.Count);
        Assert.All(teams.GetProperty("items").EnumerateArray(), t =>
            Assert.Equal(pinned[t.GetProperty("needId").GetGuid()], t.GetProperty("leadVolunteerId").GetGuid()));
        var marathon = await (await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/api/marathons/{demo}", staff))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("registration-closed", marathon.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_association_s_need_is_qualified_and_published_by_staff_through_the_gateway()
    {
        var staff = Tokens.Staff();
        var scheduled = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, "/admin/recruitment/marathons", staff, new
        {
            name = "Needs end to end", venue = "Nantes", date = "2031-05-20", registrationDeadline = "2031-05-01", hourlyValueEur = 70,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota = 4 } },
        }));
        var marathonId = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        var registered = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, "/admin/needs/associations", staff, new
        {
            name = "Les Ateliers", mission = "Repair cafés.", causeArea = "environment", contactEmail = "hello@ateliers.example.org",
        }));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var association = Tokens.Association((await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("associationId").GetGuid());
        object Need() => new
        {
            marathonId, title = "A volunteer handbook", description = "For our repairers.", deliverable = "A handbook",
            requiredSkills = new[] { new { skill = "communication", count = 1 } }, teamSize = new { min = 2, max = 4 },
        };

        // Needs hears of the marathon from Recruitment within moments (longer while the demo loads beside it); until then the need is refused with 422
        var submitted = await Eventually.Until(
            () => platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, "/api/needs", association, Need())),
            response => response.StatusCode != HttpStatusCode.UnprocessableEntity, TimeSpan.FromSeconds(90), "Needs to hear of the marathon");
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var needId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("needId").GetGuid();

        // a stale If-Match through the gateway: 412 problem naming the gateway's path
        var stale = platform.Request(HttpMethod.Post, $"/admin/needs/{needId}/publish", staff);
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var refused = await platform.Gateway.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal($"/admin/needs/{needId}/publish", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetString());

        Assert.Equal(HttpStatusCode.OK, (await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, $"/admin/needs/{needId}/qualify", staff, new { notes = "ok" }))).StatusCode);
        var published = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, $"/admin/needs/{needId}/publish", staff));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("\"3\"", published.Headers.ETag?.Tag);
        var partnerView = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, $"/api/needs/{needId}", Tokens.Partner("edf")));
        Assert.Equal("published", (await partnerView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_mail_catcher_takes_mail_over_SMTP_and_shows_it_on_its_web_page()
    {
        using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{platform.MailWebPort}") };
        await Eventually.True(() => Answers(web), TimeSpan.FromSeconds(30), "smtp4dev's web page to answer");
        using (var smtp = new System.Net.Mail.SmtpClient("127.0.0.1", platform.SmtpPort))
        {
#pragma warning disable SYSLIB0014 // a plain SMTP probe of the catcher; the services send with MailKit
            await smtp.SendMailAsync("probe@probono.example", "someone@example.org", "End-to-end probe", "Hello from the test.");
#pragma warning restore SYSLIB0014
        }
        // smtp4dev stores a message a moment after the SMTP conversation ends (longer while two platforms start beside
        // it on two cores). Its list answers 5 messages a page, newest first: search for the probe's subject instead
        await Eventually.Until(() => web.GetFromJsonAsync<JsonElement>("/api/messages?searchTerms=End-to-end%20probe&pageSize=50"),
            messages => messages.GetProperty("results").EnumerateArray().Any(m => m.GetProperty("subject").GetString() == "End-to-end probe"),
            TimeSpan.FromSeconds(60), "the probe mail on smtp4dev's web page");
    }

    private static async Task<bool> Answers(HttpClient web)
    {
        try
        {
            return (await web.GetAsync("/api/messages")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The id of the marathon named <paramref name="name"/>, or the empty id while there is none.</summary>
    private async Task<Guid> DemoMarathon(string name, string token)
    {
        var list = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, "/api/marathons?pageSize=500", token));
        return (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("name").GetString() == name).Select(m => m.GetProperty("marathonId").GetGuid()).FirstOrDefault();
    }

    [Fact]
    public async Task Without_a_token_the_gateway_answers_401_problem_details_before_proxying()
    {
        foreach (var path in new[] { "/api/marathons", "/admin/recruitment/marathons", "/api/needs", "/admin/teams/marathons/x" })
        {
            var response = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Get, path, token: null));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_partner_token_on_admin_answers_403_problem_details()
    {
        var response = await platform.Gateway.SendAsync(platform.Request(HttpMethod.Post, "/admin/recruitment/marathons", Tokens.Partner("edf"), new { }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_API_reference_shows_the_five_services()
    {
        var docs = await platform.Gateway.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        foreach (var service in new[] { "recruitment", "needs", "teams", "feedback", "webhooks" })
        {
            var openApi = await platform.Gateway.GetAsync($"/openapi/{service}.json");
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
            var document = await openApi.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(document.GetProperty("paths").EnumerateObject().Any(p => p.Name.StartsWith($"/admin/{service}/", StringComparison.Ordinal)),
                $"{service}'s OpenAPI document should show its admin paths as the gateway serves them");
        }
    }
}

public sealed class AppHostConfigurationTests
{
    [Fact]
    public async Task An_unknown_infrastructure_mode_stops_the_AppHost_with_a_clear_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ProBono_AppHost>(["Infra:Mode=cloud"]);
            await using var app = await builder.BuildAsync();
        });

        Assert.Contains("Infra:Mode 'cloud' is not one of containers, local, connectionstrings, auto", error.ToString());
    }
}
