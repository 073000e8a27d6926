using MassTransit;

namespace ProBono.Contracts;

/// <summary>
/// An association as Needs knows it now, published when staff register it and each time they change it: what the
/// receipt it issues for a donation of skills names (its address, and its RNA or SIREN; each null when none was given).
/// <see cref="Version"/> is the version of the association's own stream in Needs, so it orders the changes of one association.
/// </summary>
[MessageUrn("probono:needs:association-changed:v1")]
public sealed record AssociationChanged(
    Guid AssociationId,
    string Name,
    string? Address,
    string? Rna,
    string? Siren,
    long Version,
    DateTimeOffset ChangedAt);
