using JasperFx;

namespace ProBono.Needs.Associations;

/// <summary>Staff registered a non-profit association; from then on it may submit needs.</summary>
public sealed record AssociationRegistered(
    Guid AssociationId, string Name, string Mission, string CauseArea, string ContactEmail, Actor By, DateTimeOffset At);

/// <summary>
/// A non-profit association: one stream, whose inline snapshot is the document the API shows and the submission of a
/// need reads (its name and cause travel with the need).
/// </summary>
public sealed record Association(Guid Id, string Name, string Mission, string CauseArea, string ContactEmail, DateTimeOffset RegisteredAt) : IRevisioned
{
    public int Version { get; set; }

    public static Association Create(AssociationRegistered e) => new(e.AssociationId, e.Name, e.Mission, e.CauseArea, e.ContactEmail, e.At);
}
