using ProBono.IntegrationTests.Recruitment;

namespace ProBono.IntegrationTests.OpenApi;

/// <summary>
/// What API.md asks of the Recruitment document, read from the running service (tools/openapi/check.sh has outside
/// linters judge all four): every problem response with its schema, the query parameters and headers the handlers
/// read themselves, numbers typed as numbers, a CSV body described as text.
/// </summary>
public sealed class RecruitmentOpenApiDocumentTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private async Task<JsonElement> Document() =>
        await fixture.Host.ClientWith(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<string> Responses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

    private static IEnumerable<(string In, string Name)> Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Select(p => (p.GetProperty("in").GetString()!, p.GetProperty("name").GetString()!))
            : [];

    private static string? SchemaRef(JsonElement response, string mediaType) =>
        response.GetProperty("content").GetProperty(mediaType).GetProperty("schema").GetProperty("$ref").GetString();

    [Fact]
    public async Task Problem_responses_are_declared_with_the_problem_details_schemas()
    {
        var document = await Document();

        var get = Operation(document, "/api/marathons/{marathonId}", "get");
        Assert.Superset(new HashSet<string> { "200", "401", "403", "404", "429" }, Responses(get).ToHashSet());
        Assert.Equal("#/components/schemas/ProblemDetails", SchemaRef(get.GetProperty("responses").GetProperty("404"), "application/problem+json"));

        var register = Operation(document, "/api/marathons/{marathonId}/volunteers", "post");
        Assert.Superset(new HashSet<string> { "400", "403", "404", "409", "422" }, Responses(register).ToHashSet());
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails",
            SchemaRef(register.GetProperty("responses").GetProperty("400"), "application/problem+json"));
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty("HttpValidationProblemDetails")
            .GetProperty("properties").TryGetProperty("errors", out _));
        Assert.True(Operation(document, "/api/marathons/{marathonId}/volunteers", "post")
            .GetProperty("responses").GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
    }

    [Fact]
    public async Task Query_parameters_and_headers_read_from_the_request_are_declared()
    {
        var document = await Document();

        Assert.Superset(new HashSet<(string, string)> { ("query", "page"), ("query", "pageSize"), ("query", "status") },
            Parameters(Operation(document, "/api/marathons/{marathonId}/volunteers", "get")).ToHashSet());
        Assert.Contains(("header", "Idempotency-Key"), Parameters(Operation(document, "/admin/recruitment/marathons", "post")));
        var addPartner = Operation(document, "/admin/recruitment/marathons/{marathonId}/partners", "post");
        Assert.Contains(("header", "If-Match"), Parameters(addPartner));
        Assert.Contains("412", Responses(addPartner));
        Assert.True(addPartner.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
    }

    [Fact]
    public async Task Numbers_are_typed_as_numbers_and_the_csv_body_as_text()
    {
        var document = await Document();

        Assert.Empty(FindTypeUnions(document)); // ASP.NET's default: "integer"|"string" for every number
        var bulk = Operation(document, "/api/marathons/{marathonId}/volunteers/bulk", "post");
        var csv = bulk.GetProperty("requestBody").GetProperty("content").GetProperty("text/csv").GetProperty("schema");
        Assert.Equal("string", csv.GetProperty("type").GetString());
        Assert.Superset(new HashSet<string> { "413", "415" }, Responses(bulk).ToHashSet());
    }

    [Fact]
    public async Task The_messaging_admin_operation_ids_carry_the_service()
    {
        var document = await Document();

        Assert.Equal("RecruitmentListFailedMessages", Operation(document, "/admin/recruitment/messaging/errors", "get").GetProperty("operationId").GetString());
        var ids = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value.GetProperty("operationId").GetString()))
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_a_400_not_a_guess()
    {
        var staff = fixture.Host.ClientWith(Tokens.Staff());

        var response = await staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Strings",
            venue = "Nantes",
            date = "2030-11-16",
            registrationDeadline = "2030-11-01",
            hourlyValueEur = "80",
            partners = new[] { new { partnerId = "edf", name = "EDF", quota = 12 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Every "type" written as a list (JSON Schema 2020-12 unions), joined, e.g. "integer|string".</summary>
    private static IEnumerable<string> FindTypeUnions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "type" && property.Value.ValueKind == JsonValueKind.Array)
                {
                    var types = property.Value.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").ToList();
                    if (types.Count > 1)
                    {
                        yield return string.Join('|', types.Select(t => $"\"{t}\""));
                    }
                }
                foreach (var nested in FindTypeUnions(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(FindTypeUnions))
            {
                yield return nested;
            }
        }
    }
}
