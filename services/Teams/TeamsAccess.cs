using System.Security.Claims;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Teams;

/// <summary>Who may see a team (API.md), and who a caller is in a team's history.</summary>
internal static class TeamsAccess
{
    /// <summary>Staff: all; a partner: teams with one of its employees; an association: the team on its own need; a volunteer: its own team.</summary>
    public static bool MaySee(this ClaimsPrincipal user, Team team) =>
        user.IsStaff()
        || (user.PartnerId() is { } partnerId && team.PartnerIds.Contains(partnerId, StringComparer.Ordinal))
        || (user.AssociationId() is { } associationId && associationId == team.Need.AssociationId)
        || (user.VolunteerId() is { } volunteerId && team.MemberIds.Contains(volunteerId));

    /// <summary>The team if the caller may see it, else 404 (another tenant's team is not revealed).</summary>
    public static Team Visible(this ClaimsPrincipal user, Team? team, Guid teamId) =>
        team is not null && user.MaySee(team) ? team : throw new NotFound($"No team with id {teamId}.");

    /// <summary>The caller as a team's history names it: <c>staff:&lt;sub&gt;</c>, <c>volunteer:&lt;id&gt;</c>.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        user.VolunteerId() is { } volunteerId ? $"{Roles.Volunteer}:{volunteerId}" : $"{user.FindFirstValue(ProBonoClaims.Role)}:{user.FindFirstValue("sub")}";
}
