using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ProBono.ServiceDefaults.Http;

/// <summary>A query parameter an endpoint reads from <see cref="HttpRequest"/> itself, so ApiExplorer cannot see it.</summary>
internal sealed record QueryParameterMetadata(string Name, string Description, IReadOnlyList<string> Values);

/// <summary>The endpoint reads <c>?page=&amp;pageSize=</c> through <see cref="Paging.From"/>.</summary>
internal sealed class PagingMetadata;

/// <summary>The endpoint honours <c>If-Match</c> (412 when stale).</summary>
internal sealed class IfMatchMetadata;

/// <summary>The endpoint's success responses carry <c>ETag: "&lt;stream version&gt;"</c>.</summary>
internal sealed class ETagMetadata;

/// <summary>The endpoint reads a <c>text/csv</c> body itself, with a header row naming <see cref="Columns"/>.</summary>
internal sealed record CsvBodyMetadata(string Columns);

/// <summary>
/// One-line declarations of what an endpoint can answer and read beyond what its signature shows, for the OpenAPI
/// document (API.md: every response, the query parameters, the ETag / If-Match / Idempotency-Key headers).
/// <see cref="OpenApiContractTransformer"/> turns them into the document; 401/403/429, and Idempotency-Key for
/// endpoints marked with <see cref="IdempotentCreates.WithIdempotency{TBuilder}"/>, need no declaration.
/// </summary>
public static class OpenApiContract
{
    /// <summary>
    /// The problem responses the handler can give (see <c>Problems/ProblemExceptions.cs</c>): 400 as an
    /// <c>HttpValidationProblemDetails</c> (with <c>errors</c>), any other status as a <c>ProblemDetails</c>.
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint = status == StatusCodes.Status400BadRequest ? endpoint.ProducesValidationProblem() : endpoint.ProducesProblem(status);
        }
        return endpoint;
    }

    /// <summary><c>?page=1&amp;pageSize=50</c> (pageSize at most 500); out of range → 400.</summary>
    public static RouteHandlerBuilder WithPaging(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new PagingMetadata()).ProducesValidationProblem();

    /// <summary>An optional query parameter taking one of <paramref name="values"/>; anything else → 400.</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder endpoint, string name, string description, params string[] values) =>
        endpoint.WithMetadata(new QueryParameterMetadata(name, description, values)).ProducesValidationProblem();

    /// <summary>The command honours <c>If-Match</c>: a stale version → 412, a malformed one → 400.</summary>
    public static RouteHandlerBuilder AcceptsIfMatch(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new IfMatchMetadata()).ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);

    /// <summary>The success responses carry the aggregate's <c>ETag</c>.</summary>
    public static RouteHandlerBuilder ReturnsETag(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new ETagMetadata());

    /// <summary>
    /// The endpoint also reads <c>text/csv</c> (a header row naming <paramref name="columns"/>): the document describes that
    /// body as text, not as the JSON schema, with 413 (too many rows) and 415 (another media type).
    /// </summary>
    public static RouteHandlerBuilder AcceptsCsv(this RouteHandlerBuilder endpoint, string columns) =>
        endpoint.WithMetadata(new CsvBodyMetadata(columns))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
