using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Http;

namespace ProBono.Recruitment.Volunteers.CheckingIn;

/// <summary>Body of the desk's call: volunteer ids or badge codes (typed, or read by a scanner that types), not both.</summary>
internal sealed record CheckInDeskRequest(IReadOnlyList<Guid?>? VolunteerIds, IReadOnlyList<string?>? BadgeCodes);

internal sealed class CheckInDeskValidator : AbstractValidator<CheckInDeskRequest>
{
    public CheckInDeskValidator()
    {
        RuleFor(r => r).Must(r => (r.VolunteerIds is null) != (r.BadgeCodes is null))
            .WithName("body").WithMessage("Send either volunteerIds or badgeCodes.");
        RuleFor(r => r.VolunteerIds).Must(ids => ids!.Count is > 0 and <= CheckInDeskSlice.MaxEntries).When(r => r.VolunteerIds is not null)
            .WithMessage($"Send 1 to {CheckInDeskSlice.MaxEntries} volunteer ids.");
        RuleFor(r => r.BadgeCodes).Must(codes => codes!.Count is > 0 and <= CheckInDeskSlice.MaxEntries).When(r => r.BadgeCodes is not null)
            .WithMessage($"Send 1 to {CheckInDeskSlice.MaxEntries} badge codes.");
        RuleForEach(r => r.VolunteerIds).NotNull().WithMessage("A volunteer id cannot be null.");
        RuleForEach(r => r.BadgeCodes).NotNull().WithMessage("A badge code cannot be null.");
    }
}

/// <summary>One entry of the desk's call, as typed, with the volunteer it names when one was found.</summary>
internal sealed record DeskEntry(Guid? VolunteerId, string? BadgeCode, Volunteer? Found);

internal sealed record DeskResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? VolunteerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BadgeCode,
    bool CheckedIn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

internal sealed record CheckInDeskResponse(IReadOnlyList<DeskResult> Results);

/// <summary>
/// The check-in desk: many volunteers checked in in one call, by id or badge code. Each entry is decided like a single
/// check-in; one that cannot be (an unknown badge, a volunteer of another marathon, a second entry for one volunteer,
/// a volunteer without a confirmed place) fails alone with its reason. All are saved in one transaction.
/// </summary>
internal static class CheckInDeskSlice
{
    public const int MaxEntries = 500;

    /// <summary>Pure: per entry, its result, and the check-ins to record (at most one per volunteer).</summary>
    public static (IReadOnlyList<DeskResult> Results, IReadOnlyList<VolunteerCheckedIn> CheckIns) Decide(
        Guid marathonId, IReadOnlyList<DeskEntry> entries, CheckInWindow window, DateTimeOffset now, string by)
    {
        var correction = window.IsCorrection(now); // the whole call is refused outside the window
        var results = new List<DeskResult>(entries.Count);
        var checkIns = new List<VolunteerCheckedIn>();
        var seen = new HashSet<Guid>();
        foreach (var entry in entries)
        {
            var volunteer = entry.Found;
            var error = volunteer switch
            {
                null when entry.BadgeCode is not null => $"No volunteer has badge code '{entry.BadgeCode}'.",
                null => $"No volunteer has id {entry.VolunteerId}.",
                _ when volunteer.MarathonId != marathonId => $"Volunteer {volunteer.Id} is registered for another marathon.",
                _ when !seen.Add(volunteer.Id) => $"Volunteer {volunteer.Id} is listed more than once in this call; its first entry counts.",
                _ when volunteer.Status != VolunteerStatus.Confirmed => CheckInVolunteerSlice.NotConfirmed(volunteer),
                _ => null,
            };
            if (error is null && !volunteer!.CheckedIn)
            {
                checkIns.Add(new VolunteerCheckedIn(marathonId, volunteer.PartnerId, volunteer.Id, now, correction, correction ? by : null));
            }
            results.Add(new DeskResult(volunteer?.Id ?? entry.VolunteerId, entry.BadgeCode, error is null, error));
        }
        return (results, checkIns);
    }

    public static RouteGroupBuilder MapCheckInDesk(this RouteGroupBuilder admin)
    {
        admin.MapPost("/marathons/{marathonId:guid}/check-ins", async (
                Guid marathonId, [FromBody] CheckInDeskRequest? request, IDocumentSession session, TimeProvider clock, HttpContext http,
                CancellationToken ct) =>
            {
                var found = await Find(session, request!, ct);

                // the marathon's status held and the volunteers' streams locked in one order (two desks may scan the same
                // badge), read under the locks in one round trip; check-ins change no roster figure, so no roster is locked
                var reads = session.CreateBatchQuery();
                var marathonRead = reads.RequireWhileStatusHeld(marathonId, null);
                var streams = found.Values.Where(v => v.MarathonId == marathonId).Select(v => v.Id).Order()
                    .ToDictionary(id => id, id => reads.OpenForWriting<Volunteer>(id, exclusive: true));
                await reads.Execute(ct);
                var marathon = await marathonRead;
                var current = new Dictionary<Guid, StreamWrite<Volunteer>>();
                foreach (var (id, stream) in streams)
                {
                    current[id] = await stream;
                }

                var byBadge = found.Values.Where(v => v.BadgeCode is not null).ToLookup(v => v.BadgeCode!);
                var entries = request!.VolunteerIds is { } ids
                    ? ids.Select(id => new DeskEntry(id, null, Current(found.GetValueOrDefault(id!.Value), current))).ToList()
                    : request.BadgeCodes!.Select(code => new DeskEntry(null, code,
                        Badges.Read(code) is { } badge ? Current(byBadge[badge].FirstOrDefault(), current) : null)).ToList();
                var (results, checkIns) = Decide(marathonId, entries, CheckInWindow.Of(marathon), clock.GetUtcNow(), http.User.Tenant()!);
                foreach (var checkIn in checkIns)
                {
                    current[checkIn.VolunteerId].Append([checkIn]);
                }
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new CheckInDeskResponse(results));
            })
            .ValidateRequest<CheckInDeskRequest>()
            .WithName("CheckInAtTheDesk")
            .ProducesProblems(400, 404, 409)
            .WithSummary("Check many volunteers in at once, by id or badge code; each entry fails alone (staff).");
        return admin;
    }

    /// <summary>The volunteers the entries name (ids, or badge codes as read), of any marathon: one indexed query.</summary>
    private static async Task<IReadOnlyDictionary<Guid, Volunteer>> Find(IQuerySession session, CheckInDeskRequest request, CancellationToken ct)
    {
        if (request.VolunteerIds is { } ids)
        {
            return (await session.LoadManyAsync<Volunteer>(ct, ids.Select(id => id!.Value).Distinct())).ToDictionary(v => v.Id);
        }
        var badges = request.BadgeCodes!.Select(Badges.Read).OfType<string>().Distinct().ToArray();
        return badges.Length == 0
            ? new Dictionary<Guid, Volunteer>()
            : (await session.Query<Volunteer>().Where(v => badges.Contains(v.BadgeCode)).ToListAsync(ct)).ToDictionary(v => v.Id);
    }

    /// <summary>The volunteer as read under its roster's lock (a volunteer of another marathon as first found: it only fails).</summary>
    private static Volunteer? Current(Volunteer? found, IReadOnlyDictionary<Guid, StreamWrite<Volunteer>> current) =>
        found is not null && current.TryGetValue(found.Id, out var stream) ? stream.State ?? found : found;
}
