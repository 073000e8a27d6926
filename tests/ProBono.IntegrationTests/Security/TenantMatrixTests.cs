using System.Text;
using ProBono.IntegrationTests.Needs;
using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.Security;

/// <summary>
/// Every <c>/api</c> operation, called through the gateway with another tenant's ids (in its path, or in the query
/// parameter by which staff name a partner), answers 403 or 404 and never shows that tenant's data. The operations come
/// from the OpenAPI documents, so a new endpoint is probed without editing this test; a path parameter it cannot fill fails it.
/// </summary>
[Trait("Category", "Security")]
[Collection(SecurePlatformCollection.Name)]
public sealed class TenantMatrixTests(SecurePlatformFixture platform, ITestOutputHelper output)
{
    /// <summary>Path parameters naming a resource that belongs to one tenant; the others (marathonId) name shared ones.</summary>
    private static readonly HashSet<string> TenantOwned = ["volunteerId", "needId", "teamId", "associationId", "proposalId", "webhookId", "deliveryId"];

    /// <summary>
    /// Query parameters by which staff name a tenant (a partner's report, tax pack, attendance): each such operation is probed
    /// once more with the victim's id in it.
    /// </summary>
    private static readonly HashSet<string> TenantNamingQuery = ["partnerId"];

    /// <summary>Answers that refuse a request before its tenant is looked at (the body or a precondition is wrong): no data, but no proof either; counted apart.</summary>
    private static readonly HashSet<HttpStatusCode> RefusedEarlier =
        [HttpStatusCode.BadRequest, HttpStatusCode.PreconditionRequired, HttpStatusCode.PreconditionFailed, HttpStatusCode.UnsupportedMediaType];

    private sealed record Tenant(string Role, string Token, Dictionary<string, string> VictimIds, List<string> Secrets);

    private HttpClient Gateway(string? token) => SecurePlatformFixture.Client(platform.Gateway, token);

    private async Task<JsonElement> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Every_api_operation_refuses_another_tenants_ids_and_shows_none_of_its_data()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var staff = Gateway(Tokens.Staff());
        string partnerA = $"alpha-{run}", partnerB = $"beta-{run}";

        // a marathon with two partners, two volunteers each
        var marathon = (await Created(await staff.PostAsJsonAsync("/admin/recruitment/marathons", MarathonSchedulingTests.AMarathon($"Matrix {run}",
            new { partnerId = partnerA, name = $"Alpha Corp {run}", quota = 10 }, new { partnerId = partnerB, name = $"Beta Corp {run}", quota = 10 }))))
            .GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/admin/recruitment/marathons/{marathon}/open-registration", null)).StatusCode);
        var volunteers = new Dictionary<string, List<(Guid Id, string LastName, string Email)>> { [partnerA] = [], [partnerB] = [] };
        foreach (var partner in new[] { partnerA, partnerB })
        {
            var client = Gateway(Tokens.Partner(partner));
            for (var i = 0; i < 2; i++)
            {
                var lastName = $"Zlast{partner[..4]}{i}{run}";
                var email = $"{partner}.{i}@{run}.example";
                var body = await Created(await client.PostAsJsonAsync($"/api/marathons/{marathon}/volunteers", new
                {
                    employeeRef = $"{partner}-{i}", firstName = "Ada", lastName, email, skills = new[] { "design" }, leadCapable = true,
                    causePreferences = new[] { "culture" }, hourlyCostEur = 50,
                }));
                volunteers[partner].Add((body.GetProperty("volunteerId").GetGuid(), lastName, email));
            }
        }

