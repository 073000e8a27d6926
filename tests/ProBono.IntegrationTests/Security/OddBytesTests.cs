using System.Net.Http.Headers;
using System.Text;
using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// Bytes a client may send that no string-typed client sends: invalid UTF-8 in a JSON property name, a charset that is
/// not UTF-8, non-ASCII bytes in a header; and the wording of the refusals met on the way (413, a malformed If-Match).
/// Each at the services and through the gateway on real Kestrel ports: a problem, never a 5xx, and nothing written.
/// </summary>
[Trait("Category", "Security")]
[Collection(SecurePlatformCollection.Name)]
public sealed class OddBytesTests(SecurePlatformFixture platform)
{
    private static readonly string UnknownSurvey = new('x', 43);

    /// <summary>One JSON write per service (the service's own path), the public survey answer through the gateway too.</summary>
    public static TheoryData<string, string, bool> JsonWrites() => new()
    {
        { "recruitment", "/admin/marathons", true },
        { "needs", "/admin/associations", true },
        { "teams", $"/admin/{Guid.NewGuid()}/members", true },
        { "feedback", $"/api/surveys/{UnknownSurvey}/responses", false },
        { "gateway", $"/api/surveys/{UnknownSurvey}/responses", false },
        { "gateway", "/admin/recruitment/marathons", true },
    };

    private Uri Address(string target) => target == "gateway" ? platform.Gateway : platform.Services[target];

