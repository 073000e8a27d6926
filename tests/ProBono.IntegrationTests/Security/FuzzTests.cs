using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using ProBono.ServiceDefaults.Http;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// A bounded property-based fuzz of every operation of the four OpenAPI documents, as staff so that every handler is
/// reached, with bytes no string-typed client sends as well (property names and charsets that are not UTF-8, non-ASCII
/// header bytes through the gateway): no answer is 5xx, and every error is problem+json naming nothing of our insides.
/// The <c>Fuzz</c> category runs many more cases than <see cref="Fuzz.CasesPerOperation"/> (docs/reliability.md).
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

    /// <summary>Byte sequences that are not UTF-8: stray, overlong, surrogate, truncated, past U+10FFFF.</summary>
    private static readonly byte[][] NotUtf8 = [[0xFF], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF5, 0x80, 0x80, 0x80], [0xFE, 0xFF]];

    /// <summary>A JSON media type whose charset is unknown, not UTF-8, malformed, or UTF-8 spelled oddly.</summary>
    private static readonly string[] OddJsonTypes =
    [
        "application/json; charset=bogus", "application/json; charset=", "application/json; charset=\"\"", "application/json; charset=utf-16",
        "application/json; charset=utf-32", "application/json; charset=iso-8859-1", "application/json; charset=utf-7", "application/json; charset=ibm037",
        "application/json; charset=\"bogus", "application/json; charset=\"utf-8\"", "application/json;charset=UTF-8",
        "application/json; charset=utf-8; charset=latin1", "application/json; charset=utf-8; charset=utf-8", "application/json; charset",
        "application/json; =utf-8", "application/json;;", "application/problem+json; charset=bogus", "APPLICATION/JSON; CHARSET=BOGUS",
    ];

    private static readonly string[] OddCsvTypes = ["text/csv; charset=bogus", "text/csv; charset=utf-16", "text/csv; charset=\"utf-8\"", "text/csv; charset="];

    /// <summary>Header values that are not ASCII, as a browser sends a cookie holding "é" (written as UTF-8 or Latin-1 bytes).</summary>
    private static readonly (string Name, string Value)[] NonAsciiHeaders =
    [
        ("Cookie", "pref=é"), ("Cookie", "theme=☀; lang=fr"), ("User-Agent", "Navigateur/1.0 (Société Générale)"), ("Accept-Language", "fr-FR,é;q=0.5"),
        ("Accept-Language", "ü"), ("Referer", "https://exemple.fr/évènement"), ("X-Note", "déjà vu 😀"), ("If-Match", "\"é\""), ("Accept", "application/json, text/é"),
        ("Origin", "https://é.example"), ("X-Forwarded-For", "é"), ("Idempotency-Key", "clé-😀"), ("X-Note", "\u00a0\u00ff\uFFFD"),
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

    /// <summary>
    /// One request: its path parameters, query, a body (its bytes and Content-Type), and whether it goes through the
    /// gateway, with extra headers (non-ASCII ones, written as UTF-8 or Latin-1 bytes) or none.
    /// </summary>
    private sealed record Case(string[] PathValues, (string Name, string Value)[] Query, byte[]? Body, string ContentType, Via Via)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

        public override string ToString() =>
            $"{Via} path [{string.Join(", ", PathValues.Select(Show))}] query [{string.Join("&", Query.Select(q => $"{q.Name}={Show(q.Value)}"))}] {ContentType} body {ShowBody()}";

        private string ShowBody()
        {
            if (Body is null)
            {
                return "(none)";
            }
            try
            {
                return Show(StrictUtf8.GetString(Body));
            }
            catch (DecoderFallbackException)
            {
                return $"{Show(Encoding.Latin1.GetString(Body))} (not UTF-8: shown as Latin-1)";
            }
        }

        internal static string Show(string s) => s.Length > 120 ? $"{JsonSerializer.Serialize(s[..120])}…({s.Length})" : JsonSerializer.Serialize(s);
    }

    /// <summary>Straight to the service, or through the gateway with <see cref="Headers"/> written in <see cref="Latin1"/> or UTF-8.</summary>
    private sealed record Via(bool Gateway, (string Name, string Value)[] Headers, bool Latin1)
    {
        public override string ToString() => !Gateway ? "direct"
            : Headers.Length == 0 ? "via gateway"
            : $"via gateway with {(Latin1 ? "Latin-1" : "UTF-8")} headers [{string.Join("; ", Headers.Select(h => $"{h.Name}: {Case.Show(h.Value)}"))}]";
    }

    private static readonly Gen<Via> Vias = Gen.Frequency(
        (6, Gen.Const(new Via(false, [], false))),
        (1, Gen.Const(new Via(true, [], false))),
        (3, Gen.Select(Gen.OneOf(NonAsciiHeaders).Array[1, 3], Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))), (h, latin1) => new Via(true, h, latin1))));

    /// <summary>The JSON with bytes that are not UTF-8 at the start of its first property name (or an object holding only such a name).</summary>
    private static Gen<byte[]> WithNameNotUtf8(Gen<string> json) => Gen.Select<string, byte[], byte[]>(json, Gen.OneOf(NotUtf8), (text, bad) =>
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = bytes.AsSpan().IndexOf("{\""u8);
        return at < 0 ? [.. "{\""u8, .. bad, .. "nps\":1}"u8] : [.. bytes[..(at + 2)], .. bad, .. bytes[(at + 2)..]];
    });

    private static readonly Gen<string> JsonType = Gen.Frequency((8, Gen.Const("application/json")), (3, Gen.OneOf(OddJsonTypes)));

    private static readonly Gen<string> CsvType = Gen.Frequency((4, Gen.Const("text/csv")), (1, Gen.OneOf(OddCsvTypes)));

    private static Gen<(byte[]?, string)> Json(Gen<string> body) => Gen.Select(body, JsonType, (b, type) => ((byte[]?)Encoding.UTF8.GetBytes(b), type));

    private static Gen<Case> Cases(Operation operation)
    {
        var pathValues = Gen.Frequency((3, OddText), (2, Gen.Guid.Select(g => g.ToString()))).Array[operation.PathParameters.Count];
        var query = Gen.OneOf(operation.QueryParameters.Select(q => OddText.Select(v => (q.Name, v))).Append(Gen.OneOf(("page", "-5"), ("pageSize", "99999999999"))).ToArray())
            .Array[0, Math.Max(1, operation.QueryParameters.Count)];
        var (mediaType, schema) = operation.Bodies.Count > 0 ? operation.Bodies[0] : ("application/json", default);
        var body = operation.Bodies.Count == 0 && operation.Method is "get" or "delete"
            ? Gen.Const<(byte[]?, string)>((null, "application/json"))
            : Gen.Frequency(
                (3, Json(Gen.OneOf(MalformedBodies))),
                (4, Json(ShapedObject(operation, schema))),
                (2, Json(OddValue.Select(v => v?.ToJsonString() ?? "null"))),
                (2, Gen.Select(WithNameNotUtf8(ShapedObject(operation, schema)), JsonType, (b, type) => ((byte[]?)b, type))),
                (1, OddText.Select(t => ((byte[]?)Encoding.UTF8.GetBytes(t), mediaType == "text/csv" ? "text/csv" : "text/plain"))),
                (1, Gen.Select(OddText.Array[1, 5], CsvType,
                    (row, type) => ((byte[]?)Encoding.UTF8.GetBytes($"employeeRef,firstName,lastName,email\n{string.Join(",", row)}\n"), type))));
        return Gen.Select(pathValues, query, body, Vias, (p, q, b, via) => new Case(p, q, b.Item1, b.Item2, via));
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
        // HttpClient writes a header value that is not ASCII only as the bytes of an encoding it is given
        var gateway = new[] { false, true }.ToDictionary(latin1 => latin1, latin1 =>
        {
            var encoding = latin1 ? Encoding.Latin1 : Encoding.UTF8;
            var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => encoding })
            {
                BaseAddress = platform.Gateway,
                Timeout = TimeSpan.FromSeconds(30),
            };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Staff());
            return client;
        });
        long tried = 0, errors = 0;
        var fives = 0;
        var nulPaths = 0;
        var closed = 0;
        int namesNotUtf8 = 0, oddTypes = 0, nonAsciiHeaders = 0;
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
                    .Aggregate(c.Via.Gateway ? operation.Path : local.Path, (p, x) => p.Replace($"{{{x.name}}}", Escape(x.value), StringComparison.Ordinal));
                if (c.Query.Length > 0)
                {
                    path += "?" + string.Join("&", c.Query.Select(q => $"{Uri.EscapeDataString(q.Name)}={Escape(q.Value)}"));
                }
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), path);
                if (c.Body is not null)
                {
                    request.Content = new ByteArrayContent(c.Body);
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                }
                foreach (var (name, value) in c.Via.Headers)
                {
                    request.Headers.Remove(name);
                    request.Headers.TryAddWithoutValidation(name, value);
                }
                var client = c.Via.Gateway ? gateway[c.Via.Latin1] : clients[operation.Service];
                Count(c);
                HttpResponseMessage sent;
                try
                {
                    sent = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                }
                catch (HttpRequestException) when (c.Body?.Length > HttpLimits.DefaultMaxBodyBytes
                    || ((path.Contains("%00", StringComparison.Ordinal) || (c.Via.Latin1 && c.Via.Headers.Length > 0)) && c.Body?.Length > 64 * 1024))
                {
                    // a body past the limit, or a large one after a path or header Kestrel refuses (a NUL, bytes that
                    // are not UTF-8): the server answered before reading it all and closed the connection (as HTTP/1.1
                    // lets it), so the client broke off writing; what it answers is checked by EdgeTests and OddBytesTests
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
            }, iter: casesPerOperation, threads: 1, seed: seed, print: c => $"{operation} {c}");
        }
        void Count(Case c)
        {
            if (c.Body is { } body && !System.Text.Unicode.Utf8.IsValid(body))
            {
                namesNotUtf8++;
            }
            if (c.Body is not null && (OddJsonTypes.Contains(c.ContentType) || OddCsvTypes.Contains(c.ContentType)))
            {
                oddTypes++;
            }
            if (c.Via.Headers.Length > 0)
            {
                nonAsciiHeaders++;
            }
        }
        output.WriteLine($"fuzz: {operations.Count} operations × {casesPerOperation} cases = {tried} requests, {errors} errors (problem+json but Kestrel's own), {fives} 5xx, {nulPaths} of them Kestrel's bare 400 for a NUL in the path, {closed} bodies over the limit cut off by the server; "
            + $"{namesNotUtf8} bodies with a property name that is not UTF-8, {oddTypes} with an odd charset, {nonAsciiHeaders} with non-ASCII headers through the gateway");
    }
}
