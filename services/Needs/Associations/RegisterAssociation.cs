using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts;

namespace ProBono.Needs.Associations;

/// <summary>Body of <c>POST /admin/needs/associations</c>.</summary>
internal sealed record RegisterAssociationRequest(
    string? Name, string? Mission, string? CauseArea, string? ContactEmail, string? Address = null, string? Rna = null, string? Siren = null)
    : IAssociationLegalData;

internal sealed class RegisterAssociationValidator : AbstractValidator<RegisterAssociationRequest>
{
    public RegisterAssociationValidator()
    {
        RuleFor(r => r.Name).SingleLineText(200);
        RuleFor(r => r.Mission).MultiLineText(2000);
        RuleFor(r => r.CauseArea).OneOf(Vocabulary.Causes);
        RuleFor(r => r.ContactEmail).Email();
        Include(new AssociationLegalDataValidator());
    }
}

internal static class RegisterAssociationSlice
{
    /// <summary>Pure: a valid request registers the association as given (trimmed).</summary>
    public static IReadOnlyList<object> Decide(RegisterAssociationRequest r, Guid associationId, Actor by, DateTimeOffset now) =>
        [new AssociationRegistered(associationId, r.Name!.Trim(), r.Mission!.Trim(), r.CauseArea!.Trim(), r.ContactEmail!.Trim(), by, now,
            Given(r.Address), Given(r.Rna), Given(r.Siren))];

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static RouteGroupBuilder MapRegisterAssociation(this RouteGroupBuilder admin)
    {
        admin.MapPost("/associations", async (
                [FromBody] RegisterAssociationRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var associationId = Guid.CreateVersion7();
                var events = Decide(request!, associationId, http.User.Actor(), clock.GetUtcNow());
                await session.SaveAndSetETag(http.Response, session.StartStream<Association>(associationId, events), ct);
                return TypedResults.Created($"/admin/needs/associations/{associationId}",
                    AssociationDetails.From(Association.Create((AssociationRegistered)events[0])));
            })
            .ValidateRequest<RegisterAssociationRequest>()
            .WithIdempotency()
            .WithName("RegisterAssociation")
            .ProducesProblems(400).ReturnsETag()
            .WithSummary("Register a non-profit association, which may then submit needs (staff).");
        return admin;
    }
}
