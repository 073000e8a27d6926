using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ProBono.Recruitment.Marathons;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>One row's outcome: its volunteer and status, or why it was refused. Rows count from 1 (the CSV header is not a row).</summary>
internal sealed record BulkRowResult(int Row, Guid? VolunteerId, VolunteerStatus? Status, IDictionary<string, string[]>? Errors);

internal sealed record BulkRegistrationResponse(IReadOnlyList<BulkRowResult> Results);

internal static class RegisterVolunteersInBulkSlice
{
    public const int MaxRows = 10_000;

    /// <summary>
    /// A JSON array of registrations, or <c>text/csv</c> with a header row. Good rows are registered, in row order, with
    /// the same rules as one registration (quota, waitlist, repeats answered with the existing volunteer); bad rows are
    /// reported with their reasons and change nothing. One transaction; each partner's roster is locked once,
    /// partners in a fixed order so concurrent bulk calls cannot deadlock.
    /// </summary>
    public static RouteGroupBuilder MapRegisterVolunteersInBulk(this RouteGroupBuilder api)
    {
        api.MapPost("/marathons/{marathonId:guid}/volunteers/bulk", async (
                Guid marathonId, HttpRequest http, IDocumentSession session, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var callerPartnerId = http.HttpContext.User.PartnerId();
                var rows = await ReadRows(http, json.Value.SerializerOptions, ct);
                var results = new BulkRowResult?[rows.Count];
                var commands = new List<(int Row, RegisterVolunteer Command)>();
                for (var i = 0; i < rows.Count; i++)
                {
                    var (request, readErrors) = rows[i];
                    try
                    {
                        var command = RegisterVolunteerSlice.ToCommand(request, marathonId, callerPartnerId, now);
                        if (readErrors.Count > 0)
                        {
                            results[i] = new BulkRowResult(i + 1, null, null, readErrors);
                            continue;
                        }
                        commands.Add((i, command));
                    }
                    catch (ValidationFailed e)
                    {
                        results[i] = new BulkRowResult(i + 1, null, null, e.Errors.Concat(readErrors.Where(r => !e.Errors.ContainsKey(r.Key))).ToDictionary());
                    }
                    catch (Forbidden e)
                    {
                        results[i] = new BulkRowResult(i + 1, null, null, new Dictionary<string, string[]> { ["partnerId"] = [e.Message] });
                    }
                }

                var marathon = await RosterWriting.MarathonOf(session, marathonId, callerPartnerId, ct);
                if (marathon.Status != MarathonStatus.RegistrationOpen)
                {
                    throw new StateConflict($"Registration is not open: the marathon is {marathon.Status.ToApi()}.");
                }
                foreach (var partner in commands.GroupBy(c => c.Command.PartnerId).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    if (!marathon.PartnerIds.Contains(partner.Key))
                    {
                        foreach (var (row, _) in partner)
                        {
                            results[row] = new BulkRowResult(row + 1, null, null,
                                new Dictionary<string, string[]> { ["partnerId"] = [$"Partner '{partner.Key}' takes no part in this marathon."] });
                        }
                        continue;
                    }
                    var (stream, roster) = await RosterWriting.Lock(session, marathon, partner.Key, now, ct);
                    foreach (var (row, command) in partner.OrderBy(c => c.Row))
                    {
                        var events = RegisterVolunteerSlice.Decide(roster, marathon.Status, command);
                        stream.AppendMany(events);
                        roster = events.Aggregate(roster, PartnerRoster.Evolution);
                        var volunteer = roster.ByEmployee(command.EmployeeRef)!;
                        results[row] = new BulkRowResult(row + 1, volunteer.VolunteerId, volunteer.Status, null);
                    }
                }
                await RosterWriting.Save(session, ct);
                return TypedResults.Ok(new BulkRegistrationResponse(results.Select(r => r!).ToList()));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .Accepts<List<RegisterVolunteerRequest>>("application/json", "text/csv")
            .WithName("RegisterVolunteersInBulk")
            .ProducesProblems(400, 404, 409).AcceptsCsv("partnerId (staff), employeeRef, firstName, lastName, email, skills and causePreferences (';'-separated), leadCapable, hourlyCostEur")
            .WithSummary("Register many volunteers from a JSON array or a CSV file (skills ';'-separated); bad rows are reported, good rows kept.");
        return api;
    }

    private static async Task<IReadOnlyList<(RegisterVolunteerRequest? Request, Dictionary<string, string[]> Errors)>> ReadRows(
        HttpRequest http, JsonSerializerOptions options, CancellationToken ct)
    {
        var mediaType = http.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        IReadOnlyList<(RegisterVolunteerRequest?, Dictionary<string, string[]>)> rows;
        if (mediaType is "text/csv")
        {
            using var reader = new StreamReader(http.Body);
            rows = VolunteerCsv.Parse(await reader.ReadToEndAsync(ct)).Select(r => ((RegisterVolunteerRequest?)r.Request, r.Errors)).ToList();
        }
        else if (mediaType is "application/json" or null)
        {
            List<RegisterVolunteerRequest?>? parsed;
            try
            {
                parsed = await JsonSerializer.DeserializeAsync<List<RegisterVolunteerRequest?>>(http.Body, options, ct);
            }
            catch (JsonException e)
            {
                throw new ValidationFailed(new Dictionary<string, string[]> { ["body"] = [$"The body is not a JSON array of registrations: {e.Message}"] });
            }
            rows = (parsed ?? []).Select(r => (r, new Dictionary<string, string[]>())).ToList();
        }
        else
        {
            throw new UnsupportedMediaType($"Send a JSON array (application/json) or a CSV file (text/csv), not '{http.ContentType}'.");
        }
        if (rows.Count == 0)
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["body"] = ["There are no rows to register."] });
        }
        return rows.Count > MaxRows ? throw new TooLarge($"At most {MaxRows} rows in one call; this one has {rows.Count}.") : rows;
    }
}
