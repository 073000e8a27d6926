namespace ProBono.IntegrationTests.Security;

/// <summary>One operation of a service's OpenAPI document, with the gateway's path (the documents name it).</summary>
internal sealed record Operation(string Service, string Method, string Path, IReadOnlyList<string> PathParameters,
    IReadOnlyList<(string Name, JsonElement Schema)> QueryParameters, IReadOnlyList<(string MediaType, JsonElement Schema)> Bodies, JsonElement Document)
{
    public override string ToString() => $"{Method.ToUpperInvariant()} {Path} ({Service})";

    /// <summary>Every operation of the four running services' documents, read from each service as a client would.</summary>
    public static async Task<List<Operation>> All(SecurePlatformFixture platform)
    {
        var operations = new List<Operation>();
        foreach (var (service, address) in platform.Services)
        {
            using var client = SecurePlatformFixture.Client(address);
            var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
                {
                    var parameters = method.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                    if (path.Value.TryGetProperty("parameters", out var shared))
                    {
                        parameters.AddRange(shared.EnumerateArray());
                    }
                    var bodies = method.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
                        ? content.EnumerateObject().Select(c => (c.Name, c.Value.TryGetProperty("schema", out var s) ? s : default)).ToList()
                        : [];
                    operations.Add(new Operation(service, method.Name, path.Name,
                        [.. parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!)],
                        [.. parameters.Where(x => x.GetProperty("in").GetString() == "query")
                            .Select(x => (x.GetProperty("name").GetString()!, x.TryGetProperty("schema", out var s) ? s : default))],
                        bodies, document));
                }
            }
        }
        return operations;
    }

    /// <summary>The schema a <c>$ref</c> names, or the schema itself.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 16 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = Document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    public string Fill(Func<string, string> value) =>
        PathParameters.Aggregate(Path, (path, name) => path.Replace($"{{{name}}}", Uri.EscapeDataString(value(name)), StringComparison.Ordinal));
}
