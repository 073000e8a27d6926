using System.Security.Claims;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Volunteers.Attendance;

/// <summary>One line of the attendance list; <c>name</c> is the first name alone once the last name is erased.</summary>
internal sealed record AttendanceItem(Guid VolunteerId, string PartnerId, string Name, AttendanceStatus Status, DateTimeOffset? CheckedInAt);

internal static class BrowseAttendanceSlice
{
    public static RouteGroupBuilder MapBrowseAttendance(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/attendance", async (
                Guid marathonId, string? partnerId, HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var user = http.HttpContext.User;
                var partner = PartnerOf(user, partnerId);
                var marathon = await session.Require(marathonId, user.PartnerId(), ct);
                if (partner is not null && !marathon.PartnerIds.Contains(partner))
                {
                    throw new NotFound($"Partner '{partner}' takes no part in marathon {marathonId}.");
                }

                var query = session.Query<AttendanceLine>().Where(l => l.MarathonId == marathonId && l.HeldPlace);
                if (partner is not null)
                {
                    query = query.Where(l => l.PartnerId == partner);
                }
                var page = await query.OrderBy(l => l.PartnerId).ThenBy(l => l.Arrival).ToPageAsync(paging, ct);
                var personal = (await session.LoadManyAsync<VolunteerPersonalData>(ct, page.Select(l => l.Id))).ToDictionary(p => p.Id);
                var completed = marathon.Status == MarathonStatus.Completed;
                return TypedResults.Ok(new Page<AttendanceItem>(
                    [.. page.Select(l => new AttendanceItem(
                        l.Id, l.PartnerId, NameOf(l, personal.GetValueOrDefault(l.Id)), l.StatusAt(completed)!.Value, l.CheckedInAt))],
                    page.TotalItemCount));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListAttendance")
            .WithPaging()
            .WithQuery("partnerId", "Staff: only this partner's employees (else all). A partner sees its own employees only.")
            .ProducesProblems(400, 403, 404)
            .WithSummary("Who of a marathon's volunteers came: confirmed, cancelled, checked-in or no-show (partner: its own employees).")
            .WithDescription(
                "Every volunteer who held a place: 'cancelled' when withdrawn after being confirmed, 'checked-in' with checkedInAt, " +
                "'no-show' once the marathon is completed for a confirmed volunteer who never checked in, else 'confirmed'. " +
                "Waitlisted volunteers are not listed.");
        return api;
    }

    /// <summary>"First Last", or the first name alone once the last name was erased.</summary>
    public static string NameOf(AttendanceLine line, VolunteerPersonalData? personal) =>
        personal is null ? line.FirstName : $"{line.FirstName} {personal.LastName}";

    /// <summary>A partner sees its own employees (naming another partner is 403); staff all, or the partner they name.</summary>
    private static string? PartnerOf(ClaimsPrincipal user, string? named)
    {
        named = string.IsNullOrWhiteSpace(named) ? null : named.Trim();
        if (user.PartnerId() is { } own)
        {
            return named is null || named == own ? own : throw new Forbidden("A partner sees its own employees' attendance only.");
        }
        return named;
    }
}
