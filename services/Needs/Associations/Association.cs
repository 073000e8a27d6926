using JasperFx;

namespace ProBono.Needs.Associations;

/// <summary>Staff registered a non-profit association; from then on it may submit needs.</summary>
public sealed record AssociationRegistered(
    Guid AssociationId, string Name, string Mission, string CauseArea, string ContactEmail, Actor By, DateTimeOffset At,
    string? Address = null, string? Rna = null, string? Siren = null);

/// <summary>Staff changed an association's details: the association as it now is.</summary>
public sealed record AssociationChanged(
    Guid AssociationId, string Name, string Mission, string CauseArea, string ContactEmail, string? Address, string? Rna, string? Siren,
    Actor By, DateTimeOffset At);

/// <summary>
/// A non-profit association: one stream, whose inline snapshot is the document the API shows and the submission of a
/// need reads (its name and cause travel with the need). Its address and RNA or SIREN go on the receipt it issues
/// for a donation of skills.
/// </summary>
public sealed record Association(
    Guid Id, string Name, string Mission, string CauseArea, string ContactEmail, DateTimeOffset RegisteredAt,
    string? Address = null, string? Rna = null, string? Siren = null) : IRevisioned
{
    public int Version { get; set; }

    public static Association Create(AssociationRegistered e) =>
        new(e.AssociationId, e.Name, e.Mission, e.CauseArea, e.ContactEmail, e.At, e.Address, e.Rna, e.Siren);

    public Association Apply(AssociationChanged e) => this with
    {
        Name = e.Name, Mission = e.Mission, CauseArea = e.CauseArea, ContactEmail = e.ContactEmail, Address = e.Address, Rna = e.Rna, Siren = e.Siren,
    };

    /// <summary>The fold the command handlers and the tests share.</summary>
    public static Association Evolution(Association association, object @event) => @event switch
    {
        AssociationChanged changed => association.Apply(changed),
        _ => association,
    };
}
