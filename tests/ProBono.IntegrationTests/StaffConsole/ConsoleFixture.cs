using System.Net.Http.Headers;

namespace ProBono.IntegrationTests.StaffConsole;

/// <summary>
/// The platform as a browser reaches the console: the four services and the gateway on real Kestrel ports, and the
/// console as its own process (its built dll, in Development, as the AppHost runs it) behind the gateway's /console.
/// The console knows only the gateway's address; the gateway knows the console's.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly KestrelHosts hosts = new();
    private ServiceProcess? console;

    public Uri Gateway { get; private set; } = null!;

    /// <summary>The console's own address, for what a test checks without the gateway.</summary>
    public Uri ConsoleDirect { get; private set; } = null!;

    public HttpClient Staff { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.Get();
        var name = Isolation.Name("console");
        var prefix = name.Replace('_', '-');
        var services = new Dictionary<string, Uri>
        {
            ["recruitment"] = hosts.Start(new ServiceHost<RecruitmentProgram>(servers, "recruitmentdb", $"{name}_r", $"{prefix}-recruitment")),
            ["needs"] = hosts.Start(new ServiceHost<NeedsProgram>(servers, "needsdb", $"{name}_n", $"{prefix}-needs")),
            ["teams"] = hosts.Start(new ServiceHost<TeamsProgram>(servers, "teamsdb", $"{name}_t", $"{prefix}-teams")),
            // the names of the documents partners take home are asked of this Recruitment (its temporary queue)
            ["feedback"] = hosts.Start(new ServiceHost<FeedbackProgram>(servers, "feedbackdb", $"{name}_f", $"{prefix}-feedback", settings: new Dictionary<string, string>
            {
                ["Feedback:VolunteerNames"] = $"exchange:{prefix}-recruitment-find-volunteer-names?durable=false&autodelete=true",
            })),
        };
        var gatewayPort = Ports.Free();
        console = new ServiceProcess("console", "ProBono.Console", new Dictionary<string, string>
        {
            ["Console__GatewayUrl"] = $"http://127.0.0.1:{gatewayPort}",
        });
        await console.Start();
        ConsoleDirect = new Uri($"http://127.0.0.1:{console.Port}");
        services["console"] = ConsoleDirect;
        Gateway = hosts.Start(new GatewayHost(services), gatewayPort);
        await KestrelHosts.Healthy(services.Values.Append(Gateway));
        Staff = Client(Tokens.Staff());
    }

    public async Task DisposeAsync()
    {
        Staff?.Dispose();
        if (console is not null)
        {
            await console.DisposeAsync();
        }
        await hosts.DisposeAsync();
    }

    /// <summary>A client of the gateway, as a program would call it; no redirect followed.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Gateway };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A marathon with two partners (EDF, EY), taken to <paramref name="status"/> through the gateway.</summary>
    public async Task<Guid> AMarathon(string name, string status)
    {
        var scheduled = await Staff.PostAsJsonAsync("/admin/recruitment/marathons", new
        {
            name,
            venue = "Paris La Défense",
            date = "2030-11-16",
            registrationDeadline = "2030-11-01",
            hourlyValueEur = 80,
            partners = new[] { new { partnerId = "edf", name = "EDF", quota = 10 }, new { partnerId = "ey", name = "EY", quota = 10 } },
        });
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        string[] path = ["registration-open", "registration-closed", "in-progress"];
        string[] commands = ["open-registration", "close-registration", "start"];
        for (var i = 0; i < path.Length && Array.IndexOf(path, status) >= i; i++)
        {
            if (i == 1)
            {
                await registrations(id);
            }
            var moved = await Staff.PostAsync($"/admin/recruitment/marathons/{id}/{commands[i]}", null);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        return id;

        Task registrations(Guid marathonId) => Task.WhenAll(People.Select(p => Register(marathonId, p)));
    }

    /// <summary>The volunteers every day marathon has (registered while registration is open).</summary>
    public static readonly (string Partner, string First, string Last, string Ref)[] People =
    [
        ("edf", "Aurélie", "Bonnet", "E-100"),
        ("edf", "Jean", "Dupont", "E-101"),
        ("edf", "Sophie", "Durand", "E-102"),
        ("ey", "Chloé", "Martin", "Y-200"),
        ("ey", "Marc", "Petit", "Y-201"),
    ];

    private async Task Register(Guid marathonId, (string Partner, string First, string Last, string Ref) person)
    {
        var registered = await Staff.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", new
        {
            partnerId = person.Partner,
            employeeRef = person.Ref,
            firstName = person.First,
            lastName = person.Last,
            email = $"{person.Ref.ToLowerInvariant()}@{person.Partner}.example",
            skills = new[] { "design", "marketing" },
            leadCapable = person.Ref.EndsWith('0'),
            causePreferences = new[] { "education" },
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }

    /// <summary>A confirmed volunteer of <paramref name="marathonId"/> found by <paramref name="query"/>.</summary>
    public async Task<JsonElement> Volunteer(Guid marathonId, string query)
    {
        var page = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers?q={Uri.EscapeDataString(query)}");
        return page.GetProperty("items").EnumerateArray().Single();
    }

    /// <summary>An association and its needs, submitted to <paramref name="marathonId"/> (Needs learns of the marathon by its events).</summary>
    public async Task<Dictionary<string, Guid>> Needs(Guid marathonId, params string[] titles)
    {
        var association = await Staff.PostAsJsonAsync("/admin/needs/associations", new
        {
            name = "1000 Visages", mission = "Le cinéma pour toutes et tous", causeArea = "culture", contactEmail = "contact@1000visages.example",
        });
        Assert.Equal(HttpStatusCode.Created, association.StatusCode);
        var associationId = (await association.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("associationId").GetGuid();
        var needs = new Dictionary<string, Guid>();
        foreach (var title in titles)
        {
            needs[title] = (await Eventually.Until(async () =>
            {
                var submitted = await Staff.PostAsJsonAsync("/api/needs", new
                {
                    associationId,
                    marathonId,
                    title,
                    description = $"{title} : ce dont l’association a besoin.",
                    deliverable = "Un document prêt à l’emploi",
                    requiredSkills = new[] { new { skill = "design", count = 1 }, new { skill = "marketing", count = 1 } },
                    teamSize = new { min = 3, max = 5 },
                });
                return submitted.StatusCode == HttpStatusCode.Created
                    ? (Guid?)(await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("needId").GetGuid()
                    : null;
            }, id => id is not null, TimeSpan.FromSeconds(30), $"Needs to take '{title}' (it hears of the marathon by Recruitment's event)"))!.Value;
        }
        return needs;
    }

    /// <summary>
    /// A marathon at <paramref name="status"/> (registration closed or later) with one need, qualified to a team of 3 to
    /// <paramref name="teamMax"/> and published while registration was open, once Teams knows the need and every volunteer.
    /// </summary>
    public async Task<(Guid MarathonId, Guid NeedId)> AMarathonWithANeed(string name, string title, int teamMax, string status = "registration-closed")
    {
        var marathonId = await AMarathon(name, "registration-open");
        var needId = (await Needs(marathonId, title))[title];
        var qualified = await Staff.PostAsJsonAsync($"/admin/needs/{needId}/qualify", new { teamSize = new { min = 3, max = teamMax } });
        Assert.Equal(HttpStatusCode.OK, qualified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/needs/{needId}/publish", null)).StatusCode);
        await Task.WhenAll(People.Select(p => Register(marathonId, p)));
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/recruitment/marathons/{marathonId}/close-registration", null)).StatusCode);
        await Eventually.Until(Propose(marathonId),
            p => p.GetProperty("teams").EnumerateArray().Any(t => t.GetProperty("needId").GetGuid() == needId)
                 && p.GetProperty("teams").EnumerateArray().Sum(t => t.GetProperty("members").GetArrayLength()) + p.GetProperty("unassigned").GetArrayLength() == People.Length,
            TimeSpan.FromSeconds(30), "Teams to hear of the published need and of every volunteer");
        if (status == "in-progress")
        {
            Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/recruitment/marathons/{marathonId}/start", null)).StatusCode);
        }
        return (marathonId, needId);
    }

    /// <summary>A formation proposal, asked through the gateway.</summary>
    public Func<Task<JsonElement>> Propose(Guid marathonId) => async () =>
    {
        var proposed = await Staff.PostAsync($"/admin/teams/marathons/{marathonId}/formation", null);
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        return await proposed.Content.ReadFromJsonAsync<JsonElement>();
    };

    public async Task<string> NeedStatus(Guid needId) =>
        (await Staff.GetFromJsonAsync<JsonElement>($"/api/needs/{needId}")).GetProperty("status").GetString()!;
}

/// <summary>The console's browser tests share one platform (six hosts are costly on two cores); each makes its own marathon.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "staff-console";
}