    private HttpClient Client(string target, bool staff) =>
        SecurePlatformFixture.Client(Address(target), staff ? Tokens.Staff() : null);

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}";

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {await Describe(response)}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: not a problem: {await Describe(response)}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static ByteArrayContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>A body every endpoint above would take but for its first property, whose name is not UTF-8.</summary>
    private static byte[] WithBadPropertyName(string path)
    {
        var valid = path.EndsWith("/marathons", StringComparison.Ordinal)
            ? JsonSerializer.Serialize(MarathonSchedulingTests.AMarathon("Odd bytes"))
            : path.EndsWith("/associations", StringComparison.Ordinal)
                ? JsonSerializer.Serialize(new { name = "Odd bytes", mission = "m", causeArea = "education", contactEmail = "odd@example.org" })
                : "{\"volunteerId\":\"" + Guid.NewGuid() + "\",\"answers\":{}}";
        return [.. "{\""u8, 0xFF, .. "nps\":1,"u8, .. Encoding.UTF8.GetBytes(valid[1..])];
    }

    /// <summary>What the write would change: the number of marathons and of associations.</summary>
    private async Task<(long Marathons, long Associations)> Counts()
    {
        var recruitment = Client("recruitment", staff: true);
        var needs = Client("needs", staff: true);
        return ((await recruitment.GetFromJsonAsync<JsonElement>("/api/marathons")).GetProperty("total").GetInt64(),
            (await needs.GetFromJsonAsync<JsonElement>("/admin/associations")).GetProperty("total").GetInt64());
    }

    [Theory]
    [MemberData(nameof(JsonWrites))]
    public async Task Invalid_UTF8_in_a_property_name_is_a_400_problem_and_writes_nothing(string target, string path, bool staff)
    {
        var before = await Counts();

        var response = await Client(target, staff).PostAsync(path, Raw(WithBadPropertyName(path), "application/json"));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, $"{target} {path}");
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(), $"no errors: {problem}");
        Assert.Equal(before, await Counts());
    }

    [Theory]
    [MemberData(nameof(JsonWrites))]
    public async Task A_charset_that_is_not_UTF8_is_a_400_problem_naming_the_content_type(string target, string path, bool staff)
    {
        var before = await Counts();
        var client = Client(target, staff);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(MarathonSchedulingTests.AMarathon("Odd charset")));
        foreach (var contentType in new[]
        {
            "application/json; charset=bogus", "application/json; charset=", "application/json; charset=\"\"", "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1", "application/json; charset=utf-8; charset=bogus",
        })
        {
            var response = await client.PostAsync(path, Raw(body, contentType));

            var problem = await AssertProblem(response, HttpStatusCode.BadRequest, $"{target} {path} {contentType}");
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("Content-Type", out _), $"{contentType}: {problem}");
        }
        Assert.Equal(before, await Counts());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=\"utf-8\"")]
    [InlineData("application/json")]
    public async Task UTF8_in_any_spelling_is_read(string contentType)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(MarathonSchedulingTests.AMarathon("Spelled UTF-8")));

        var response = await Client("gateway", staff: true).PostAsync("/admin/recruitment/marathons", Raw(body, contentType));

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{contentType}: {await Describe(response)}");
    }

    /// <summary>A client that writes header values as the bytes of <paramref name="encoding"/>, as a browser writes a cookie's UTF-8.</summary>
    private static HttpClient RawHeaderClient(Uri address, Encoding encoding, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => encoding })
        {
            BaseAddress = address,
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        client.DefaultRequestHeaders.TryAddWithoutValidation("Cookie", "pref=é; theme=☀");
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "Navigateur/1.0 (Société Générale)");
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Note", "déjà vu 😀");
        return client;
    }

    [Fact]
    public async Task Non_ASCII_header_bytes_pass_the_gateway_to_the_service()
    {
        var gateway = RawHeaderClient(platform.Gateway, Encoding.UTF8, Tokens.Staff());
        var direct = RawHeaderClient(platform.Services["feedback"], Encoding.UTF8);

        var api = await gateway.GetAsync("/api/marathons");
        Assert.True(api.StatusCode == HttpStatusCode.OK, $"api: {await Describe(api)}");
        var survey = await RawHeaderClient(platform.Gateway, Encoding.UTF8).GetAsync($"/surveys/{UnknownSurvey}");
        var surveyDirect = await direct.GetAsync($"/surveys/{UnknownSurvey}");
        Assert.True(survey.StatusCode == surveyDirect.StatusCode && survey.StatusCode == HttpStatusCode.NotFound, $"survey page: {await Describe(survey)}");
        Assert.Equal("text/html", survey.Content.Headers.ContentType?.MediaType);
        var write = await gateway.PostAsync("/admin/recruitment/marathons", JsonContent.Create(MarathonSchedulingTests.AMarathon("Header bytes")));
        Assert.True(write.StatusCode == HttpStatusCode.Created, $"write: {await Describe(write)}");
    }

    /// <summary>Bytes that are not UTF-8 (a Latin-1 é) are refused where they arrive, as the service itself would: a problem, not a 502.</summary>
    [Fact]
    public async Task Header_bytes_that_are_not_UTF8_are_a_400_problem_at_the_gateway()
    {
        var response = await RawHeaderClient(platform.Gateway, Encoding.Latin1, Tokens.Staff()).GetAsync("/api/marathons");

        await AssertProblem(response, HttpStatusCode.BadRequest, "latin-1 header");
    }

    [Theory]
    [InlineData("recruitment", "/admin/marathons")]
    [InlineData("gateway", "/admin/recruitment/marathons")]
    public async Task A_body_too_large_is_titled_so(string target, string path)
    {
        var body = $"{{\"name\":\"{new string('a', 1_100_000)}\"}}";

        var response = await Client(target, staff: true).PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, target);
        Assert.Equal("Request body too large", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("\"1")]
    [InlineData("1\"")]
    [InlineData("1")]
    [InlineData("W/\"1")]
    [InlineData("\"1\"x")]
    [InlineData("\"\"")]
    [InlineData("\"\"1\"\"")]
    public async Task A_malformed_If_Match_is_a_400_problem_and_moves_nothing(string ifMatch)
    {
        var staff = Client("recruitment", staff: true);
        var scheduled = await staff.PostAsJsonAsync("/admin/marathons", MarathonSchedulingTests.AMarathon("If-Match"));
        Assert.Equal("\"1\"", scheduled.Headers.ETag?.Tag);
        var id = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        using var open = new HttpRequestMessage(HttpMethod.Post, $"/admin/marathons/{id}/open-registration");
        open.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        var problem = await AssertProblem(await staff.SendAsync(open), HttpStatusCode.BadRequest, $"If-Match: {ifMatch}");

        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
        Assert.Equal("planned", (await staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}")).GetProperty("status").GetString());
    }
}
