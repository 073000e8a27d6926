using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ProBono.ServiceDefaults.Http;
using ProBono.Token;
using Xunit.Abstractions;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// A bounded property-based fuzz of every operation of the four OpenAPI documents, as staff so that every handler is
/// reached: no answer is 5xx, and every error is problem+json naming nothing of our insides. The <c>Fuzz</c> category
/// runs many more cases than <see cref="Fuzz.CasesPerOperation"/> (docs/reliability.md).
/// </summary>
[Trait("Category", "Security")]
[Collection(SecurePlatformCollection.Name)]
public sealed class FuzzTests(SecurePlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public Task No_input_makes_a_5xx_or_an_error_that_is_not_a_problem() => Fuzz.Run(platform, output, Fuzz.CasesPerOperation);

    /// <summary>Runs only when PROBONO_FUZZ_CASES says how many cases per operation (the suite runs the bounded one above).</summary>
    [SkippableFact]
    [Trait("Category", "Fuzz")]
    public Task Longer_run()
    {
        Skip.IfNot(int.TryParse(Environment.GetEnvironmentVariable("PROBONO_FUZZ_CASES"), out var cases), "set PROBONO_FUZZ_CASES to run the long fuzz");
        return Fuzz.Run(platform, output, cases);
    }
}

internal static class Fuzz
{
    public const int CasesPerOperation = 12;

    private static readonly string[] OddTexts =
    [
        "", " ", "00000000-0000-0000-0000-000000000000", "not-a-guid", "../", "../../etc/passwd", "..\\..\\", "%", "%00", "\0", "\u0007bell",
        "\u202Eevil", "é😀ü", "\uFFFF", "-1", "0", "2147483648", "-9223372036854775809", "1e308", "NaN", "Infinity", "null", "true",
        "{}", "[]", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", new string('a', 5000), "a,b;c\"d", "\r\n\r\nX-Injected: 1",
    ];

    private static readonly string[] MalformedBodies =
    [
        "", "{", "[", "}", "{\"a\":}", "{\"a\" 1}", "[1,]", "{'a':1}", "nul", "\"unterminated", "{\"a\":1}}", "\u0000", "\uFEFF{}",
        "{\"a\":\"\\uD800\"}", new string('[', 10_000), "{\"a\":" + new string('9', 5000) + "}", "1e99999",
    ];

    private static readonly Gen<string> OddText = Gen.Frequency(
        (6, Gen.OneOf(OddTexts)),
        (2, Gen.Guid.Select(g => g.ToString())),
        (2, Gen.Char[(char)0, (char)31].Array[1, 20].Select(c => new string(c))),
        (2, Gen.String));

