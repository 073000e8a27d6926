using JasperFx.Events;

namespace ProBono.ServiceDefaults.Messaging;

/// <summary>
/// Which private domain events leave the service, and as which <c>ProBono.Contracts</c> integration event.
/// A service declares one subclass; the <see cref="IntegrationEventRelay"/> publishes what it maps.
/// </summary>
public abstract class IntegrationEventMap
{
    private readonly Dictionary<Type, Func<IEvent, object?>> maps = [];

    public IReadOnlyCollection<Type> DomainEventTypes => maps.Keys;

    /// <summary>Publish <typeparamref name="TDomainEvent"/> as what <paramref name="map"/> returns (nothing when it returns null).</summary>
    protected void On<TDomainEvent>(Func<IEvent<TDomainEvent>, object?> map) where TDomainEvent : notnull =>
        maps[typeof(TDomainEvent)] = e => map((IEvent<TDomainEvent>)e);

    public object? Map(IEvent domainEvent) =>
        maps.TryGetValue(domainEvent.EventType, out var map) ? map(domainEvent) : null;
}
