using Marten.Schema;
using Microsoft.Extensions.Logging;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Feedback.Copies;

/// <summary>
/// Feedback's copy of an association, kept from Needs' <see cref="AssociationChanged"/>: its name and what the receipt it
/// issues for a partner's donation of skills names (address, RNA or SIREN). Each message carries the whole association,
/// so the copy takes the newest version whatever order they arrive in. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class AssociationForImpact : IEntityCopyOf<AssociationChanged>
{
    public Guid Id { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
    public string? Rna { get; set; }
    public string? Siren { get; set; }

    /// <summary>The upstream version the fields came from.</summary>
    public long Version { get; set; }

    public static Guid CopyId(AssociationChanged message) => message.AssociationId;

    public void Apply(AssociationChanged message)
    {
        if (message.Version <= Version)
        {
            return;
        }
        Name = message.Name;
        Address = message.Address;
        Rna = message.Rna;
        Siren = message.Siren;
        Version = message.Version;
    }
}

internal sealed class AssociationChangedConsumer(IDocumentSession session, ILogger<AssociationChangedConsumer> logger)
    : EntityCopyConsumer<AssociationChanged, AssociationForImpact>(session, logger);
