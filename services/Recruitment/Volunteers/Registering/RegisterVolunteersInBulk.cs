using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Telemetry;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>One row's outcome: its volunteer and status, or why it was refused. Rows count from 1 (the CSV header is not a row).</summary>
internal sealed record BulkRowResult(int Row, Guid? VolunteerId, VolunteerStatus? Status, IDictionary<string, string[]>? Errors);

internal sealed record BulkRegistrationResponse(IReadOnlyList<BulkRowResult> Results);

internal static class RegisterVolunteersInBulkSlice
{
    public const int MaxRows = 10_000;

    /// <summary>
    /// A JSON array of registrations, or <c>text/csv</c> with a header row, each row validated and decided as a single
    /// registration, in row order; bad rows are reported and change nothing. One transaction; each partner's roster is
    /// locked once, partners in a fixed order so concurrent bulk calls cannot deadlock, and the rows' volunteers are read
    /// in one query, so a row's cost does not grow with the roster (docs/adr/0007-registrations-at-constant-cost.md).
    /// </summary>
    public static RouteGroupBuilder MapRegisterVolunteersInBulk(this RouteGroupBuilder api)
    {
        api.MapPost("/marathons/{marathonId:guid}/volunteers/bulk", async (
                Guid marathonId, HttpRequest http, IDocumentSession session, TimeProvider clock, IOptions<JsonOptions> json,
                IValidator<RegisterVolunteerRequest> validator, RegistrationMeters meters, CancellationToken ct) =>
            {
                var now = clock.GetUtcNow();
                var user = http.HttpContext.User;
                var rows = await ReadRows(http, json.Value.SerializerOptions, ct);
                var marathon = await session.Require(marathonId, user.PartnerId(), ct);
                if (marathon.Status != MarathonStatus.RegistrationOpen)
                {
                    throw new StateConflict($"Registration is not open: the marathon is {marathon.Status.ToApi()}.");
                }

                var results = new BulkRowResult?[rows.Count];
                var commands = new List<(int Row, RegisterVolunteer Command)>();
                for (var i = 0; i < rows.Count; i++)
                {
                    var (request, errors) = rows[i];
                    var (partnerId, problem) = request is null ? (null, null) : user.PartnerOf(request.PartnerId);
                    if (request is not null)
                    {
                        foreach (var (field, messages) in validator.Validate(RequestValidation.ForCaller(request, user)).ToDictionary())
                        {
                            errors.TryAdd(field, messages);
                        }
                    }
                    if (request is null && errors.Count == 0)
                    {
                        errors["row"] = ["A row must be a registration object."];
                    }
                    if (problem is not null)
                    {
                        errors.TryAdd("partnerId", [problem.Message]);
                    }
                    else if (partnerId is not null && !marathon.PartnerIds.Contains(partnerId))
                    {
                        errors.TryAdd("partnerId", [$"Partner '{partnerId}' takes no part in this marathon."]);
                    }
                    if (errors.Count > 0 || request is null || partnerId is null)
                    {
                        results[i] = new BulkRowResult(i + 1, null, null, errors);
                        continue;
                    }
                    commands.Add((i, RegisterVolunteer.From(request, marathonId, partnerId, Badges.New(), now)));
                }

                var newcomers = new List<VolunteerStatus>();
                foreach (var partner in commands.GroupBy(c => c.Command.PartnerId).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var reads = session.CreateBatchQuery();
                    var rosterRead = reads.Lock(marathonId, partner.Key);
                    var marathonRead = reads.RequireWhileStatusHeld(marathonId, null);
                    await reads.Execute(ct);
                    var roster = await rosterRead;
                    if ((await marathonRead).Status != MarathonStatus.RegistrationOpen)
                    {
                        throw new StateConflict("Registration closed while this import was being decided; nothing of it was kept.");
                    }
                    var existing = (await session.LoadManyAsync<Volunteer>(ct, partner.Select(c => c.Command.VolunteerId).Distinct()))
                        .ToDictionary(v => v.Id);
                    foreach (var (row, command) in partner.OrderBy(c => c.Row))
                    {
                        var events = RegisterVolunteerSlice.Decide(roster, existing.GetValueOrDefault(command.VolunteerId), marathon.Status, command);
                        if (events is [VolunteerRegistered registered])
                        {
                            // a new volunteer's stream starts here; a repeat in the same call finds it in `existing`
                            session.StartStream<Volunteer>(registered.VolunteerId, registered);
                            session.Store(command.PersonalData);
                            existing[registered.VolunteerId] = Volunteer.Create(registered);
                            roster = RosterFigures.Evolution(roster, registered);
                            newcomers.Add(registered.Status);
                        }
                        var volunteer = existing[command.VolunteerId];
                        results[row] = new BulkRowResult(row + 1, volunteer.Id, volunteer.Status, null);
                    }
                }
                await session.SaveChangesAsync(ct);
                newcomers.ForEach(status => meters.Registered(ApiSpelling.Of(status)));
                return TypedResults.Ok(new BulkRegistrationResponse([.. results.Select(r => r!)]));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .ChecksTextPerRow()
            // MaxRows registrations (a few hundred bytes each) do not fit the 1 MB every other body gets
            .AcceptsBodyUpTo(8 * 1024 * 1024)
            .Accepts<List<RegisterVolunteerRequest>>("application/json", "text/csv")
            .WithName("RegisterVolunteersInBulk")
            .ProducesProblems(400, 404, 409).AcceptsCsv("partnerId (staff), employeeRef, firstName, lastName, email, skills and causePreferences (';'-separated), leadCapable, hourlyCostEur")
            .WithSummary("Register many volunteers from a JSON array or a CSV file (skills ';'-separated); bad rows are reported, good rows kept.");
        return api;
    }

    /// <summary>The rows of the body, each with what could not be read into it (a JSON row that is not an object of the right shape, a CSV field that does not parse).</summary>
    private static async Task<IReadOnlyList<(RegisterVolunteerRequest? Request, Dictionary<string, string[]> Errors)>> ReadRows(
        HttpRequest http, JsonSerializerOptions options, CancellationToken ct)
    {
        var mediaType = http.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        IReadOnlyList<(RegisterVolunteerRequest?, Dictionary<string, string[]>)> rows = mediaType switch
        {
            "text/csv" => [.. (await VolunteerCsv.Read(http.Body, ct)).Select(r => ((RegisterVolunteerRequest?)r.Request, r.Errors))],
            "application/json" or null => ReadJson(await ReadJsonArray(http, ct), options),
            _ => throw new UnsupportedMediaType($"Send a JSON array (application/json) or a CSV file (text/csv), not '{http.ContentType}'."),
        };
        if (rows.Count == 0)
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["body"] = ["There are no rows to register."] });
        }
        return rows.Count > MaxRows ? throw new TooLarge($"At most {MaxRows} rows in one call; this one has {rows.Count}.") : rows;
    }

    private static async Task<JsonElement[]> ReadJsonArray(HttpRequest http, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonElement[]>(http.Body, cancellationToken: ct) ?? [];
        }
        catch (JsonException e)
        {
            throw new ValidationFailed(new Dictionary<string, string[]> { ["body"] = [$"The body is not a JSON array of registrations: {PublicText.Of(e.Message)}"] });
        }
    }

    /// <summary>Each element on its own, so one malformed row (a wrong type, a control character) is reported for that row only.</summary>
    private static List<(RegisterVolunteerRequest?, Dictionary<string, string[]>)> ReadJson(JsonElement[] elements, JsonSerializerOptions options) =>
        [.. elements.Select(element =>
        {
            try
            {
                return (element.Deserialize<RegisterVolunteerRequest>(options), new Dictionary<string, string[]>());
            }
            catch (JsonException e)
            {
                return ((RegisterVolunteerRequest?)null, new Dictionary<string, string[]> { [e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "row"] = [PublicText.Of(e.Message)] });
            }
        })];
}
