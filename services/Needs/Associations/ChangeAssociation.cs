using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts;

namespace ProBono.Needs.Associations;

/// <summary>
/// Body of <c>PUT /admin/needs/associations/{aid}</c>: a field left out (or null) keeps its value; a blank
/// <c>address</c>, <c>rna</c> or <c>siren</c> removes it (name, mission, cause and contact are required: they cannot).
/// </summary>
internal sealed record ChangeAssociationRequest(
    string? Name = null, string? Mission = null, string? CauseArea = null, string? ContactEmail = null,
    string? Address = null, string? Rna = null, string? Siren = null) : IAssociationLegalData
{
    /// <summary>The association with this change applied (a request <see cref="ChangeAssociationValidator"/> accepted).</summary>
    public (string Name, string Mission, string CauseArea, string ContactEmail, string? Address, string? Rna, string? Siren) AppliedTo(Association a) =>
        (Name?.Trim() ?? a.Name, Mission?.Trim() ?? a.Mission, CauseArea?.Trim() ?? a.CauseArea, ContactEmail?.Trim() ?? a.ContactEmail,
            Pick(Address, a.Address), Pick(Rna, a.Rna), Pick(Siren, a.Siren));

    private static string? Pick(string? change, string? current) =>
        change is null ? current : string.IsNullOrWhiteSpace(change) ? null : change.Trim();
}

internal sealed class ChangeAssociationValidator : AbstractValidator<ChangeAssociationRequest>
{
    public ChangeAssociationValidator()
    {
        RuleFor(r => r.Name).SingleLineText(200).When(r => r.Name is not null);
        RuleFor(r => r.Mission).MultiLineText(2000).When(r => r.Mission is not null);
        RuleFor(r => r.CauseArea).OneOf(Vocabulary.Causes).When(r => r.CauseArea is not null);
        RuleFor(r => r.ContactEmail).Email().When(r => r.ContactEmail is not null);
        Include(new AssociationLegalDataValidator());
    }
}

internal static class ChangeAssociationSlice
{
    /// <summary>Staff correct or complete an association's details; the same values again change nothing. Pure.</summary>
    public static IReadOnlyList<object> Decide(Association association, ChangeAssociationRequest request, Actor by, DateTimeOffset now)
    {
        var (name, mission, cause, contact, address, rna, siren) = request.AppliedTo(association);
        var changed = association with { Name = name, Mission = mission, CauseArea = cause, ContactEmail = contact, Address = address, Rna = rna, Siren = siren };
        return changed == association
            ? []
            : [new AssociationChanged(association.Id, name, mission, cause, contact, address, rna, siren, by, now)];
    }

    public static RouteGroupBuilder MapChangeAssociation(this RouteGroupBuilder admin)
    {
        admin.MapPut("/associations/{associationId:guid}", async (
                Guid associationId, [FromBody] ChangeAssociationRequest? request, IDocumentSession session, TimeProvider clock,
                HttpContext http, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var association = await session.Decide<Association>(
                    http, associationId, a => Decide(a, request!, http.User.Actor(), now), Association.Evolution, ct);
                return TypedResults.Ok(AssociationDetails.From(association));
            })
            .ValidateRequest<ChangeAssociationRequest>()
            .WithName("ChangeAssociation")
            .ProducesProblems(400, 404).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Change an association's name, mission, cause, contact e-mail, address, RNA or SIREN (staff).")
            .WithDescription(
                "Fields left out keep their value; a blank address, rna or siren removes it. rna: W followed by 9 digits; siren: 9 digits, " +
                "Luhn-valid. The needs already submitted keep the name they were submitted under. Answers the association as it now is.");
        return admin;
    }
}
