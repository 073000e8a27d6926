using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// Writes into each operation what API.md promises and ApiExplorer cannot see: the problem responses (RFC 9457,
/// <c>application/problem+json</c>) with their meaning, 401/403 for every operation behind a token, 429 with
/// <c>Retry-After</c> for every operation (the gateway's rate limit), the query parameters read from the request,
/// <c>If-Match</c>, <c>Idempotency-Key</c>, the <c>ETag</c> response header and a CSV body described as text.
/// A generated client (Kiota, NSwag) thus gets typed errors.
/// </summary>
internal sealed class OpenApiContractTransformer : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public const string ProblemSchema = nameof(ProblemDetails);
    public const string ValidationProblemSchema = nameof(HttpValidationProblemDetails);
    private const string ProblemMediaType = "application/problem+json";

    /// <summary>What each problem status means in this API (API.md, Conventions).</summary>
    private static readonly Dictionary<int, string> Meanings = new()
    {
        [400] = "The request is malformed: `errors` maps each field to its messages.",
        [401] = "No token, or one that is invalid, expired, or lacks `sub` or the id claim its role needs.",
        [403] = "The caller's role may not do this, or the resource belongs to another tenant.",
        [404] = "No such resource, or none the caller may see.",
        [409] = "The resource's state does not allow this move (or a request with the same Idempotency-Key is still running).",
        [412] = "If-Match names a version that is no longer current: read the resource again.",
        [413] = "The body holds more than this endpoint takes in one call.",
        [415] = "The body's media type is not one this endpoint reads.",
        [422] = "A well-formed request that the rules forbid (or an Idempotency-Key reused with another body).",
        [429] = "The caller's tenant used its requests for this minute: retry after `Retry-After` seconds.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        operation.Description ??= operation.Summary; // the endpoints write one sentence; linters want it as the description too
        operation.Parameters ??= [];
        operation.Responses ??= [];

        if (metadata.OfType<PagingMetadata>().Any())
        {
            AddParameter(operation, Query("page", "The page, from 1.", Integer(1, int.MaxValue, 1)));
            AddParameter(operation, Query("pageSize", $"Items per page, at most {Paging.MaxPageSize}.", Integer(1, Paging.MaxPageSize, Paging.DefaultPageSize)));
        }
        foreach (var query in metadata.OfType<QueryParameterMetadata>())
        {
            AddParameter(operation, Query(query.Name, query.Description, new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. query.Values.Select(v => (System.Text.Json.Nodes.JsonNode)v)],
            }));
        }
        if (metadata.OfType<IfMatchMetadata>().Any())
        {
            AddParameter(operation, Header("If-Match", "The ETag of the version this command was decided on (e.g. \"3\"); a stale one answers 412."));
            AddProblem(operation, document, 412);
        }
        if (metadata.OfType<IdempotentCreate>().Any())
        {
            var key = Header(IdempotentCreate.Header,
                "Any string of at most 200 characters, unique per intended creation: the same key and body again (same tenant, same route) " +
                "returns the first response and creates nothing; a key of a request that died is free again after 60 s.");
            ((OpenApiSchema)key.Schema!).MaxLength = 200;
            AddParameter(operation, key);
            AddProblem(operation, document, 400);
            AddProblem(operation, document, 409);
            AddProblem(operation, document, 422);
        }
        if (metadata.OfType<CsvBodyMetadata>().FirstOrDefault() is { } csv && operation.RequestBody is OpenApiRequestBody body)
        {
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            body.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = $"CSV (RFC 4180, decimals written with a dot) with a header row: {csv.Columns}.",
                },
            };
        }

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (!anonymous)
        {
            // every endpoint is behind a token (the fallback policy); any role check may refuse
            AddProblem(operation, document, 401);
            AddProblem(operation, document, 403);
        }
        var limited = AddProblem(operation, document, 429);
        limited.Headers ??= new Dictionary<string, IOpenApiHeader>();
        limited.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before the next request.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        };

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }
            if (status is >= 400 and < 500)
            {
                // ProducesProblem writes the reason phrase; say what it means here, and name the one schema for it
                concrete.Description = Meanings.GetValueOrDefault(status, concrete.Description ?? "A problem.");
                concrete.Content = ProblemContent(document, status);
            }
            if (status is >= 200 and < 300 && metadata.OfType<ETagMetadata>().Any())
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The aggregate's version (\"<stream version>\"), to send back as If-Match.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The problem schemas the operations name, in components, whichever operations declared them.</summary>
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var named = (document.Paths ?? [])
            .SelectMany(p => p.Value.Operations ?? [])
            .SelectMany(o => o.Value.Responses ?? [])
            .SelectMany(r => r.Value.Content ?? new Dictionary<string, OpenApiMediaType>())
            .Select(c => (c.Value.Schema as OpenApiSchemaReference)?.Reference.Id)
            .ToHashSet();
        foreach (var (name, type) in new[] { (ProblemSchema, typeof(ProblemDetails)), (ValidationProblemSchema, typeof(HttpValidationProblemDetails)) })
        {
            if (!named.Contains(name))
            {
                document.Components.Schemas.Remove(name);
            }
            else if (!document.Components.Schemas.ContainsKey(name))
            {
                document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
            }
        }
    }

    private static OpenApiResponse AddProblem(OpenApiOperation operation, OpenApiDocument? document, int status)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(code, out var existing) && existing is OpenApiResponse concrete)
        {
            return concrete;
        }
        var response = new OpenApiResponse { Description = Meanings[status], Content = ProblemContent(document, status) };
        operation.Responses[code] = response;
        return response;
    }

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiDocument? document, int status) => new()
    {
        [ProblemMediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchemaReference(status == StatusCodes.Status400BadRequest ? ValidationProblemSchema : ProblemSchema, document),
        },
    };

    private static void AddParameter(OpenApiOperation operation, OpenApiParameter parameter)
    {
        if (!operation.Parameters!.Any(p => p.In == parameter.In && string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
        {
            operation.Parameters!.Add(parameter);
        }
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };

    private static OpenApiParameter Header(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    private static OpenApiSchema Integer(int minimum, int maximum, int fallback) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(CultureInfo.InvariantCulture),
        Default = fallback,
    };
}
