using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ProBono.IntegrationTests.Http;

/// <summary>Recruitment listening on a real port, and a gateway routing to it.</summary>
public sealed class GatewayAndRecruitmentFixture : IAsyncLifetime
{
    public ServiceHost<RecruitmentProgram> Recruitment { get; private set; } = null!;

    public WebApplicationFactory<GatewayProgram> Gateway { get; private set; } = null!;

    public int RecruitmentPort { get; private set; }

    public async Task InitializeAsync()
    {
        var name = Isolation.Name("probleminstance");
        Recruitment = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, name);
        var port = RecruitmentPort = Ports.Free();
        Recruitment.UseKestrel(port);
        Recruitment.StartServer();
        Gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(b => b
            .UseEnvironment("Development")
            .UseSetting("ReverseProxy:Clusters:recruitment:Destinations:d1:Address", $"http://127.0.0.1:{port}")
            .UseSetting("Logging:LogLevel:Default", "Warning"));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Recruitment.DisposeAsync();
    }
}

/// <summary>A problem's <c>instance</c> is the path the caller called, through the gateway too.</summary>
public sealed class ProblemInstanceTests(GatewayAndRecruitmentFixture fixture) : IClassFixture<GatewayAndRecruitmentFixture>
{
    private HttpClient Gateway(string? token = null)
    {
        var client = fixture.Gateway.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static async Task<string?> Instance(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance").GetString();
    }

    [Fact]
    public async Task A_service_exception_through_the_gateway_names_the_gateway_path()
    {
        var path = $"/admin/recruitment/marathons/{Guid.NewGuid()}/open-registration";

        Assert.Equal(path, await Instance(await Gateway(Tokens.Staff()).PostAsync(path, null), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_validation_problem_through_the_gateway_names_the_gateway_path()
    {
        var response = await Gateway(Tokens.Staff()).PostAsJsonAsync("/admin/recruitment/marathons", new { name = "" });

        Assert.Equal("/admin/recruitment/marathons", await Instance(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_status_code_page_of_the_service_names_the_gateway_path()
    {
        const string path = "/admin/recruitment/no-such-thing";

        Assert.Equal(path, await Instance(await Gateway(Tokens.Staff()).GetAsync(path), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task The_gateways_own_problems_name_its_path_and_a_callers_header_changes_nothing()
    {
        var anonymous = Gateway();
        anonymous.DefaultRequestHeaders.Add("X-Forwarded-Path", "/elsewhere");
        Assert.Equal("/api/marathons", await Instance(await anonymous.GetAsync("/api/marathons"), HttpStatusCode.Unauthorized));

        var staff = Gateway(Tokens.Staff());
        staff.DefaultRequestHeaders.Add("X-Forwarded-Path", "/elsewhere");
        var path = $"/admin/recruitment/marathons/{Guid.NewGuid()}/open-registration";
        Assert.Equal(path, await Instance(await staff.PostAsync(path, null), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Called_directly_a_service_names_its_own_path()
    {
        var path = $"/admin/marathons/{Guid.NewGuid()}/open-registration";
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.RecruitmentPort}") };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Staff());

        Assert.Equal(path, await Instance(await direct.PostAsync(path, null), HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    [InlineData("image/png")]
    public async Task A_caller_that_accepts_no_JSON_still_gets_the_problem_not_a_500(string accept)
    {
        var path = $"/admin/recruitment/marathons/{Guid.NewGuid()}/completion-check";
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);

        Assert.Equal(path, await Instance(await Gateway(Tokens.Staff()).SendAsync(request), HttpStatusCode.NotFound));
    }
}