        // two associations with a need each (submitted, not published: only their own association and staff may see them)
        await Eventually.True(async () => (await staff.GetAsync($"/admin/needs/marathons/{marathon}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "Needs knows the marathon");
        var associations = new List<(Guid Id, Guid Need, string Title)>();
        foreach (var name in new[] { "A", "B" })
        {
            var association = (await Created(await staff.PostAsJsonAsync("/admin/needs/associations", new
            {
                name = $"Association {name} {run}", mission = "Helping people near them.", causeArea = "culture", contactEmail = $"contact-{name}@{run}.example",
            }))).GetProperty("associationId").GetGuid();
            var title = $"Need of {name} {run}";
            var need = await NeedsFixture.Submit(Gateway(Tokens.Association(association)), NeedsFixture.ANeed(marathon, title: title));
            associations.Add((association, need, title));
        }

        // partner B's webhook (staff subscribe it), with one delivery: what partner A must neither see, list nor redeliver
        var hookUrl = $"http://127.0.0.1:9/hook-{run}";
        var webhook = (await Created(await staff.PostAsJsonAsync("/api/webhooks", new { partnerId = partnerB, url = hookUrl, events = new[] { "volunteer.confirmed" } })))
            .GetProperty("webhookId").GetGuid();

        var (a, b) = (associations[0], associations[1]);
        var needSecrets = new List<string> { a.Need.ToString(), a.Title, b.Need.ToString(), b.Title };
        string[] VolunteerSecrets(string partner, int? except = null) =>
        [
            .. volunteers[partner].Where((_, i) => i != except).SelectMany(v => new[] { v.Id.ToString(), v.LastName, v.Email }),
        ];
        var randomIds = new Dictionary<string, string>
        {
            ["teamId"] = Guid.NewGuid().ToString(), ["proposalId"] = Guid.NewGuid().ToString(),
            ["webhookId"] = webhook.ToString(), ["deliveryId"] = Guid.NewGuid().ToString(),
        };
        var tenants = new[]
        {
            new Tenant("partner", Tokens.Partner(partnerA),
                new(randomIds)
                {
                    ["volunteerId"] = volunteers[partnerB][0].Id.ToString(), ["needId"] = b.Need.ToString(), ["associationId"] = b.Id.ToString(), ["partnerId"] = partnerB,
                },
                [.. VolunteerSecrets(partnerB), partnerB, hookUrl, .. needSecrets]),
            new Tenant("association", Tokens.Association(a.Id),
                new(randomIds)
                {
                    ["volunteerId"] = volunteers[partnerB][0].Id.ToString(), ["needId"] = b.Need.ToString(), ["associationId"] = b.Id.ToString(), ["partnerId"] = partnerB,
                },
                [.. VolunteerSecrets(partnerA), .. VolunteerSecrets(partnerB), partnerA, partnerB, hookUrl, b.Need.ToString(), b.Title]),
            new Tenant("volunteer", Tokens.Volunteer(volunteers[partnerA][0].Id),
                new(randomIds)
                {
                    ["volunteerId"] = volunteers[partnerB][0].Id.ToString(), ["needId"] = b.Need.ToString(), ["associationId"] = b.Id.ToString(), ["partnerId"] = partnerB,
                },
                [.. VolunteerSecrets(partnerA, except: 0), .. VolunteerSecrets(partnerB), partnerB, hookUrl, .. needSecrets]),
        };

        var operations = (await Operation.All(platform)).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count >= 15, $"only {operations.Count} /api operations in the documents");
        var unclassified = operations.SelectMany(o => o.PathParameters.Where(p => p is not ("marathonId" or "token") && !TenantOwned.Contains(p)).Select(p => $"{o}: {{{p}}}")).ToList();
        Assert.True(unclassified.Count == 0, $"parameters the matrix cannot fill (say whose they are): {string.Join("; ", unclassified)}");

        int probes = 0, refusedEarlier = 0;
        var failures = new List<string>();
        foreach (var tenant in tenants)
        {
            var client = Gateway(tenant.Token);
            foreach (var (operation, namedInQuery) in operations.SelectMany(o => new[] { (o, (string?)null) }
                .Concat(o.Method == "get" ? o.QueryParameters.Where(q => TenantNamingQuery.Contains(q.Name)).Select(q => (o, (string?)q.Name)) : [])))
            {
                var path = operation.Fill(name => name switch
                {
                    "marathonId" => marathon.ToString(),
                    "token" => $"unknown-{run}-{Guid.NewGuid():N}",
                    _ => tenant.VictimIds[name],
                });
                if (namedInQuery is not null)
                {
                    // staff's way of naming a tenant, tried by another tenant with the victim's id
                    path += $"?{namedInQuery}={Uri.EscapeDataString(tenant.VictimIds[namedInQuery])}";
                }
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), path);
                if (operation.Method is "post" or "put" or "patch")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                probes++;
                var what = $"{tenant.Role} {request.Method} {path} → {(int)response.StatusCode}";
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{what}: a 5xx {body}");
                }
                // the ids the caller sent come back in a problem's detail: its own input, not the other tenant's data
                if (tenant.Secrets.FirstOrDefault(s => !path.Contains(s, StringComparison.OrdinalIgnoreCase) && body.Contains(s, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                {
                    failures.Add($"{what}: shows '{leaked}'");
                }
                var ownedByVictim = namedInQuery is not null || operation.PathParameters.Any(p => TenantOwned.Contains(p) || p == "token");
                if (ownedByVictim && response.IsSuccessStatusCode)
                {
                    failures.Add($"{what}: another tenant's resource answered {(int)response.StatusCode}");
                }
                else if (ownedByVictim && RefusedEarlier.Contains(response.StatusCode))
                {
                    refusedEarlier++;
                }
                else if (ownedByVictim && response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                {
                    failures.Add($"{what}: expected 403 or 404");
                }
            }
        }

        // the victims are untouched: their volunteers are still registered and their needs still submitted
        foreach (var (id, _, _) in volunteers[partnerB])
        {
            var volunteer = await staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathon}/volunteers/{id}");
            Assert.NotEqual("withdrawn", volunteer.GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/webhooks/{webhook}")).StatusCode);
        var needB = await staff.GetFromJsonAsync<JsonElement>($"/api/needs/{b.Need}");
        Assert.Equal("submitted", needB.GetProperty("status").GetString());

        var namingProbes = operations.Count(o => o.Method == "get" && o.QueryParameters.Any(q => TenantNamingQuery.Contains(q.Name)));
        Assert.True(namingProbes >= 3, $"only {namingProbes} operations name a partner in their query (attendance, impact, tax pack)");
        output.WriteLine($"tenant matrix: {operations.Count} /api operations × {tenants.Length} roles = {probes} probes ({namingProbes} operations also with " +
            $"another tenant named in the query), {failures.Count} failures, {refusedEarlier} refused before the tenant check (400/412/415/428)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
