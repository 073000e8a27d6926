using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Marathons;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Telemetry;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>Body of <c>POST /api/marathons/{mid}/volunteers</c> (and one row of the bulk import); checked by <see cref="RegisterVolunteerValidator"/>.</summary>
internal sealed record RegisterVolunteerRequest(
    string? PartnerId,
    string? EmployeeRef,
    string? FirstName,
    string? LastName,
    string? Email,
    IReadOnlyList<string?>? Skills,
    bool? LeadCapable,
    IReadOnlyList<string?>? CausePreferences,
    decimal? HourlyCostEur,
    string? Source = null,
    string? Language = null,
    decimal? AnnualCostEur = null);

/// <summary>A valid registration of one employee of <see cref="PartnerId"/>.</summary>
internal sealed record RegisterVolunteer(
    Guid MarathonId,
    string PartnerId,
    string EmployeeRef,
    VolunteerProfile Profile,
    string LastName,
    string Email,
    string Source,
    string BadgeCode,
    DateTimeOffset Now)
{
    public Guid VolunteerId => RosterIds.Volunteer(MarathonId, PartnerId, EmployeeRef);

    /// <summary>The command of a request the validator accepted; trims, and keeps each skill and cause once.</summary>
    public static RegisterVolunteer From(RegisterVolunteerRequest r, Guid marathonId, string partnerId, string badgeCode, DateTimeOffset now) => new(
        marathonId, partnerId, r.EmployeeRef!.Trim(),
        new VolunteerProfile(r.FirstName!.Trim(), Terms(r.Skills), r.LeadCapable!.Value, Terms(r.CausePreferences), r.HourlyCostEur,
            string.IsNullOrWhiteSpace(r.Language) ? VolunteerProfile.DefaultLanguage : r.Language.Trim(), r.AnnualCostEur),
        r.LastName!.Trim(), r.Email!.Trim(), string.IsNullOrWhiteSpace(r.Source) ? Volunteer.DirectSource : r.Source.Trim(), badgeCode, now);

    /// <summary>What of the registration is kept outside the events, so it can be erased (stored with the registration).</summary>
    public VolunteerPersonalData PersonalData => VolunteerPersonalData.Of(VolunteerId, MarathonId, LastName, Email);

    private static List<string> Terms(IReadOnlyList<string?>? values) => [.. (values ?? []).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal)];
}

internal sealed record VolunteerRegistrationResponse(Guid VolunteerId, VolunteerStatus Status);

internal static class RegisterVolunteerSlice
{
    /// <summary>
    /// Within the partner's quota: confirmed; beyond: waitlisted, in arrival order. The same employee again changes
    /// nothing (the caller answers with the volunteer already registered). Pure: the roster's figures, the volunteer
    /// if it exists, the marathon's status in; events out.
    /// </summary>
    public static IReadOnlyList<object> Decide(RosterFigures roster, Volunteer? existing, MarathonStatus marathonStatus, RegisterVolunteer command)
    {
        if (existing is not null)
        {
            return [];
        }
        if (marathonStatus != MarathonStatus.RegistrationOpen)
        {
            throw new ServiceDefaults.Problems.StateConflict($"Registration is not open: the marathon is {marathonStatus.ToApi()}.");
        }
        var status = roster.Confirmed < roster.Quota ? VolunteerStatus.Confirmed : VolunteerStatus.Waitlisted;
        return
        [
            new VolunteerRegistered(
                roster.MarathonId, roster.PartnerId, roster.PartnerName, command.VolunteerId, command.EmployeeRef,
                command.Profile, status, roster.Registered, command.Source, command.Now, BadgeCode: command.BadgeCode),
        ];
    }

    public static RouteGroupBuilder MapRegisterVolunteer(this RouteGroupBuilder api)
    {
        api.MapPost("/marathons/{marathonId:guid}/volunteers", async (
                Guid marathonId, [FromBody] RegisterVolunteerRequest? request, IDocumentSession session, TimeProvider clock,
                HttpContext http, RegistrationMeters meters, CancellationToken ct) =>
            {
                var (partnerId, problem) = http.User.PartnerOf(request!.PartnerId);
                if (partnerId is null)
                {
                    throw problem!;
                }
                var command = RegisterVolunteer.From(request, marathonId, partnerId, Badges.New(), clock.GetUtcNow());
                var (marathon, roster, volunteer) = await session.OpenVolunteer(marathonId, partnerId, command.VolunteerId, http.User.PartnerId(), ct);

                var events = Decide(roster, volunteer.State, marathon.Status, command);
                volunteer.Append(events);
                if (events.Count > 0)
                {
                    session.Store(command.PersonalData); // same transaction as the event
                }
                await session.SaveAndSetETag(http.Response, volunteer, ct);
                if (volunteer.State is { } existing)
                {
                    return Results.Ok(new VolunteerRegistrationResponse(existing.Id, existing.Status));
                }
                var registered = (VolunteerRegistered)events[0];
                meters.Registered(ApiSpelling.Of(registered.Status));
                return Results.Created(
                    $"/api/marathons/{marathonId}/volunteers/{registered.VolunteerId}",
                    new VolunteerRegistrationResponse(registered.VolunteerId, registered.Status));
            })
            .ValidateRequest<RegisterVolunteerRequest>()
            .RequireAuthorization(Policies.StaffOrPartner)
            .Produces<VolunteerRegistrationResponse>(StatusCodes.Status201Created)
            .Produces<VolunteerRegistrationResponse>(StatusCodes.Status200OK)
            .WithIdempotency()
            .WithName("RegisterVolunteer")
            .ProducesProblems(400, 403, 404, 409).ReturnsETag()
            .WithSummary("Register an employee as a volunteer: confirmed within the partner's quota, else waitlisted (partner; staff names partnerId).");
        return api;
    }
}
