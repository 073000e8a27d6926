using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.ServiceDefaults.Auth;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Subscribing;

/// <summary>Body of <c>POST /api/webhooks</c>; checked by <see cref="SubscribeWebhookValidator"/>.</summary>
internal sealed record SubscribeWebhookRequest(string? PartnerId, string? Url, IReadOnlyList<string?>? Events, string? Description);

internal sealed class SubscribeWebhookValidator : AbstractValidator<SubscribeWebhookRequest>
{
    public SubscribeWebhookValidator(WebhookUrls urls)
    {
        RuleFor(r => r.PartnerId).NotNull().WithMessage("'partnerId' is required when staff subscribe a webhook.")
            .When((_, context) => context.Caller()?.IsStaff() == true);
        RuleFor(r => r.PartnerId).Slug().When(r => r.PartnerId is not null);
        RuleFor(r => r.Url).Cascade(CascadeMode.Stop)
            .Custom((url, context) =>
            {
                if (WebhookUrls.Shape(url, urls.AllowLocal) is { } problem)
                {
                    context.AddFailure("url", problem);
                }
            })
            .CustomAsync(async (url, context, ct) =>
            {
                if (await urls.Destination(url!, ct) is { } problem)
                {
                    context.AddFailure("url", problem);
                }
            });
        RuleFor(r => r.Events).Cascade(CascadeMode.Stop).Required()
            .Must(e => e!.Count > 0).WithMessage("'events' must name at least one event type.");
        RuleForEach(r => r.Events).OneOf(EventTypes.All);
        RuleFor(r => r.Description).SingleLineText(500).When(r => r.Description is not null);
    }
}

/// <summary>A valid subscription of <see cref="PartnerId"/>.</summary>
internal sealed record SubscribeWebhook(Guid WebhookId, string PartnerId, string Url, IReadOnlyList<string> Events, string? Description, Actor By, DateTimeOffset Now)
{
    public static SubscribeWebhook From(SubscribeWebhookRequest r, Guid webhookId, string partnerId, Actor by, DateTimeOffset now) => new(
        webhookId, partnerId, r.Url!.Trim(), [.. r.Events!.Select(e => e!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim(), by, now);
}

internal static class SubscribeWebhookSlice
{
    /// <summary>Webhooks one partner may hold at once (API.md: more → 422).</summary>
    public const int MaxPerPartner = 10;

    /// <summary>A partner holds at most <see cref="MaxPerPartner"/> webhooks (else 422); a valid request subscribes as given. Pure.</summary>
    public static IReadOnlyList<object> Decide(int held, SubscribeWebhook command) =>
        held >= MaxPerPartner
            ? throw new RuleViolated($"Partner {command.PartnerId} already has {held} webhooks, the most one partner may hold ({MaxPerPartner}); delete one first.")
            : [new WebhookSubscribed(command.WebhookId, command.PartnerId, command.Url, command.Events, command.Description, command.By, command.Now)];

    public static RouteGroupBuilder MapSubscribeWebhook(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks", async (
                [FromBody] SubscribeWebhookRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var partnerId = http.User.PartnerOf(request!.PartnerId, "A partner subscribes webhooks for itself only.")!;
                var command = SubscribeWebhook.From(request, Guid.CreateVersion7(), partnerId, http.User.Actor(), clock.GetUtcNow());

                // two subscriptions of one partner at once are counted one after the other
                await session.SerialiseOn(PartnerLock(partnerId), ct);
                var held = await session.Query<Webhook>().CountAsync(w => w.PartnerId == partnerId && !w.Deleted, ct);
                var events = Decide(held, command);
                var secret = Secrets.New(command.WebhookId);
                session.Store(secret);
                await session.SaveAndSetETag(http.Response, session.StartStream<Webhook>(command.WebhookId, events), ct);

                var webhook = Webhook.Create((WebhookSubscribed)events[0]);
                return TypedResults.Created($"/api/webhooks/{webhook.Id}", new WebhookCreatedResponse(
                    webhook.Id, webhook.PartnerId, webhook.Url, webhook.Events, webhook.Description, webhook.CreatedAt, secret.Secret));
            })
            .ValidateRequest<SubscribeWebhookRequest>()
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithIdempotency()
            .WithName("SubscribeWebhook")
            .ProducesProblems(400, 403, 422).ReturnsETag()
            .WithSummary("Subscribe a URL to event types (a partner: its own; staff name partnerId); the answer shows the signing secret, once.");
        return api;
    }

    private static readonly Guid PartnerLocks = new("8f0e3f57-2c4e-4a5b-9f53-6d1c0c9e7a10");

    private static Guid PartnerLock(string partnerId) => StableIds.NameBased(PartnerLocks, partnerId);
}
