using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ProBono.Bench;

/// <summary>The calls the benchmark makes, as a partner or staff would, with tokens signed like API.md's local default.</summary>
internal sealed class Platform(HttpClient http, Uri gateway, Uri direct, string signingKey)
{
    private static readonly string[] Skills = ["communication", "marketing", "digital", "design", "finance", "legal", "it", "data"];
    private readonly Dictionary<string, string> partnerTokens = [];

    /// <summary>The key the platform signs with: <c>PROBONO_SIGNING_KEY</c>, else the local default.</summary>
    public static string SigningKey => Environment.GetEnvironmentVariable("PROBONO_SIGNING_KEY") ?? Tokens.DevelopmentKey;

    public Uri Gateway => gateway;

    public Uri Direct => direct;

    public Uri Base(string route) => route == "gateway" ? gateway : direct;

    public string StaffToken { get; } = Tokens.Mint("staff", key: signingKey, subject: "bench", lifetime: TimeSpan.FromHours(2));

    public string PartnerToken(string partnerId)
    {
        if (!partnerTokens.TryGetValue(partnerId, out var token))
        {
            token = partnerTokens[partnerId] = Tokens.Mint("partner", new Dictionary<string, string> { ["partner_id"] = partnerId },
                signingKey, TimeSpan.FromHours(2));
        }
        return token;
    }

    public static string[] Partners(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => $"{prefix}-{i:D2}").ToArray();

    /// <summary>A marathon next year whose partners have the largest quota API.md allows, registration open.</summary>
    public async Task<Guid> OpenMarathon(string name, IReadOnlyList<string> partners, int quota = 10_000)
    {
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(300);
        var body = new
        {
            name = $"Bench {name} {Guid.NewGuid().ToString()[..8]}",
            venue = "Benchmark",
            date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            registrationDeadline = date.AddDays(-14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            hoursPerVolunteer = 7,
            hourlyValueEur = 95,
            partners = partners.Select(p => new { partnerId = p, name = p, quota }).ToArray(),
        };
        var created = await Send<Created>(HttpMethod.Post, new Uri(gateway, "/admin/recruitment/marathons"), StaffToken, JsonContent.Create(body));
        await Send<JsonElement>(HttpMethod.Post, new Uri(gateway, $"/admin/recruitment/marathons/{created.MarathonId}/open-registration"), StaffToken, null);
        return created.MarathonId;
    }

    /// <summary>One registration body; the employee reference makes it unique within its partner.</summary>
    public static string Registration(string employeeRef, string? partnerId = null)
    {
        var partner = partnerId is null ? "" : $"\"partnerId\":\"{partnerId}\",";
        var first = Skills[employeeRef.Length % Skills.Length];
        var second = Skills[employeeRef[^1] % Skills.Length];
        return "{" + partner + $"\"employeeRef\":\"{employeeRef}\",\"firstName\":\"Bench\",\"lastName\":\"Volunteer {employeeRef}\"," +
            $"\"email\":\"{employeeRef}@bench.example\",\"skills\":[\"{first}\",\"{second}\"],\"leadCapable\":false,\"causePreferences\":[\"education\"]}}";
    }

    public HttpRequestMessage Register(string route, Guid marathonId, string partnerId, string employeeRef)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Base(route), $"/api/marathons/{marathonId}/volunteers"))
        {
            Content = new StringContent(Registration(employeeRef), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PartnerToken(partnerId));
        return request;
    }

    public HttpRequestMessage ReadMarathon(string route, Guid marathonId, string partnerId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base(route), $"/api/marathons/{marathonId}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PartnerToken(partnerId));
        return request;
    }

    /// <summary>Staff's bulk call, JSON rows naming their partner, round robin over <paramref name="partners"/>.</summary>
    public async Task<int> BulkJson(string route, Guid marathonId, IReadOnlyList<string> partners, int rows, string refPrefix)
    {
        var body = new StringBuilder(rows * 260).Append('[');
        for (var i = 0; i < rows; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(Registration($"{refPrefix}{i}", partners[i % partners.Count]));
        }
        body.Append(']');
        return await Bulk(route, marathonId, StaffToken, new StringContent(body.ToString(), Encoding.UTF8, "application/json"));
    }

    /// <summary>A partner's own CSV file: the header and one employee per row, skills ';'-separated.</summary>
    public async Task<int> BulkCsv(string route, Guid marathonId, string partnerId, int rows, string refPrefix)
    {
        var csv = new StringBuilder(rows * 120).Append("employeeRef,firstName,lastName,email,skills,leadCapable,causePreferences\n");
        for (var i = 0; i < rows; i++)
        {
            var reference = $"{refPrefix}{i}";
            csv.Append(CultureInfo.InvariantCulture, $"{reference},Bench,Volunteer {reference},{reference}@bench.example,{Skills[i % Skills.Length]};{Skills[(i / 8) % Skills.Length]},{(i % 5 == 0 ? "true" : "false")},education;health\n");
        }
        return await Bulk(route, marathonId, PartnerToken(partnerId), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
    }

    private async Task<int> Bulk(string route, Guid marathonId, string token, HttpContent content)
    {
        var result = await Send<JsonElement>(HttpMethod.Post, new Uri(Base(route), $"/api/marathons/{marathonId}/volunteers/bulk"), token, content);
        var kept = 0;
        foreach (var row in result.GetProperty("results").EnumerateArray())
        {
            if (row.TryGetProperty("volunteerId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                kept++;
            }
        }
        return kept;
    }

    /// <summary>200 once Teams has heard of the marathon (its read model, fed by Recruitment's events).</summary>
    public async Task<bool> TeamsKnows(Guid marathonId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, $"/admin/teams/marathons/{marathonId}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StaffToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task<T> Send<T>(HttpMethod method, Uri uri, string token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    internal sealed record Created(Guid MarathonId, string Status);
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
