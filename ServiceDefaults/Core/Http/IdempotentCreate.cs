using Microsoft.AspNetCore.Builder;

namespace ProBono.ServiceDefaults.Http;

/// <summary>Marks a creating POST that honours <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentCreate
{
    public const string Header = "Idempotency-Key";
}

public static class IdempotentCreates
{
    /// <summary>The endpoint honours <c>Idempotency-Key</c> (the event store's middleware keeps the first response).</summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new IdempotentCreate());
}

