using System.Text;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// At the gateway and at each service on real Kestrel ports: bad tokens get a bare 401, every response carries the
/// security headers, and what Kestrel or the limits refuse is still problem+json.
/// </summary>
[Trait("Category", "Security")]
[Collection(SecurePlatformCollection.Name)]
public sealed class EdgeTests(SecurePlatformFixture platform)
{
    /// <summary>One authenticated GET per service, and the gateway's path to it.</summary>
    public static TheoryData<string, string, string> Protected() => new()
    {
        { "recruitment", "/api/marathons", "/api/marathons" },
        { "needs", "/api/needs", "/api/needs" },
        { "teams", $"/api/teams/{Guid.NewGuid()}", $"/api/teams/{Guid.NewGuid()}" },
        { "feedback", $"/api/marathons/{Guid.NewGuid()}/impact", $"/api/marathons/{Guid.NewGuid()}/impact" },
    };

    public static TheoryData<string> Targets() => ["gateway", "recruitment", "needs", "teams", "feedback"];

    private Uri Address(string target) => target == "gateway" ? platform.Gateway : platform.Services[target];

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}";

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {await Describe(response)}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"not a problem: {await Describe(response)}");
    }

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Every_bad_token_gets_a_bare_401_at_the_service_and_at_the_gateway(string service, string path, string gatewayPath)
    {
        foreach (var (why, token) in BadTokens.All())
        {
            foreach (var (where, response) in new[]
            {
                (service, await SecurePlatformFixture.Client(platform.Services[service], token).GetAsync(path)),
                ("gateway", await SecurePlatformFixture.Client(platform.Gateway, token).GetAsync(gatewayPath)),
            })
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{where} let a token with {why} through: {await Describe(response)}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                // the scheme only: no error="invalid_token", no error_description naming the failed check
                Assert.Equal(["Bearer"], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
            }
        }
        // and a good token gets past both, so the 401s above are the tokens' doing
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await SecurePlatformFixture.Client(platform.Services[service], Tokens.Staff()).GetAsync(path)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await SecurePlatformFixture.Client(platform.Gateway, Tokens.Staff()).GetAsync(gatewayPath)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_response_says_nosniff_and_no_referrer_and_api_answers_are_not_stored(string target)
    {
        var staff = SecurePlatformFixture.Client(Address(target), Tokens.Staff());
        var anonymous = SecurePlatformFixture.Client(Address(target));
        var api = target switch
        {
            "needs" => "/api/needs",
            "teams" => $"/api/teams/{Guid.NewGuid()}",
            "feedback" => $"/api/marathons/{Guid.NewGuid()}/impact",
            _ => "/api/marathons",
        };
        var responses = new List<(string What, HttpResponseMessage Response, bool Api)>
        {
            ("api as staff", await staff.GetAsync(api), true),
            ("api anonymous (401)", await anonymous.GetAsync(api), true),
            ("admin unknown (404)", await staff.GetAsync("/admin/no-such-thing"), true),
            ("health", await anonymous.GetAsync("/health"), false),
            ("unknown path", await anonymous.GetAsync("/no-such-thing"), false),
        };
        foreach (var (what, response, isApi) in responses)
        {
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.SequenceEqual(["nosniff"]), $"{target} {what}: no nosniff");
            Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.SequenceEqual(["no-referrer"]), $"{target} {what}: no Referrer-Policy");
            if (isApi)
            {
                Assert.True(response.Headers.CacheControl?.NoStore == true, $"{target} {what}: Cache-Control is '{response.Headers.CacheControl}'");
            }
        }
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("feedback")]
    public async Task The_survey_page_keeps_its_content_security_policy(string target)
    {
        var response = await SecurePlatformFixture.Client(Address(target)).GetAsync($"/surveys/{new string('x', 43)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("default-src 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_long_url_is_a_414_problem(string target)
    {
        var response = await SecurePlatformFixture.Client(Address(target), Tokens.Staff()).GetAsync($"/api/marathons?q={new string('a', 9000)}");

        await AssertProblem(response, HttpStatusCode.RequestUriTooLong);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Large_headers_are_a_431_problem(string target)
    {
        var client = SecurePlatformFixture.Client(Address(target), Tokens.Staff());
        client.DefaultRequestHeaders.Add("X-Padding", new string('a', 40_000));

        await AssertProblem(await client.GetAsync("/api/marathons"), HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    /// <summary>
    /// Past Kestrel's backstop (four times our limits) and for a NUL in the path, Kestrel refuses before any middleware:
    /// only the gateway faces callers, and its connection middleware (KestrelRefusals) still gives a problem body and our
    /// headers, where Kestrel alone sends neither body nor Content-Type (ADR 13).
    /// </summary>
    [Theory]
    [InlineData("gateway")]
    public async Task Past_kestrels_backstop_and_for_a_nul_in_the_path_the_answer_is_still_a_problem(string target)
    {
        var client = SecurePlatformFixture.Client(Address(target));
        await AssertKestrelProblem(await client.GetAsync($"/api/marathons?q={new string('a', 40_000)}"), HttpStatusCode.RequestUriTooLong, target);

        var headers = SecurePlatformFixture.Client(Address(target));
        headers.DefaultRequestHeaders.Add("X-Padding", new string('a', 140_000));
        await AssertKestrelProblem(await headers.GetAsync("/api/marathons"), HttpStatusCode.RequestHeaderFieldsTooLarge, target);

        await AssertKestrelProblem(await client.GetAsync("/api/marathons/a%00b"), HttpStatusCode.BadRequest, target);
    }

    private static async Task AssertKestrelProblem(HttpResponseMessage response, HttpStatusCode status, string target)
    {
        await AssertProblem(response, status);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), $"{target}: no title");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), $"{target}: no detail");
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{target}: Cache-Control is '{response.Headers.CacheControl}'");
        Assert.True(response.Headers.ConnectionClose == true, $"{target}: the connection is kept after a refusal");
    }

    /// <summary>
    /// On one connection, three requests sent at once: the OpenAPI document (large, chunked), <c>/alive</c>, and a
    /// request with a NUL in its path. The first two pass through the connection middleware untouched (the document
    /// is the same bytes a fresh client gets), and only the third, Kestrel's refusal, becomes a problem.
    /// </summary>
    [Theory]
    [InlineData("gateway")]
    public async Task On_a_kept_alive_connection_answers_pass_through_and_only_the_refusal_is_rewritten(string target)
    {
        var address = Address(target);
        const string documentPath = "/openapi/recruitment.json";
        var expectedDocument = await SecurePlatformFixture.Client(address).GetByteArrayAsync(documentPath);

        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        var host = $"Host: {address.Authority}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {documentPath} HTTP/1.1\r\n{host}\r\nGET /alive HTTP/1.1\r\n{host}\r\nGET /api/a%00b HTTP/1.1\r\n{host}\r\n"));
        using var all = new MemoryStream();
        // the server closes the connection after its refusal (Connection: close): that ends the copy
        await stream.CopyToAsync(all).WaitAsync(TimeSpan.FromSeconds(30));
        var responses = RawResponse.ReadAll(all.ToArray());

        Assert.Equal([200, 200, 400], responses.Select(r => r.Status));
        Assert.True(responses[0].Body.SequenceEqual(expectedDocument), $"{target}: the document changed on its way ({responses[0].Body.Length} bytes, expected {expectedDocument.Length})");
        Assert.Equal("Healthy", Encoding.UTF8.GetString(responses[1].Body));
        Assert.Equal("application/problem+json", responses[2].Headers["Content-Type"]);
        Assert.Equal(400, JsonDocument.Parse(responses[2].Body).RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_bad_path_is_a_problem_not_an_empty_page(string target)
    {
        var client = SecurePlatformFixture.Client(Address(target), Tokens.Staff());
        foreach (var path in new[] { "/api/%zz%", "/api/marathons/not-a-guid", "/api/needs/..%2F..%2Fetc", "/api/teams/%C0%AF", "/%ff%fe" })
        {
            var response = await client.GetAsync(path);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{target} {path}: {await Describe(response)}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{target} {path}: {await Describe(response)}");
        }
    }

    [Theory]
    [InlineData("recruitment", "/admin/marathons")]
    [InlineData("gateway", "/admin/recruitment/marathons")]
    public async Task A_body_over_1_MB_is_a_413_problem(string target, string path)
    {
        var body = $"{{\"name\":\"{new string('a', 1_100_000)}\"}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await AssertProblem(await SecurePlatformFixture.Client(Address(target), Tokens.Staff()).PostAsync(path, content), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("recruitment", "/api/marathons/{0}/volunteers/bulk")]
    [InlineData("gateway", "/api/marathons/{0}/volunteers/bulk")]
    public async Task The_csv_import_takes_more_than_1_MB(string target, string path)
    {
        var csv = new StringBuilder("employeeRef,firstName,lastName,email\n");
        // under the import's 10,000 rows, each long enough (a name too long is that row's error, not the call's)
        for (var row = 0; row < 9_000; row++)
        {
            csv.Append("E-").Append(row).Append(",Camille,").Append('M', 200).Append(",camille@example.org\n");
        }
        Assert.True(csv.Length > 1_500_000);
        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");

        var response = await SecurePlatformFixture.Client(Address(target), Tokens.Staff()).PostAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid()), content);

        // read whole (an unknown marathon, or the rows' own errors), not refused for its size
        Assert.True(response.StatusCode != HttpStatusCode.RequestEntityTooLarge && (int)response.StatusCode < 500, await Describe(response));
    }
}

