using JasperFx.Events;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// Which private domain events leave the service, and as which <c>ProBono.Contracts</c> integration event.
/// A service declares one subclass; the <see cref="IntegrationEventRelay"/> publishes what it maps.
/// </summary>
public abstract class IntegrationEventMap
{
    private readonly Dictionary<Type, Func<IEvent, IReadOnlyList<object>>> maps = [];

    public IReadOnlyCollection<Type> DomainEventTypes => maps.Keys;

    /// <summary>Publish <typeparamref name="TDomainEvent"/> as what <paramref name="map"/> returns (nothing when it returns null).</summary>
    protected void On<TDomainEvent>(Func<IEvent<TDomainEvent>, object?> map) where TDomainEvent : notnull =>
        maps[typeof(TDomainEvent)] = e => map((IEvent<TDomainEvent>)e) is { } message ? [message] : [];

    /// <summary>Publish <typeparamref name="TDomainEvent"/> as each message <paramref name="map"/> returns (one fact, several audiences).</summary>
    protected void OnEach<TDomainEvent>(Func<IEvent<TDomainEvent>, IEnumerable<object?>> map) where TDomainEvent : notnull =>
        maps[typeof(TDomainEvent)] = e => [.. map((IEvent<TDomainEvent>)e).OfType<object>()];

    /// <summary>The first message of a domain event (null when it publishes none).</summary>
    public object? Map(IEvent domainEvent) => MapAll(domainEvent) is [var first, ..] ? first : null;

    /// <summary>Every message a domain event publishes, in order.</summary>
    public IReadOnlyList<object> MapAll(IEvent domainEvent) =>
        maps.TryGetValue(domainEvent.EventType, out var map) ? map(domainEvent) : [];
}
