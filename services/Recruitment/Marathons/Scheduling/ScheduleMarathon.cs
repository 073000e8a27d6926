using Marten;
using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Volunteers;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Marathons.Scheduling;

/// <summary>Body of <c>POST /admin/recruitment/marathons</c>; everything nullable so missing fields answer 400, not a crash.</summary>
internal sealed record ScheduleMarathonRequest(
    string? Name,
    string? Venue,
    DateOnly? Date,
    DateOnly? RegistrationDeadline,
    int? HoursPerVolunteer,
    decimal? HourlyValueEur,
    int? MaxSameCompanyPerTeam,
    IReadOnlyList<PartnerRequest?>? Partners);

internal sealed record PartnerRequest(string? PartnerId, string? Name, int? Quota);

internal sealed record ScheduleMarathon(
    Guid MarathonId,
    string Name,
    string Venue,
    DateOnly Date,
    DateOnly RegistrationDeadline,
    int HoursPerVolunteer,
    decimal HourlyValueEur,
    int MaxSameCompanyPerTeam,
    IReadOnlyList<PartnerQuota> Partners,
    DateTimeOffset Now);

internal sealed record MarathonScheduledResponse(Guid MarathonId, MarathonStatus Status);

internal static class ScheduleMarathonSlice
{
    public const int DefaultHoursPerVolunteer = 7;
    public const int DefaultMaxSameCompanyPerTeam = 3;

    /// <summary>The rules of scheduling; pure.</summary>
    public static MarathonScheduled Decide(ScheduleMarathon command)
    {
        if (command.Date < DateOnly.FromDateTime(command.Now.UtcDateTime))
        {
            throw new RuleViolated($"A marathon cannot be scheduled in the past ({command.Date:yyyy-MM-dd}).");
        }
        if (command.RegistrationDeadline > command.Date)
        {
            throw new RuleViolated("The registration deadline must be on or before the marathon's date.");
        }
        return new MarathonScheduled(
            command.MarathonId, command.Name, command.Venue, command.Date, command.RegistrationDeadline,
            command.HoursPerVolunteer, command.HourlyValueEur, command.MaxSameCompanyPerTeam, command.Partners, command.Now);
    }

    public static ScheduleMarathon ToCommand(ScheduleMarathonRequest? request, Guid marathonId, DateTimeOffset now)
    {
        var v = new Validation();
        if (request is null)
        {
            v.Add("body", "A JSON body is required.").ThrowIfAny();
        }
        v.Require("name", request!.Name)
            .Require("venue", request.Venue)
            .Require("date", request.Date)
            .Require("registrationDeadline", request.RegistrationDeadline)
            .Range("hoursPerVolunteer", request.HoursPerVolunteer, 1, 24)
            .Require("hourlyValueEur", request.HourlyValueEur)
            .Range("hourlyValueEur", request.HourlyValueEur, 0m, 10_000m)
            .Range("maxSameCompanyPerTeam", request.MaxSameCompanyPerTeam, 1, 50);
        var partners = PartnerRules.Validate(request.Partners ?? [], v, "partners");
        v.ThrowIfAny();

        return new ScheduleMarathon(
            marathonId, request.Name!.Trim(), request.Venue!.Trim(), request.Date!.Value, request.RegistrationDeadline!.Value,
            request.HoursPerVolunteer ?? DefaultHoursPerVolunteer, request.HourlyValueEur!.Value,
            request.MaxSameCompanyPerTeam ?? DefaultMaxSameCompanyPerTeam, partners, now);
    }

    public static RouteGroupBuilder MapScheduleMarathon(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons", async (
                [FromBody] ScheduleMarathonRequest? request, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
            {
                var command = ToCommand(request, Guid.CreateVersion7(), clock.GetUtcNow());
                var scheduled = Decide(command);
                session.Events.StartStream<Marathon>(command.MarathonId, scheduled);
                foreach (var partner in scheduled.Partners)
                {
                    // each partner's roster starts in the same transaction, so registrations always find one to lock
                    PartnerRosters.Open(session, command.MarathonId, partner, command.Now);
                }
                await session.SaveChangesAsync(ct);
                response.SetETag(1);
                return TypedResults.Created($"/api/marathons/{command.MarathonId}", new MarathonScheduledResponse(command.MarathonId, MarathonStatus.Planned));
            })
            .WithIdempotency()
            .WithName("ScheduleMarathon")
            .ProducesProblems(400, 422).ReturnsETag()
            .WithSummary("Schedule a marathon with its partners and their quotas (staff).");
        return admin;
    }
}

/// <summary>Partner entries as scheduling and adding a partner both accept them.</summary>
internal static class PartnerRules
{
    public static IReadOnlyList<PartnerQuota> Validate(IReadOnlyList<PartnerRequest?> partners, Validation v, string field)
    {
        var result = new List<PartnerQuota>();
        for (var i = 0; i < partners.Count; i++)
        {
            var p = partners[i];
            var at = $"{field}[{i}]";
            if (p is null)
            {
                v.Add(at, "A partner entry cannot be null.");
                continue;
            }
            if (Validate(p, v, $"{at}.") is { } partner)
            {
                if (result.Any(r => r.PartnerId == partner.PartnerId))
                {
                    v.Add($"{at}.partnerId", $"Partner '{partner.PartnerId}' is listed twice.");
                }
                result.Add(partner);
            }
        }
        return result;
    }

    public static PartnerQuota? Validate(PartnerRequest p, Validation v, string prefix = "")
    {
        v.Require($"{prefix}partnerId", p.PartnerId, 64)
            .Slug($"{prefix}partnerId", p.PartnerId)
            .Require($"{prefix}name", p.Name)
            .Require($"{prefix}quota", p.Quota)
            .Range($"{prefix}quota", p.Quota, 1, 10_000);
        var valid = p.PartnerId is { } id && Slugs.IsValid(id) && !string.IsNullOrWhiteSpace(p.Name) && p.Quota is >= 1 and <= 10_000;
        return valid ? new PartnerQuota(p.PartnerId!, p.Name!.Trim(), p.Quota!.Value) : null;
    }
}
