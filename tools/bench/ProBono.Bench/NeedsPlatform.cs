using System.Net.Http.Headers;
using System.Text;

namespace ProBono.Bench;

/// <summary>The Needs calls the benchmark makes through the gateway, as associations, staff and partners would.</summary>
internal sealed class NeedsPlatform(HttpClient http, Platform platform, string signingKey)
{
    private static readonly string[] Skills = ["communication", "marketing", "digital", "design", "project-management", "finance", "legal", "it", "data"];
    private static readonly string[] Causes = ["education", "employment", "culture", "health", "environment", "social-inclusion"];

    public Platform Recruitment => platform;

    private Uri Gateway => platform.Gateway;

    /// <summary>Staff register <paramref name="count"/> associations; each gets its own token (its own tenant).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Token)>> RegisterAssociations(int count)
    {
        var associations = new List<(Guid, string)>();
        for (var i = 0; i < count; i++)
        {
            var body = new
            {
                name = $"Bench association {i} {Guid.NewGuid().ToString()[..8]}",
                mission = "Measured by the benchmark.",
                causeArea = Causes[i % Causes.Length],
                contactEmail = $"association{i}@bench.example",
            };
            var created = await platform.Send<JsonElement>(HttpMethod.Post, new Uri(Gateway, "/admin/needs/associations"), platform.StaffToken, JsonContent.Create(body));
            var id = created.GetProperty("associationId").GetGuid();
            associations.Add((id, Tokens.Mint("association", new Dictionary<string, string> { ["association_id"] = id.ToString() }, signingKey, TimeSpan.FromHours(2))));
        }
        return associations;
    }

    /// <summary>A marathon scheduled in Recruitment, once Needs has heard of it (its copy answers 200): only then does it take needs.</summary>
    public async Task<Guid> MarathonForNeeds(string name)
    {
        var marathon = await platform.OpenMarathon(name, ["bench-partner"], quota: 10);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var request = Get($"/admin/needs/marathons/{marathon}", platform.StaffToken);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return marathon;
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"Needs did not hear of marathon {marathon} within 60 s (last answer {(int)response.StatusCode}).");
            }
            await Task.Delay(20);
        }
    }

    public static string Submission(Guid marathonId, long n)
    {
        var first = Skills[n % Skills.Length];
        var second = Skills[(n / Skills.Length + 1 + n) % Skills.Length];
        var skills = first == second
            ? $"[{{\"skill\":\"{first}\",\"count\":2}}]"
            : $"[{{\"skill\":\"{first}\",\"count\":2}},{{\"skill\":\"{second}\",\"count\":1}}]";
        return $"{{\"marathonId\":\"{marathonId}\",\"title\":\"Bench need {n}\",\"description\":\"A need the benchmark submits.\\nSecond line.\"," +
               $"\"deliverable\":\"A deliverable for need {n}\",\"requiredSkills\":{skills},\"teamSize\":{{\"min\":3,\"max\":5}}}}";
    }

    public HttpRequestMessage Submit(Guid marathonId, string associationToken, long n) =>
        Post("/api/needs", associationToken, Submission(marathonId, n), null);

    public HttpRequestMessage Qualify(Guid needId, string? etag) =>
        Post($"/admin/needs/{needId}/qualify", platform.StaffToken, "{\"notes\":\"Qualified by the benchmark.\"}", etag);

    public HttpRequestMessage Publish(Guid needId, string? etag) =>
        Post($"/admin/needs/{needId}/publish", platform.StaffToken, null, etag);

    public HttpRequestMessage Board(Guid marathonId) => Get($"/admin/needs/marathons/{marathonId}/board", platform.StaffToken);

    public HttpRequestMessage List(Guid marathonId, string token, int pageSize = 50) => Get($"/api/needs?marathonId={marathonId}&pageSize={pageSize}", token);

    public HttpRequestMessage Need(Guid needId, string token) => Get($"/api/needs/{needId}", token);

    public string StaffToken => platform.StaffToken;

    public string PartnerToken => platform.PartnerToken("bench-partner");

    /// <summary>
    /// One need through its three writes, each sending the ETag the last answered as <c>If-Match</c>, as a staff tool would.
    /// Returns the need's id, or the first failure.
    /// </summary>
    public async Task<(Guid? NeedId, string? Failure)> SubmitQualifyPublish(Guid marathonId, string associationToken, long n)
    {
        var (needId, etag, failure) = await Write(Submit(marathonId, associationToken, n), read: true);
        if (failure is not null)
        {
            return (null, failure);
        }
        (_, etag, failure) = await Write(Qualify(needId!.Value, etag), read: false);
        if (failure is not null)
        {
            return (null, failure);
        }
        (_, _, failure) = await Write(Publish(needId.Value, etag), read: false);
        return failure is null ? (needId, null) : (null, failure);
    }

    /// <summary>Submit and qualify, leaving the publication to the caller (the propagation sample times it).</summary>
    public async Task<(Guid NeedId, string? ETag)> SubmitAndQualify(Guid marathonId, string associationToken, long n)
    {
        var (needId, etag, failure) = await Write(Submit(marathonId, associationToken, n), read: true);
        if (failure is null)
        {
            (_, etag, failure) = await Write(Qualify(needId!.Value, etag), read: false);
        }
        return failure is null ? (needId!.Value, etag) : throw new InvalidOperationException(failure);
    }

    public async Task<(Guid? NeedId, string? ETag, string? Failure)> Write(HttpRequestMessage request, bool read)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                return (null, null, $"{request.Method} {request.RequestUri?.AbsolutePath} {(int)response.StatusCode} {(body.Length > 300 ? body[..300] + "…" : body)}");
            }
            var etag = response.Headers.ETag?.ToString();
            if (!read)
            {
                return (null, etag, null);
            }
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (created.GetProperty("needId").GetGuid(), etag, null);
        }
    }

    /// <summary>The board's count of published needs, or -1 while the marathon has none on it.</summary>
    public async Task<(int Total, int Published)> BoardFigures(Guid marathonId)
    {
        using var request = Board(marathonId);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return (-1, -1);
        }
        var board = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (board.GetProperty("total").GetInt32(), board.GetProperty("byStatus").GetProperty("published").GetInt32());
    }

    private HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Gateway, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private HttpRequestMessage Post(string path, string token, string? json, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway, path))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return request;
    }
}
