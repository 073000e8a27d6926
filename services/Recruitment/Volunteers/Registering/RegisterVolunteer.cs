using System.Net.Mail;
using Marten;
using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Marathons;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>Body of <c>POST /api/marathons/{mid}/volunteers</c>; everything nullable so missing fields answer 400.</summary>
internal sealed record RegisterVolunteerRequest(
    string? PartnerId,
    string? EmployeeRef,
    string? FirstName,
    string? LastName,
    string? Email,
    IReadOnlyList<string?>? Skills,
    bool? LeadCapable,
    IReadOnlyList<string?>? CausePreferences,
    decimal? HourlyCostEur);

internal sealed record RegisterVolunteer(
    Guid MarathonId,
    string PartnerId,
    string EmployeeRef,
    VolunteerProfile Profile,
    string LastName,
    string Email,
    DateTimeOffset Now);

internal sealed record VolunteerRegistrationResponse(Guid VolunteerId, VolunteerStatus Status);

/// <summary>The skills and causes of API.md; anything else is a 400.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlySet<string> Skills = new HashSet<string>(StringComparer.Ordinal)
    {
        "communication", "marketing", "digital", "design", "project-management", "strategy", "finance", "legal", "hr", "it",
        "data", "sales", "fundraising",
    };

    public static readonly IReadOnlySet<string> Causes = new HashSet<string>(StringComparer.Ordinal)
    {
        "education", "employment", "culture", "health", "environment", "social-inclusion", "disability", "youth", "housing",
    };
}

internal static class RegisterVolunteerSlice
{
    /// <summary>
    /// Within the partner's quota: confirmed; beyond: waitlisted, in arrival order. The same employee again changes
    /// nothing (the caller answers with the volunteer already on the roster). Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(PartnerRoster roster, MarathonStatus marathonStatus, RegisterVolunteer command)
    {
        if (roster.ByEmployee(command.EmployeeRef) is not null)
        {
            return [];
        }
        if (marathonStatus != MarathonStatus.RegistrationOpen)
        {
            throw new StateConflict($"Registration is not open: the marathon is {marathonStatus.ToApi()}.");
        }
        var status = roster.Count(VolunteerStatus.Confirmed) < roster.Quota ? VolunteerStatus.Confirmed : VolunteerStatus.Waitlisted;
        return
        [
            new VolunteerRegistered(
                roster.MarathonId, roster.PartnerId, roster.PartnerName,
                RosterIds.Volunteer(roster.MarathonId, roster.PartnerId, command.EmployeeRef), command.EmployeeRef,
                command.Profile, command.LastName, command.Email, status, roster.Entries.Count, command.Now),
        ];
    }

    /// <summary>
    /// The request as a command, or 400 naming each bad field. <paramref name="callerPartnerId"/> is the partner's own id
    /// (a partner registers its own employees), or null for staff, who must name the partner in the body.
    /// </summary>
    public static RegisterVolunteer ToCommand(RegisterVolunteerRequest? request, Guid marathonId, string? callerPartnerId, DateTimeOffset now)
    {
        var v = new Validation();
        if (request is null)
        {
            v.Add("body", "A JSON body is required.").ThrowIfAny();
        }
        var partnerId = request!.PartnerId?.Trim();
        if (callerPartnerId is null)
        {
            v.Require("partnerId", partnerId, 64).Slug("partnerId", partnerId);
        }
        else if (!string.IsNullOrEmpty(partnerId) && partnerId != callerPartnerId)
        {
            throw new Forbidden("A partner registers its own employees only.");
        }
        v.Require("employeeRef", request.EmployeeRef, 100)
            .Require("firstName", request.FirstName, 100)
            .Require("lastName", request.LastName, 100)
            .Require("email", request.Email, 254)
            .Require("leadCapable", request.LeadCapable)
            .Range("hourlyCostEur", request.HourlyCostEur, 0m, 10_000m);
        if (!string.IsNullOrWhiteSpace(request.Email) && !IsEmail(request.Email.Trim()))
        {
            v.Add("email", "'email' must be an e-mail address such as name@example.com.");
        }
        var skills = Terms(request.Skills, "skills", Vocabulary.Skills, v);
        if (request.Skills is { Count: 0 })
        {
            v.Add("skills", "'skills' must name at least one skill.");
        }
        var causes = Terms(request.CausePreferences, "causePreferences", Vocabulary.Causes, v);
        v.ThrowIfAny();

        return new RegisterVolunteer(
            marathonId, callerPartnerId ?? partnerId!, request.EmployeeRef!.Trim(),
            new VolunteerProfile(request.FirstName!.Trim(), skills, request.LeadCapable!.Value, causes, request.HourlyCostEur),
            request.LastName!.Trim(), request.Email!.Trim(), now);
    }

    private static List<string> Terms(IReadOnlyList<string?>? values, string field, IReadOnlySet<string> known, Validation v)
    {
        var result = new List<string>();
        if (values is null)
        {
            v.Add(field, $"'{field}' is required (it may be empty only for causePreferences).");
            return result;
        }
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i]?.Trim();
            if (value is null || !known.Contains(value))
            {
                v.Add($"{field}[{i}]", $"'{values[i]}' is not one of: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
            else if (!result.Contains(value))
            {
                result.Add(value);
            }
        }
        return result;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');

    public static RouteGroupBuilder MapRegisterVolunteer(this RouteGroupBuilder api)
    {
        api.MapPost("/marathons/{marathonId:guid}/volunteers", async (
                Guid marathonId, [FromBody] RegisterVolunteerRequest? request, IDocumentSession session, TimeProvider clock,
                HttpContext http, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var command = ToCommand(request, marathonId, http.User.PartnerId(), now);
                var marathon = await RosterWriting.MarathonOf(session, marathonId, command.PartnerId, ct);
                var (stream, roster) = await RosterWriting.Lock(session, marathon, command.PartnerId, now, ct);

                var events = Decide(roster, marathon.Status, command);
                if (events.Count == 0)
                {
                    var existing = roster.ByEmployee(command.EmployeeRef)!;
                    return Results.Ok(new VolunteerRegistrationResponse(existing.VolunteerId, existing.Status));
                }
                stream.AppendMany(events);
                await RosterWriting.Save(session, ct);

                var registered = (VolunteerRegistered)events[0];
                return Results.Created(
                    $"/api/marathons/{marathonId}/volunteers/{registered.VolunteerId}",
                    new VolunteerRegistrationResponse(registered.VolunteerId, registered.Status));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .Produces<VolunteerRegistrationResponse>(StatusCodes.Status201Created)
            .Produces<VolunteerRegistrationResponse>(StatusCodes.Status200OK)
            .WithIdempotency()
            .WithName("RegisterVolunteer")
            .ProducesProblems(400, 403, 404, 409)
            .WithSummary("Register an employee as a volunteer: confirmed within the partner's quota, else waitlisted (partner; staff names partnerId).");
        return api;
    }
}
