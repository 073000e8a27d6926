using System.Text.Json.Serialization;

namespace ProBono.Feedback.TakeHome;

// What each stakeholder takes home, as API.md shapes it: the JSON answers are these records, and the PDF and XLSX
// renderings are drawn from the same records, so a document never says something its JSON does not.

/// <summary>
/// <c>GET /api/marathons/{mid}/tax-pack</c>: one partner's valuation of the skills it donated (mécénat de compétences,
/// CGI art. 238 bis), per association helped, with what the association needs to issue its receipt (Cerfa n° 16216).
/// <see cref="Pass"/> is the PASS of <see cref="Year"/>, or the latest known when <see cref="Provisional"/>.
/// </summary>
internal sealed record TaxPack(
    string PartnerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LegalName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Siren,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Address,
    Guid MarathonId,
    string MarathonName,
    DateOnly Date,
    int Year,
    decimal Pass,
    bool Provisional,
    decimal HourlyCapEur,
    IReadOnlyList<TaxPackLine> Lines,
    decimal TotalValueEur,
    TaxReduction Reduction,
    IReadOnlyList<string> Warnings);

/// <summary>One association helped: its identity for the receipt, and the partner's volunteers who worked for it.</summary>
internal sealed record TaxPackLine(
    Guid AssociationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? AssociationName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Rna,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Siren,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Address,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NeedTitle,
    int Hours,
    decimal ValueEur,
    IReadOnlyList<TaxPackVolunteer> Volunteers);

/// <summary>
/// A checked-in volunteer's line of the attendance sheet and the valuation: <see cref="HourlyCostEur"/> is the cost price
/// per hour on <see cref="Basis"/> before the cap, shown rounded to 4 decimals (an annual cost ÷ 1,607 h rarely falls on a
/// cent); <see cref="ValueEur"/> = hours × the capped cost, the cost unrounded, rounded to the cent.
/// </summary>
internal sealed record TaxPackVolunteer(
    Guid VolunteerId,
    string Name,
    DateTimeOffset CheckedInAt,
    int Hours,
    decimal HourlyCostEur,
    string Basis,
    bool Capped,
    decimal ValueEur);

/// <summary>The cost bases of <see cref="TaxPackVolunteer.Basis"/>, as API.md spells them.</summary>
internal static class CostBases
{
    public const string AnnualCost = "annual-cost";
    public const string HourlyCost = "hourly-cost";
    public const string MarathonDefault = "marathon-default";
}

internal sealed record TaxReduction(decimal Rate, decimal EstimatedEur);

/// <summary>
/// <c>GET /api/marathons/{mid}/volunteers/{vid}/certificate.pdf</c>: what the certificate of participation says. Only a
/// volunteer checked in at a completed marathon has one.
/// </summary>
internal sealed record Certificate(
    Guid MarathonId,
    Guid VolunteerId,
    string Name,
    string? PartnerName,
    string MarathonName,
    DateOnly Date,
    string? Venue,
    string? AssociationName,
    string? NeedTitle,
    int Hours,
    string? Deliverable);

/// <summary>An employee's line of the partner's own report.</summary>
internal sealed record EmployeeLine(
    Guid VolunteerId,
    string Name,
    bool CheckedIn,
    int Hours,
    decimal ValueEur,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Guid? TeamId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? AssociationName);

/// <summary>An association the partner's employees worked for, and what their team delivered.</summary>
internal sealed record HelpedAssociation(
    Guid AssociationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NeedTitle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Deliverable);
