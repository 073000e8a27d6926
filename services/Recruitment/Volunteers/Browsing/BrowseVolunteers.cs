using System.Text.Json.Serialization;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Volunteers.Browsing;

internal sealed record PartnerStats(string PartnerId, string Name, int Quota, int Confirmed, int Waitlisted, int Withdrawn, int CheckedIn);

/// <summary>
/// One volunteer as the API lists and shows it (the snapshot document is not returned as it is). The last name and
/// e-mail come from <see cref="VolunteerPersonalData"/>; both are null once erased.
/// </summary>
internal sealed record VolunteerDetails(
    Guid VolunteerId,
    Guid MarathonId,
    string PartnerId,
    string EmployeeRef,
    string FirstName,
    // written as null, not left out, so an erased volunteer reads as erased rather than as an older shape
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Email,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> CausePreferences,
    decimal? HourlyCostEur,
    decimal? AnnualCostEur,
    string Language,
    VolunteerStatus Status,
    bool CheckedIn,
    string Source,
    DateTimeOffset RegisteredAt,
    string? BadgeCode,
    VolunteerCheckIn? CheckIn)
{
    /// <summary>The document first; the snapshot's copy only for a registration recorded before the document existed (null once erased).</summary>
    public static VolunteerDetails From(Volunteer v, VolunteerPersonalData? personal) => new(
        v.Id, v.MarathonId, v.PartnerId, v.EmployeeRef, v.Profile.FirstName, personal?.LastName ?? v.LastName, personal?.Email ?? v.Email,
        v.Profile.Skills, v.Profile.LeadCapable, v.Profile.CausePreferences, v.Profile.HourlyCostEur, v.Profile.AnnualCostEur,
        v.Profile.Language, v.Status, v.CheckedIn, v.Source, v.RegisteredAt,
        // a badge opens the door only to a confirmed volunteer
        v.Status == VolunteerStatus.Confirmed ? v.BadgeCode : null, v.CheckIn);
}

internal static class BrowseVolunteersSlice
{
    public static RouteGroupBuilder MapBrowseVolunteers(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/volunteers", async (Guid marathonId, HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var status = ParseStatus(http.Query["status"].ToString());
                var search = ParseSearch(http.Query["q"].ToString());
                var partnerId = http.HttpContext.User.PartnerId();
                await session.Require(marathonId, partnerId, ct);

                var query = session.Query<Volunteer>().Where(v => v.MarathonId == marathonId);
                if (partnerId is not null)
                {
                    query = query.Where(v => v.PartnerId == partnerId);
                }
                if (status is { } s)
                {
                    query = query.Where(v => v.Status == s);
                }
                if (search is not null)
                {
                    // the last name and e-mail are searched in their own documents (erasable), the rest in the snapshot
                    var byPersonalData = await session.Query<VolunteerPersonalData>()
                        .Where(p => p.MarathonId == marathonId && p.SearchKey.Contains(search)).Select(p => p.Id).ToListAsync(ct);
                    query = query.Where(v => v.SearchKey.Contains(search) || byPersonalData.Contains(v.Id));
                }
                var page = await query.OrderBy(v => v.PartnerId).ThenBy(v => v.Arrival).ToPageAsync(paging, ct);
                // the page's personal data in one query, not one per volunteer
                var personal = (await session.LoadManyAsync<VolunteerPersonalData>(ct, page.Select(v => v.Id))).ToDictionary(p => p.Id);
                return TypedResults.Ok(new Page<VolunteerDetails>(
                    [.. page.Select(v => VolunteerDetails.From(v, personal.GetValueOrDefault(v.Id)))], page.TotalItemCount));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListVolunteers")
            .WithPaging().WithQuery("status", "Only the volunteers in this status.", "confirmed", "waitlisted", "withdrawn")
            .WithQuery("q", "Only the volunteers whose first name, last name, e-mail or employee reference contains this text, case and accents ignored.")
            .ProducesProblems(400, 404)
            .WithSummary("List a marathon's volunteers, optionally by status or found by name (a partner: its own employees only).");

        api.MapGet("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}", async (
                Guid marathonId, Guid volunteerId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var reads = session.CreateBatchQuery();
                var found = reads.Load<Volunteer>(volunteerId);
                var personal = reads.Load<VolunteerPersonalData>(volunteerId);
                await reads.Execute(ct);
                var volunteer = http.User.Visible(await found, marathonId, volunteerId);
                http.Response.SetETag(volunteer.Version);
                return TypedResults.Ok(VolunteerDetails.From(volunteer, await personal));
            })
            .WithName("GetVolunteer")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("One volunteer (staff; its partner; the volunteer itself), with its ETag; lastName and email are null once erased.");
        return api;
    }

    public static RouteGroupBuilder MapVolunteerStats(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/stats", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                var marathon = await session.Require(marathonId, null, ct);
                var figures = await PartnerFigures.Of(session, marathonId, ct);
                var checkedIn = await PartnerFigures.CheckedIn(session, marathonId, ct);
                var stats = marathon.Partners.Select(p =>
                    {
                        var counts = figures.GetValueOrDefault(p.PartnerId, VolunteerCounts.None);
                        return new PartnerStats(p.PartnerId, p.Name, p.Quota, counts.Confirmed, counts.Waitlisted, counts.Withdrawn,
                            checkedIn.GetValueOrDefault(p.PartnerId));
                    })
                    .ToList();
                return TypedResults.Ok(new Page<PartnerStats>(stats, stats.Count));
            })
            .WithName("VolunteerStats")
            .ProducesProblems(404)
            .WithSummary("Per partner: quota, confirmed, waitlisted, withdrawn, checked in (staff).");
        return admin;
    }

    private static string? ParseSearch(string raw) =>
        raw.Trim().Length == 0 ? null
        : raw.Length <= 200 ? Search.Fold(raw)
        : throw new ValidationFailed(new Dictionary<string, string[]> { ["q"] = ["'q' must be at most 200 characters."] });

    private static VolunteerStatus? ParseStatus(string raw) =>
        raw.Length == 0 ? null
        : ApiSpelling.TryParse<VolunteerStatus>(raw, out var status) ? status
        : throw new ValidationFailed(new Dictionary<string, string[]>
        {
            ["status"] = [$"'status' must be one of: {string.Join(", ", ApiSpelling.All<VolunteerStatus>())}."],
        });
}
