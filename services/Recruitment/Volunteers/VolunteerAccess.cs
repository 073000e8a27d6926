using System.Security.Claims;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Volunteers;

/// <summary>Who may see or change a volunteer, and whose employees a caller registers.</summary>
internal static class VolunteerAccess
{
    /// <summary>Staff: all; a partner: its own employees; a volunteer: itself.</summary>
    public static bool MaySee(this ClaimsPrincipal user, Volunteer volunteer) =>
        user.IsStaff()
        || (user.PartnerId() is { } partnerId && partnerId == volunteer.PartnerId)
        || user.VolunteerId() == volunteer.Id;

    /// <summary>The volunteer of <paramref name="marathonId"/> the caller may see, else 404 (another tenant's volunteer is not revealed).</summary>
    public static Volunteer Visible(this ClaimsPrincipal user, Volunteer? volunteer, Guid marathonId, Guid volunteerId) =>
        volunteer is not null && volunteer.MarathonId == marathonId && user.MaySee(volunteer)
            ? volunteer
            : throw new NotFound($"No volunteer with id {volunteerId} in marathon {marathonId}.");

    /// <summary>
    /// The partner whose employee a registration names: a partner registers its own employees only (another partner's id
    /// in the body is refused), staff must name one. Null with the reason when neither holds.
    /// </summary>
    public static (string? PartnerId, ProblemException? Problem) PartnerOf(this ClaimsPrincipal user, string? namedPartnerId)
    {
        var named = string.IsNullOrWhiteSpace(namedPartnerId) ? null : namedPartnerId.Trim();
        if (user.PartnerId() is { } own)
        {
            return named is null || named == own
                ? (own, null)
                : (null, new Forbidden("A partner registers its own employees only."));
        }
        return named is not null
            ? (named, null)
            : (null, new ValidationFailed(new Dictionary<string, string[]> { ["partnerId"] = ["'partnerId' is required when staff register a volunteer."] }));
    }
}