/// <summary>HTTP/1.1 responses read off a socket: status, headers, and the body (Content-Length or chunked).</summary>
internal sealed record RawResponse(int Status, Dictionary<string, string> Headers, byte[] Body)
{
    public static List<RawResponse> ReadAll(byte[] bytes)
    {
        var responses = new List<RawResponse>();
        var at = 0;
        while (at < bytes.Length)
        {
            var headEnd = IndexOf(bytes, "\r\n\r\n"u8, at);
            var lines = Encoding.ASCII.GetString(bytes, at, headEnd - at).Split("\r\n");
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
            at = headEnd + 4;
            var body = new MemoryStream();
            if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding == "chunked")
            {
                while (true)
                {
                    var sizeEnd = IndexOf(bytes, "\r\n"u8, at);
                    var size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, sizeEnd - at), 16);
                    at = sizeEnd + 2;
                    body.Write(bytes, at, size);
                    at += size + 2;
                    if (size == 0)
                    {
                        break;
                    }
                }
            }
            else
            {
                var length = int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture);
                body.Write(bytes, at, length);
                at += length;
            }
            responses.Add(new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body.ToArray()));
        }
        return responses;
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> what, int from)
    {
        var index = bytes.AsSpan(from).IndexOf(what);
        return index < 0 ? throw new InvalidDataException($"no {Encoding.ASCII.GetString(what)} after byte {from}") : from + index;
    }
}