    private static readonly Gen<JsonNode?> OddValue = Gen.Frequency(
        (1, Gen.Const((JsonNode?)null)),
        (2, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (3, Gen.OneOf(long.MinValue, long.MaxValue, -1L, 0L, int.MaxValue + 1L, int.MinValue - 1L).Select(n => (JsonNode?)JsonValue.Create(n))),
        (2, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
        (2, Gen.OneOf(1e308, -1e308, 0.1, -0.000001, double.Epsilon).Select(d => (JsonNode?)JsonValue.Create(d))),
        (5, OddText.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Const<JsonNode?>(() => JsonValue.Create(new string('x', 1_000_000)))),
        (1, Gen.Const<JsonNode?>(() => new JsonObject())),
        (1, Gen.Const<JsonNode?>(() => new JsonArray(JsonValue.Create(1), JsonValue.Create("a"), null))));

    /// <summary>One request: its path parameters, query, and a body (raw text, and its media type).</summary>
    private sealed record Case(string[] PathValues, (string Name, string Value)[] Query, string? Body, string MediaType)
    {
        public override string ToString() =>
            $"path [{string.Join(", ", PathValues.Select(Show))}] query [{string.Join("&", Query.Select(q => $"{q.Name}={Show(q.Value)}"))}] {MediaType} body {Show(Body ?? "(none)")}";

        private static string Show(string s) => s.Length > 120 ? $"{JsonSerializer.Serialize(s[..120])}…({s.Length})" : JsonSerializer.Serialize(s);
    }

    private static Gen<Case> Cases(Operation operation)
    {
        var pathValues = Gen.Frequency((3, OddText), (2, Gen.Guid.Select(g => g.ToString()))).Array[operation.PathParameters.Count];
        var query = Gen.OneOf(operation.QueryParameters.Select(q => OddText.Select(v => (q.Name, v))).Append(Gen.OneOf(("page", "-5"), ("pageSize", "99999999999"))).ToArray())
            .Array[0, Math.Max(1, operation.QueryParameters.Count)];
        var (mediaType, schema) = operation.Bodies.Count > 0 ? operation.Bodies[0] : ("application/json", default);
        var body = operation.Bodies.Count == 0 && operation.Method is "get" or "delete"
            ? Gen.Const<(string?, string)>((null, "application/json"))
            : Gen.Frequency(
                (3, Gen.OneOf(MalformedBodies).Select(b => ((string?)b, "application/json"))),
                (4, ShapedObject(operation, schema).Select(b => ((string?)b, "application/json"))),
                (2, OddValue.Select(v => ((string?)(v?.ToJsonString() ?? "null"), "application/json"))),
                (1, OddText.Select(t => ((string?)t, mediaType == "text/csv" ? "text/csv" : "text/plain"))),
                (1, OddText.Array[1, 5].Select(row => ((string?)$"employeeRef,firstName,lastName,email\n{string.Join(",", row)}\n", "text/csv"))));
        return Gen.Select(pathValues, query, body, (p, q, b) => new Case(p, q, b.Item1, b.Item2));
    }

    /// <summary>An object with the schema's property names (so the handler's own checks run), each holding an odd value.</summary>
    private static Gen<string> ShapedObject(Operation operation, JsonElement schema)
    {
        var resolved = schema.ValueKind == JsonValueKind.Object ? operation.Resolve(schema) : default;
        var names = resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => p.Name).ToArray()
            : ["name", "id", "items"];
        if (resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("items", out _))
        {
            // an array body: an array of odd objects
            return OddValue.Array[0, 3].Select(items => new JsonArray([.. items.Select(i => (JsonNode?)new JsonObject { ["x"] = i })]).ToJsonString());
        }
        return OddValue.Array[names.Length].Select(values =>
        {
            var json = new JsonObject();
            for (var i = 0; i < names.Length; i++)
            {
                json[names[i]] = values[i];
            }
            return json.ToJsonString();
        });
    }

    /// <summary>Every byte percent-encoded: any text, lone surrogates included (as U+FFFD), is a valid path segment or query value.</summary>
    private static string Escape(string text) => string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"%{b:X2}"));

    /// <summary>A failure prints CsCheck's seed; PROBONO_FUZZ_SEED replays it.</summary>
    public static async Task Run(SecurePlatformFixture platform, ITestOutputHelper output, int casesPerOperation)
    {
        var seed = Environment.GetEnvironmentVariable("PROBONO_FUZZ_SEED");
        var operations = await Operation.All(platform);
        var clients = platform.Services.ToDictionary(s => s.Key, s =>
        {
            var client = SecurePlatformFixture.Client(s.Value, Tokens.Staff());
            client.Timeout = TimeSpan.FromSeconds(30);
            return client;
        });
        long tried = 0, errors = 0;
        var fives = 0;
        var nulPaths = 0;
        var closed = 0;
        foreach (var operation in operations)
        {
            // the documents name the gateway's paths: the services' own /admin paths lack the service's segment
            var servicePath = operation.Path.StartsWith($"/admin/{operation.Service}/", StringComparison.Ordinal)
                ? "/admin/" + operation.Path[$"/admin/{operation.Service}/".Length..]
                : operation.Path;
            var local = operation with { Path = servicePath };
            await Cases(operation).SampleAsync(async c =>
            {
                var path = local.PathParameters.Select((name, i) => (name, value: c.PathValues[i]))
                    .Aggregate(local.Path, (p, x) => p.Replace($"{{{x.name}}}", Escape(x.value), StringComparison.Ordinal));
                if (c.Query.Length > 0)
                {
                    path += "?" + string.Join("&", c.Query.Select(q => $"{Uri.EscapeDataString(q.Name)}={Escape(q.Value)}"));
                }
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), path);
                if (c.Body is not null)
                {
                    request.Content = new StringContent(c.Body, Encoding.UTF8, c.MediaType);
                }
                HttpResponseMessage sent;
                try
                {
                    sent = await clients[operation.Service].SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                }
                catch (HttpRequestException) when (Encoding.UTF8.GetByteCount(c.Body ?? "") > HttpLimits.DefaultMaxBodyBytes
                    || (path.Contains("%00", StringComparison.Ordinal) && c.Body?.Length > 64 * 1024))
                {
                    // a body past the limit, or a large one after a path Kestrel refuses (a NUL): the server answered
                    // before reading it all and closed the connection (as HTTP/1.1 lets it), so the client broke off
                    // writing; what it answers is checked by EdgeTests
                    Interlocked.Increment(ref tried);
                    Interlocked.Increment(ref closed);
                    return;
                }
                using var response = sent;
                Interlocked.Increment(ref tried);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (mediaType == "text/event-stream")
                {
                    return; // a live stream (the day board) answered: it never ends, and it is no error
                }
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref fives);
                }
                Assert.True((int)response.StatusCode < 500, $"{operation} → {(int)response.StatusCode} {body}");
                if (response.StatusCode == HttpStatusCode.BadRequest && path.Split('?')[0].Contains("%00", StringComparison.Ordinal))
                {
                    // Kestrel refuses a NUL in the path while parsing, before any middleware: a service answers its bare
                    // 400; callers reach only the gateway, which refuses it first as a problem (EdgeTests, ADR 13)
                    Interlocked.Increment(ref nulPaths);
                    Interlocked.Increment(ref errors);
                    return;
                }
                if ((int)response.StatusCode >= 400)
                {
                    Interlocked.Increment(ref errors);
                    // the survey page is a page for people: its errors are HTML, with the same headers
                    var page = operation.Path.StartsWith("/surveys/", StringComparison.Ordinal) && mediaType == "text/html";
                    Assert.True(page || mediaType == "application/problem+json", $"{operation} → {(int)response.StatusCode} {mediaType}: {body}");
                    LeakTests.AssertNoInsides(body, $"{operation} → {(int)response.StatusCode}");
                }
            }, iter: casesPerOperation, threads: 1, seed: seed, print: c => c.ToString());
        }
        output.WriteLine($"fuzz: {operations.Count} operations × {casesPerOperation} cases = {tried} requests, {errors} errors (problem+json but Kestrel's own), {fives} 5xx, {nulPaths} of them Kestrel's bare 400 for a NUL in the path, {closed} bodies over the limit cut off by the server");
    }
}
