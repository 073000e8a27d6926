using ProBono.ServiceDefaults.Auth;

namespace ProBono.Needs.Browsing;

/// <summary>One need as the API lists and shows it; <see cref="History"/> says who did what, when.</summary>
internal sealed record NeedDetails(
    Guid NeedId,
    Guid MarathonId,
    Guid AssociationId,
    string AssociationName,
    string Cause,
    string Title,
    string Description,
    string Deliverable,
    IReadOnlyList<SkillSlots> RequiredSkills,
    TeamSize TeamSize,
    NeedStatus Status,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<StaffNote>? Notes,
    string? RejectionReason,
    string? WithdrawalReason,
    Guid? TeamId,
    DeliveredWork? Delivered,
    IReadOnlyList<NeedHistoryEntry>? History)
{
    public static NeedDetails From(Need n, bool staffView = true) => new(
        n.Id, n.MarathonId, n.AssociationId, n.AssociationName, n.Cause, n.Title, n.Description, n.Deliverable, n.Demand.RequiredSkills,
        n.Demand.TeamSize, n.Status, n.SubmittedAt,
        // staff notes and the history (who did what) are for staff and the association itself, not for partners
        staffView ? n.Notes : null, n.RejectionReason, n.WithdrawalReason, n.TeamId, n.Delivered, staffView ? n.History : null);

    /// <summary>What <paramref name="user"/> may read of <paramref name="need"/>: partners see the need, not the staff's notes.</summary>
    public static NeedDetails For(Need need, System.Security.Claims.ClaimsPrincipal user) => From(need, staffView: user.PartnerId() is null);
}

internal static class BrowseNeedsSlice
{
    /// <summary>Roles that read needs: staff (all), associations (their own), partners (published ones).</summary>
    public static readonly string[] Readers = [Roles.Staff, Roles.Association, Roles.Partner];

    public static RouteGroupBuilder MapBrowseNeeds(this RouteGroupBuilder api)
    {
        api.MapGet("/needs", async (HttpRequest http, IQuerySession session, CancellationToken ct) =>
            {
                var paging = Paging.From(http);
                var marathonId = ParseMarathonId(http.Query["marathonId"].ToString());
                var status = ParseStatus(http.Query["status"].ToString());
                var user = http.HttpContext.User;

                var query = session.Query<Need>().AsQueryable();
                if (user.AssociationId() is { } associationId)
                {
                    query = query.Where(n => n.AssociationId == associationId);
                }
                else if (user.PartnerId() is not null)
                {
                    // a partner sees published needs only: asking for another status finds none
                    query = status is null or NeedStatus.Published ? query.Where(n => n.Status == NeedStatus.Published) : query.Where(n => false);
                }
                if (marathonId is { } m)
                {
                    query = query.Where(n => n.MarathonId == m);
                }
                if (status is { } s)
                {
                    query = query.Where(n => n.Status == s);
                }
                var page = await query.OrderBy(n => n.SubmittedAt).ThenBy(n => n.Id).ToPageAsync(paging, ct);
                return TypedResults.Ok(new Page<NeedDetails>([.. page.Select(n => NeedDetails.For(n, user))], page.TotalItemCount));
            })
            .RequireAuthorization(p => p.RequireRole(Readers))
            .WithName("ListNeeds")
            .WithPaging()
            .WithQuery("marathonId", "Only the needs of this marathon (a UUID).")
            .WithQuery("status", "Only the needs in this status.", ApiSpelling.All<NeedStatus>().ToArray())
            .WithSummary("List needs, oldest first (staff: all; an association: its own; a partner: published ones).");

        api.MapGet("/needs/{needId:guid}", async (Guid needId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var need = http.User.Visible(await session.LoadAsync<Need>(needId, ct), needId);
                http.Response.SetETag(need.Version);
                return TypedResults.Ok(NeedDetails.For(need, http.User));
            })
            .RequireAuthorization(p => p.RequireRole(Readers))
            .WithName("GetNeed")
            .ProducesProblems(404).ReturnsETag()
            .WithSummary("One need with its history and ETag (staff; its association; a partner once it is published).");
        return api;
    }

    private static Guid? ParseMarathonId(string raw) =>
        raw.Length == 0 ? null
        : Guid.TryParse(raw, out var id) ? id
        : throw new ValidationFailed(new Dictionary<string, string[]> { ["marathonId"] = ["'marathonId' must be a UUID."] });

    private static NeedStatus? ParseStatus(string raw) =>
        raw.Length == 0 ? null
        : ApiSpelling.TryParse<NeedStatus>(raw, out var status) ? status
        : throw new ValidationFailed(new Dictionary<string, string[]>
        {
            ["status"] = [$"'status' must be one of: {string.Join(", ", ApiSpelling.All<NeedStatus>())}."],
        });
}
