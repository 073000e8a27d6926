using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.Problems;
using JasperFx;

namespace ProBono.ServiceDefaults.Http;

/// <summary>Marks a creating POST that honours <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentCreate;

/// <summary>The first response to one <c>Idempotency-Key</c> of one caller on one route, replayed to repeats.</summary>
public sealed class IdempotentResponse
{
    public required string Id { get; init; }
    public required string RequestHash { get; init; }
    public bool Completed { get; set; }
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}

public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public static TBuilder WithIdempotency<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new IdempotentCreate());

    /// <summary>
    /// The same key and body again returns the first response and creates nothing; the same key with another
    /// body is refused (422); a repeat while the first is still running gets 409. A failed first attempt
    /// (any non-2xx) leaves the key free for a retry.
    /// </summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 || http.GetEndpoint()?.Metadata.GetMetadata<IdempotentCreate>() is null)
        {
            await next(http);
            return;
        }
        if (key.Length > 200)
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { [Header] = ["'Idempotency-Key' must be at most 200 characters."] });
        }

        http.Request.EnableBuffering();
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted));
        http.Request.Body.Position = 0;

        var caller = http.User.FindFirst("sub")?.Value ?? "anonymous";
        var id = $"{http.Request.Path.Value?.ToLowerInvariant()}|{caller}|{key}";
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();

        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<IdempotentResponse>(id, http.RequestAborted) is { } earlier)
            {
                await Replay(http, earlier, hash);
                return;
            }
        }

        await using (var claim = store.LightweightSession())
        {
            claim.Insert(new IdempotentResponse { Id = id, RequestHash = hash, CreatedAt = DateTimeOffset.UtcNow });
            try
            {
                await claim.SaveChangesAsync(http.RequestAborted);
            }
            catch (DocumentAlreadyExistsException)
            {
                throw new StateConflict($"A request with Idempotency-Key '{key}' is already being processed; retry shortly.");
            }
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var succeeded = false;
        try
        {
            await next(http);
            succeeded = http.Response.StatusCode is >= 200 and < 300;
        }
        finally
        {
            http.Response.Body = original;
            await using var session = store.LightweightSession();
            if (succeeded)
            {
                session.Store(new IdempotentResponse
                {
                    Id = id,
                    RequestHash = hash,
                    Completed = true,
                    Status = http.Response.StatusCode,
                    ContentType = http.Response.ContentType,
                    Location = http.Response.Headers.Location,
                    ETag = http.Response.Headers.ETag,
                    Body = buffer.ToArray(),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
            }
            else
            {
                session.Delete<IdempotentResponse>(id);
            }
            await session.SaveChangesAsync(CancellationToken.None);
            buffer.Position = 0;
            await buffer.CopyToAsync(original, CancellationToken.None);
        }
    });

    private static async Task Replay(HttpContext http, IdempotentResponse earlier, string hash)
    {
        if (earlier.RequestHash != hash)
        {
            throw new RuleViolated($"Idempotency-Key '{http.Request.Headers[Header]}' was already used with a different body.");
        }
        if (!earlier.Completed)
        {
            throw new StateConflict($"A request with Idempotency-Key '{http.Request.Headers[Header]}' is already being processed; retry shortly.");
        }
        http.Response.StatusCode = earlier.Status;
        http.Response.ContentType = earlier.ContentType;
        if (earlier.Location is not null)
        {
            http.Response.Headers.Location = earlier.Location;
        }
        if (earlier.ETag is not null)
        {
            http.Response.Headers.ETag = earlier.ETag;
        }
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(earlier.Body, http.RequestAborted);
    }
}
