using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;
using JasperFx;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>The first response to one <c>Idempotency-Key</c> of one tenant on one route, replayed to repeats.</summary>
public sealed class IdempotentResponse
{
    public required string Id { get; init; }
    public required string RequestHash { get; init; }
    /// <summary>Which request holds the claim, so that only it (not a later taker-over) releases or replaces it.</summary>
    public Guid ClaimedBy { get; init; }
    public bool Completed { get; set; }
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
}

public static class IdempotencyMiddleware
{
    private const string Header = IdempotentCreate.Header;

    /// <summary>How long an unfinished claim blocks its key: a request that died before answering leaves one behind.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A key belongs to the caller's tenant (<see cref="ProBonoAuthentication.Tenant"/>) and the route it was sent
    /// to. The same key and body again returns the first response and creates nothing; the same key with another
    /// body is refused (422); a repeat while the first is still running gets 409, for <see cref="ClaimLifetime"/>
    /// at most. A failed first attempt (any non-2xx) leaves the key free for a retry.
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

        // authentication has refused tokens without a tenant; an anonymous route keeps its callers apart by nothing
        var tenant = http.User.Tenant() ?? "anonymous";
        var id = $"{tenant}|{http.Request.Path.Value?.ToLowerInvariant()}|{key}";
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var claimedBy = Guid.NewGuid();

        IdempotentResponse? abandoned = null;
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<IdempotentResponse>(id, http.RequestAborted) is { } earlier)
            {
                if (earlier.Completed || clock.GetUtcNow() - earlier.CreatedAt < ClaimLifetime)
                {
                    await Replay(http, earlier, hash, clock);
                    return;
                }
                abandoned = earlier;
            }
        }

        await using (var claim = store.LightweightSession())
        {
            if (abandoned is not null)
            {
                // take over only the claim we saw: if another retry took it over first, our insert below collides
                // (a claim stored before ClaimedBy existed has none and is simply deleted)
                if (abandoned.ClaimedBy == Guid.Empty)
                {
                    claim.Delete<IdempotentResponse>(id);
                }
                else
                {
                    claim.DeleteWhere<IdempotentResponse>(r => r.Id == id && r.ClaimedBy == abandoned.ClaimedBy);
                }
            }
            claim.Insert(new IdempotentResponse { Id = id, RequestHash = hash, ClaimedBy = claimedBy, CreatedAt = clock.GetUtcNow() });
            try
            {
                await claim.SaveChangesAsync(http.RequestAborted);
            }
            catch (DocumentAlreadyExistsException)
            {
                throw InProgress(key, ClaimLifetime);
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
                    ClaimedBy = claimedBy,
                    Completed = true,
                    Status = http.Response.StatusCode,
                    ContentType = http.Response.ContentType,
                    Location = http.Response.Headers.Location,
                    ETag = http.Response.Headers.ETag,
                    Body = buffer.ToArray(),
                    CreatedAt = clock.GetUtcNow(),
                });
            }
            else
            {
                // release our own claim only, not one a retry took over after ClaimLifetime
                session.DeleteWhere<IdempotentResponse>(r => r.Id == id && r.ClaimedBy == claimedBy);
            }
            await session.SaveChangesAsync(CancellationToken.None);
            buffer.Position = 0;
            await buffer.CopyToAsync(original, CancellationToken.None);
        }
    });

    private static KeyInUse InProgress(string key, TimeSpan claimLeft) =>
        new($"A request with Idempotency-Key '{key}' is already being processed; retry shortly. If that request died, the key can be used again in {Math.Max(1, (int)Math.Ceiling(claimLeft.TotalSeconds))} s.");

    private static async Task Replay(HttpContext http, IdempotentResponse earlier, string hash, TimeProvider clock)
    {
        if (earlier.RequestHash != hash)
        {
            throw new RuleViolated($"Idempotency-Key '{http.Request.Headers[Header]}' was already used with a different body.");
        }
        if (!earlier.Completed)
        {
            throw InProgress(http.Request.Headers[Header].ToString(), ClaimLifetime - (clock.GetUtcNow() - earlier.CreatedAt));
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

/// <summary>
/// 409 while another call holds the key. That call usually answers within a second or two, so <c>Retry-After</c> asks
/// for a short wait; the detail says when a claim left by a call that died frees the key.
/// </summary>
internal sealed class KeyInUse(string detail) : Exception(detail)
{
    public const int RetryAfterSeconds = 2;
}
