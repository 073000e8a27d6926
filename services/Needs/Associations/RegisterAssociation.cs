using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;

namespace ProBono.Needs.Associations;

/// <summary>Body of <c>POST /admin/needs/associations</c>.</summary>
internal sealed record RegisterAssociationRequest(string? Name, string? Mission, string? CauseArea, string? ContactEmail);

internal sealed class RegisterAssociationValidator : AbstractValidator<RegisterAssociationRequest>
{
    public RegisterAssociationValidator()
    {
        RuleFor(r => r.Name).SingleLineText(200);
        RuleFor(r => r.Mission).MultiLineText(2000);
        RuleFor(r => r.CauseArea).OneOf(Vocabulary.Causes);
        RuleFor(r => r.ContactEmail).Email();
    }
}

/// <summary>What an association is shown as, to staff.</summary>
internal sealed record AssociationDetails(Guid AssociationId, string Name, string Mission, string CauseArea, string ContactEmail, DateTimeOffset RegisteredAt)
{
    public static AssociationDetails From(Association a) => new(a.Id, a.Name, a.Mission, a.CauseArea, a.ContactEmail, a.RegisteredAt);
}

internal static class RegisterAssociationSlice
{
    /// <summary>Pure: a valid request registers the association as given (trimmed).</summary>
    public static IReadOnlyList<object> Decide(RegisterAssociationRequest r, Guid associationId, Actor by, DateTimeOffset now) =>
        [new AssociationRegistered(associationId, r.Name!.Trim(), r.Mission!.Trim(), r.CauseArea!.Trim(), r.ContactEmail!.Trim(), by, now)];

    public static RouteGroupBuilder MapAssociations(this RouteGroupBuilder admin)
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

        admin.MapGet("/associations", async (HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var page = await session.Query<Association>().OrderBy(a => a.Name).ThenBy(a => a.Id).ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<AssociationDetails>([.. page.Select(AssociationDetails.From)], page.TotalItemCount));
            })
            .WithName("ListAssociations")
            .WithPaging()
            .WithSummary("The registered associations, by name (staff).");

        admin.MapGet("/associations/{associationId:guid}", async (Guid associationId, HttpResponse response, IQuerySession session, CancellationToken ct) =>
            {
                var association = await session.LoadAsync<Association>(associationId, ct)
                    ?? throw new ServiceDefaults.Problems.NotFound($"No association with id {associationId}.");
                response.SetETag(association.Version);
                return TypedResults.Ok(AssociationDetails.From(association));
            })
            .WithName("GetAssociation")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("One association (staff).");
        return admin;
    }
}
