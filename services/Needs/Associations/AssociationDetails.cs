namespace ProBono.Needs.Associations;

/// <summary>What an association is shown as, to staff.</summary>
internal sealed record AssociationDetails(
    Guid AssociationId, string Name, string Mission, string CauseArea, string ContactEmail, DateTimeOffset RegisteredAt,
    string? Address, string? Rna, string? Siren)
{
    public static AssociationDetails From(Association a) =>
        new(a.Id, a.Name, a.Mission, a.CauseArea, a.ContactEmail, a.RegisteredAt, a.Address, a.Rna, a.Siren);
}
