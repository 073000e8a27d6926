using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Security;

/// <summary>Every log record of a host, with its scopes and exception, as one line of text each.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
            logs.scopes.ForEachScope((scope, text) => text.Append(" | scope ").Append(scope), line);
            if (exception is not null)
            {
                line.Append(" | ").Append(exception);
            }
            logs.Lines.Enqueue(line.ToString());
        }
    }
}

/// <summary>Recruitment as it runs in production (its own signing key, no developer pages), every log record captured at Debug.</summary>
public sealed class ProductionRecruitmentFixture : IAsyncLifetime
{
    public const string SigningKey = "a-production-signing-key-nobody-else-knows-0123456789";

    private ServiceHost<RecruitmentProgram> host = null!;

    public CapturedLogs Logs { get; } = new();

    public WebApplicationFactory<RecruitmentProgram> Host { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public TestServers Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.Get();
        var name = Isolation.Name("leaks");
        Database = name;
        host = new ServiceHost<RecruitmentProgram>(Servers, "recruitmentdb", name, name.Replace('_', '-'));
        Host = host.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Auth:SigningKey", SigningKey)
            // what an operator turning on debug logging would get, every category included
            .UseSetting("Logging:LogLevel:Default", "Debug")
            .UseSetting("Logging:LogLevel:Microsoft", "Debug")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug")
            .UseSetting("Logging:LogLevel:Marten", "Debug")
            .UseSetting("Logging:LogLevel:MassTransit", "Debug")
            .ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(Logs)));
        _ = Host.Server;
        var anonymous = Host.CreateClient();
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "recruitment healthy");
    }

    public HttpClient Client(string token)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await host.DisposeAsync();
    }
}

/// <summary>
/// Outside Development an error says nothing of our insides, and the logs hold no token, e-mail or last name.
/// </summary>
[Trait("Category", "Security")]
public sealed class LeakTests(ProductionRecruitmentFixture fixture) : IClassFixture<ProductionRecruitmentFixture>
{
    /// <summary>What an error body must never hold: a stack trace, an exception or a type of ours or of our libraries.</summary>
    internal static readonly string[] Insides = ["Exception", "   at ", ":line ", "Marten", "Npgsql", "ProBono.", "System.", "JasperFx", "MassTransit", "mt_doc", "StackTrace"];

    private string Staff => Tokens.Mint("staff", key: ProductionRecruitmentFixture.SigningKey);

    private async Task<Guid> AnOpenMarathon(string partner)
    {
        var staff = fixture.Client(Staff);
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("Leaks", new { partnerId = partner, name = "P", quota = 50 }));
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    internal static void AssertNoInsides(string body, string what)
    {
        foreach (var inside in Insides)
        {
            Assert.False(body.Contains(inside, StringComparison.Ordinal), $"{what} shows '{inside}': {body}");
        }
    }

    [Fact]
    public async Task A_fault_of_ours_is_a_500_problem_that_shows_nothing_of_our_insides()
    {
        var marathon = await AnOpenMarathon("fault");
        // a stored document the code cannot read: a real fault deep in Marten, as a bad migration would leave
        await using (var connection = new NpgsqlConnection(fixture.Servers.Database(fixture.Database)))
        {
            await connection.OpenAsync();
            await using var find = new NpgsqlCommand(
                "select table_schema || '.' || table_name from information_schema.tables where table_name = 'mt_doc_marathonsummary'", connection);
            var table = (string?)await find.ExecuteScalarAsync() ?? throw new InvalidOperationException("no marathon summary table");
            await using var corrupt = new NpgsqlCommand($"update {table} set data = '[]'::jsonb where id = @id", connection);
            corrupt.Parameters.AddWithValue("id", marathon);
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        var response = await fixture.Client(Staff).GetAsync($"/api/marathons/{marathon}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoInsides(body, "the 500");
        // and the fault is in the logs, for us, with its exception
        Assert.Contains(fixture.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Exception", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"name\": 5}")]
    [InlineData("{\"partners\": {}}")]
    [InlineData("{\"date\": \"soon\"}")]
    [InlineData("{\"hourlyValueEur\": \"x\"}")]
    [InlineData("{")]
    public async Task A_body_that_does_not_bind_is_a_400_that_names_no_type(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await fixture.Client(Staff).PostAsync("/admin/marathons", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        AssertNoInsides(body, "the 400");
        Assert.DoesNotContain("ScheduleMarathon", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_volunteers_logs_no_token_email_or_last_name()
    {
        var marathon = await AnOpenMarathon("logs");
        var token = Tokens.Mint("partner", new Dictionary<string, string> { ["partner_id"] = "logs" }, key: ProductionRecruitmentFixture.SigningKey);
        var partner = fixture.Client(token);
        var secrets = new List<string> { token, token.Split('.')[2] };
        for (var i = 0; i < 5; i++)
        {
            var lastName = $"Zyxlast{Guid.NewGuid():N}"[..20];
            var email = $"leak.{Guid.NewGuid():N}@probe.example";
            secrets.Add(lastName);
            secrets.Add(email);
            var response = await partner.PostAsJsonAsync($"/api/marathons/{marathon}/volunteers", new
            {
                employeeRef = $"L-{i}", firstName = "Ada", lastName, email, skills = new[] { "finance" }, leadCapable = false,
                causePreferences = Array.Empty<string>(), hourlyCostEur = 50,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        // a registration the validator refuses, and one the database refuses (the same employee twice), log too
        await partner.PostAsJsonAsync($"/api/marathons/{marathon}/volunteers", new { employeeRef = "L-0", firstName = "Ada", lastName = secrets[2], email = secrets[3], skills = new[] { "finance" } });
        await partner.PostAsJsonAsync($"/api/marathons/{marathon}/volunteers", new { employeeRef = "L-bad", firstName = "Ada", lastName = secrets[4], email = "not-an-email" });
        // a bad token's failure is logged too
        await fixture.Client(token[..^4] + "AAAA").GetAsync("/api/marathons");

        var lines = fixture.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/volunteers", StringComparison.Ordinal)); // the probe: requests were logged at all
        foreach (var secret in secrets)
        {
            var leaking = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leaking is null, $"the logs hold '{secret}': {leaking}");
        }
    }
}
