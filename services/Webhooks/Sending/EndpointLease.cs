using JasperFx.Metadata;
using Marten.Schema;

namespace ProBono.Webhooks.Sending;

/// <summary>
/// Which process sends a webhook's deliveries now, and until when: one sender per endpoint across replicas, so its
/// messages go one at a time. Taken and renewed under optimistic concurrency (of two replicas only one wins); a holder
/// that died is replaced once <see cref="Until"/> has passed. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class EndpointLease : IVersioned
{
    public Guid Id { get; set; }
    public Guid? Holder { get; set; }
    public DateTimeOffset Until { get; set; }
    public Guid Version { get; set; }
}

internal static class EndpointLeases
{
    /// <summary>Whether <paramref name="sender"/> may take (or keep) <paramref name="lease"/> at <paramref name="now"/>. Pure.</summary>
    public static bool FreeFor(this EndpointLease lease, Guid sender, DateTimeOffset now) =>
        lease.Holder is null || lease.Holder == sender || lease.Until <= now;
}
