using System.Security.Claims;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Needs;

/// <summary>Who may see or withdraw a need (API.md), and who a caller is in a need's history.</summary>
internal static class NeedAccess
{
    /// <summary>Staff: every need; an association: its own; a partner: published needs only; anyone else: none.</summary>
    public static bool MaySee(this ClaimsPrincipal user, Need need) =>
        user.IsStaff()
        || (user.AssociationId() is { } own && own == need.AssociationId)
        || (user.PartnerId() is not null && need.Status == NeedStatus.Published);

    /// <summary>The need if the caller may see it, else 404: another tenant's need is not revealed, not even that it exists.</summary>
    public static Need Visible(this ClaimsPrincipal user, Need? need, Guid needId) =>
        need is not null && user.MaySee(need) ? need : throw new NotFound($"No need with id {needId}.");

    /// <summary>Staff and the owning association may withdraw; the need must be visible first (404 otherwise).</summary>
    public static Need Withdrawable(this ClaimsPrincipal user, Need? need, Guid needId)
    {
        var seen = user.Visible(need, needId);
        return user.IsStaff() || user.AssociationId() == seen.AssociationId
            ? seen
            : throw new Forbidden("Only the association that submitted a need, or staff, may withdraw it.");
    }

    /// <summary>The caller as a need's history names it: staff by their <c>sub</c>, an association by its id.</summary>
    public static Actor Actor(this ClaimsPrincipal user) =>
        user.AssociationId() is { } associationId
            ? new Actor(Roles.Association, associationId.ToString())
            : new Actor(user.FindFirstValue(ProBonoClaims.Role)!, user.FindFirstValue("sub")!);
}
