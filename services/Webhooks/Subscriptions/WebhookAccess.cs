using System.Security.Claims;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Webhooks.Subscriptions;

/// <summary>Who did something to a webhook: a role of API.md and the id it acts under.</summary>
public sealed record Actor(string Role, string Id);

/// <summary>Whose webhooks a caller may touch (API.md): a partner its own, staff every partner's.</summary>
internal static class WebhookAccess
{
    /// <summary>The webhook if the caller may see it, else 404: another partner's webhook is not revealed, not even that it exists.</summary>
    public static Webhook Visible(this ClaimsPrincipal user, Webhook? webhook, Guid webhookId) =>
        webhook is { Deleted: false } && (user.IsStaff() || user.PartnerId() == webhook.PartnerId)
            ? webhook
            : throw new NotFound($"No webhook with id {webhookId}.");

    /// <summary>
    /// The partner a call is for: a partner's own (naming another is 403 with <paramref name="refusal"/>); for staff the
    /// one they name, which may be none (a subscription's validator requires one; a list then shows every partner's).
    /// </summary>
    public static string? PartnerOf(this ClaimsPrincipal user, string? named, string refusal)
    {
        if (user.PartnerId() is { } own)
        {
            return named is null || named == own ? own : throw new Forbidden(refusal);
        }
        return named;
    }

    /// <summary>The caller as a webhook's events name it: a partner by its id, staff by their <c>sub</c>.</summary>
    public static Actor Actor(this ClaimsPrincipal user) =>
        user.PartnerId() is { } partnerId
            ? new Actor(Roles.Partner, partnerId)
            : new Actor(user.FindFirstValue(ProBonoClaims.Role)!, user.FindFirstValue("sub")!);
}
