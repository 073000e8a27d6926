using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Marathons.AddingPartners;
using ProBono.Recruitment.Volunteers;

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
    IReadOnlyList<PartnerRequest?>? Partners,
    int? CorrectionDays = null,
    int? SurveyDays = null);

/// <summary>A partner entry, as scheduling and adding a partner both take it; its contact and legal data are optional.</summary>
internal sealed record PartnerRequest(
    string? PartnerId, string? Name, int? Quota,
    string? ContactEmail = null, string? LegalName = null, string? Siren = null, string? Address = null) : IPartnerDetails
{
    /// <summary>The partner of a request <see cref="PartnerRequestValidator"/> accepted; a blank optional field is none.</summary>
    public PartnerQuota ToPartner() => new(
        PartnerId!, Name!.Trim(), Quota!.Value, Given(ContactEmail), Given(LegalName), Given(Siren), Given(Address));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

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
    int CorrectionDays,
    DateTimeOffset Now,
    int SurveyDays = Contracts.MarathonDefaults.SurveyDays)
{
    /// <summary>The command of a request <see cref="ScheduleMarathonValidator"/> accepted: names trimmed, defaults filled in.</summary>
    public static ScheduleMarathon From(ScheduleMarathonRequest request, Guid marathonId, DateTimeOffset now) => new(
        marathonId, request.Name!.Trim(), request.Venue!.Trim(), request.Date!.Value, request.RegistrationDeadline!.Value,
        request.HoursPerVolunteer ?? ScheduleMarathonSlice.DefaultHoursPerVolunteer, request.HourlyValueEur!.Value,
        request.MaxSameCompanyPerTeam ?? ScheduleMarathonSlice.DefaultMaxSameCompanyPerTeam,
        [.. (request.Partners ?? []).Select(p => p!.ToPartner())], request.CorrectionDays ?? Contracts.MarathonDefaults.CorrectionDays, now,
        request.SurveyDays ?? Contracts.MarathonDefaults.SurveyDays);
}

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
            command.HoursPerVolunteer, command.HourlyValueEur, command.MaxSameCompanyPerTeam, command.Partners, command.Now, command.CorrectionDays,
            command.SurveyDays);
    }

    public static RouteGroupBuilder MapScheduleMarathon(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons", async (
                [FromBody] ScheduleMarathonRequest? request, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
            {
                // nullable so that a missing body reaches ValidateRequest, which refuses it with a 400 naming the body
                var command = ScheduleMarathon.From(request!, Guid.CreateVersion7(), clock.GetUtcNow());
                var scheduled = Decide(command);
                var marathon = session.StartStream<Marathon>(command.MarathonId, scheduled);
                foreach (var partner in scheduled.Partners)
                {
                    // each partner's roster starts in the same transaction, so registrations always find one to lock
                    PartnerRosters.Open(session, command.MarathonId, partner, command.Now);
                }
                await session.SaveAndSetETag(response, marathon, ct);
                return TypedResults.Created($"/api/marathons/{command.MarathonId}", new MarathonScheduledResponse(command.MarathonId, MarathonStatus.Planned));
            })
            .ValidateRequest<ScheduleMarathonRequest>()
            .WithIdempotency()
            .WithName("ScheduleMarathon")
            .ProducesProblems(400, 422).ReturnsETag()
            .WithSummary("Schedule a marathon with its partners and their quotas (staff).");
        return admin;
    }
}
