using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ProBono.Marathon;

/// <summary>How hard the player pushes and how long it waits for the services to hear of each other's events.</summary>
public sealed record PlayerOptions(int Parallelism = 16, int StaffDesks = 4, TimeSpan? Patience = null, int DeskBatch = 25)
{
    public TimeSpan Wait => Patience ?? TimeSpan.FromMinutes(3);
}

/// <summary>
/// Plays a <see cref="MarathonPlan"/> through the gateway, phase by phase, as the people of a marathon would. Idempotent:
/// each phase reads what exists and sends only what is missing, with an Idempotency-Key on every creation. Reads across
/// services are eventually consistent, so a phase polls for another service's news within <see cref="PlayerOptions.Wait"/>.
/// </summary>
public sealed class MarathonPlayer(Gateway gateway, MarathonPlan plan, IMarathonProgress progress, PlayerOptions? options = null)
{
    private readonly PlayerOptions options = options ?? new PlayerOptions();
    private readonly Dictionary<Guid, string> badges = [];

    public MarathonRecord Record { get; } = new();

    private string Staff => gateway.Staff();

    private string Path => $"/admin/recruitment/marathons/{Record.MarathonId}";

    /// <summary>Up to the teams formed and the leads pinned: what a newcomer to the demo sees first.</summary>
    public async Task PlayUntilTeams(CancellationToken ct)
    {
        await Phase("schedule", 1, Schedule, ct);
        await Phase("partners and quotas", plan.Partners.Count, Partners, ct);
        await Phase("associations and needs", plan.Needs.Count(), AssociationsAndNeeds, ct);
        await Phase("volunteers", plan.Volunteers.Count, Volunteers, ct);
        await Phase("close registration", 1, CloseRegistration, ct);
        await Phase("pin leads", plan.PinnedLeads, PinLeads, ct);
        await Phase("formation", 1, Formation, ct);
    }

    /// <summary>The day (check-ins, milestones, deliverables), the surveys and the final report.</summary>
    public async Task PlayThrough(CancellationToken ct)
    {
        if (Record.Status == "completed")
        {
            return; // an earlier run played the day and the surveys: an invitation is answered once
        }
        // the badges reach the volunteers by mail before the day: learning them is not the desks' time
        await Phase("badges", Record.Confirmed.Count(), BadgeCodes, ct);
        await Phase("start the day", 1, Start, ct);
        await Phase("check-ins", Record.Confirmed.Count(), CheckIns, ct);
        await Phase("milestones", Record.Teams.Count, Milestones, ct);
        await Phase("deliverables", Record.Teams.Count, Deliverables, ct);
        await Phase("complete", 1, Complete, ct);
        await Phase("invitations", 0, Invitations, ct);
        await Phase("answers", 0, Answers, ct);
        await Phase("final report", 1, FinalReport, ct);
    }

    public async Task PlayAll(CancellationToken ct)
    {
        await PlayUntilTeams(ct);
        await PlayThrough(ct);
    }

    private async Task Phase(string name, int total, Func<IPhaseProgress, CancellationToken, Task<int>> run, CancellationToken ct)
    {
        var calls = gateway.Calls;
        var watch = Stopwatch.StartNew();
        using var bar = progress.Start(name, total);
        var items = await run(bar, ct);
        Record.Phases.Add(new PhaseTiming(name, watch.Elapsed, gateway.Calls - calls, items));
    }

    private async Task<int> Schedule(IPhaseProgress bar, CancellationToken ct)
    {
        var existing = (await gateway.All("/api/marathons", Staff, ct)).FirstOrDefault(m => (string?)m["name"] == plan.Name);
        if (existing is not null)
        {
            Record.MarathonId = Guid.Parse((string)existing["marathonId"]!);
            Record.Status = (string)existing["status"]!;
        }
        else
        {
            var scheduled = await gateway.Expect(HttpMethod.Post, "/admin/recruitment/marathons", Staff, new
            {
                name = plan.Name,
                venue = plan.Venue,
                date = plan.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                registrationDeadline = plan.RegistrationDeadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                hoursPerVolunteer = plan.HoursPerVolunteer,
                hourlyValueEur = plan.HourlyValueEur,
                maxSameCompanyPerTeam = plan.MaxSameCompanyPerTeam,
                partners = plan.Partners.Select(p => new
                {
                    partnerId = p.PartnerId, name = p.Name, quota = p.Quota, contactEmail = p.ContactEmail, legalName = p.LegalName, siren = p.Siren,
                    address = p.Address,
                }),
            }, Key("marathon", plan.Name), ct);
            Record.MarathonId = Guid.Parse((string)scheduled["marathonId"]!);
            Record.Status = (string)scheduled["status"]!;
            Record.Scheduled = true;
        }
        if (Record.Status == "planned")
        {
            await Move("open-registration", ct);
        }
        bar.Advance();
        return 1;
    }

    private async Task<int> Partners(IPhaseProgress bar, CancellationToken ct)
    {
        var marathon = await gateway.Expect(HttpMethod.Get, $"/api/marathons/{Record.MarathonId}", Staff, ct: ct);
        var known = marathon["partners"]!.AsArray().Select(p => (string)p!["partnerId"]!).ToHashSet(StringComparer.Ordinal);
        foreach (var partner in plan.Partners)
        {
            if (!known.Contains(partner.PartnerId))
            {
                await gateway.Expect(HttpMethod.Post, $"{Path}/partners", Staff,
                    new { partnerId = partner.PartnerId, name = partner.Name, quota = partner.Quota }, ct: ct);
            }
            bar.Advance();
        }
        return plan.Partners.Count;
    }

    private async Task<int> AssociationsAndNeeds(IPhaseProgress bar, CancellationToken ct)
    {
        // Needs learns of the marathon from Recruitment's events; a need for a marathon it has not heard of is refused
        await Eventually("Needs to hear of the marathon",
            async () => (await gateway.Get($"/admin/needs/marathons/{Record.MarathonId}", Staff, ct)).IsSuccess ? Done : null, ct);

        var associations = (await gateway.All("/admin/needs/associations", Staff, ct))
            .GroupBy(a => (string)a["name"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Guid.Parse((string)g.First()["associationId"]!), StringComparer.Ordinal);
        var needs = (await gateway.All($"/api/needs?marathonId={Record.MarathonId}", Staff, ct))
            .GroupBy(n => ((string)n["associationId"]!, (string)n["title"]!))
            .ToDictionary(g => g.Key, g => g.First());

        var played = new PlayedNeed?[plan.Needs.Count()];
        var indexed = plan.Associations.Select((a, i) => (a, i)).ToList();
        var firstNeed = plan.Associations.Select((a, i) => plan.Associations.Take(i).Sum(x => x.Needs.Count)).ToList();
        await Parallel.ForEachAsync(indexed, Parallelism(ct), async (entry, ct) =>
        {
            var (association, index) = entry;
            if (!associations.TryGetValue(association.Name, out var associationId))
            {
                var created = await gateway.Expect(HttpMethod.Post, "/admin/needs/associations", gateway.Staff(index % options.StaffDesks),
                    new
                    {
                        name = association.Name, mission = association.Mission, causeArea = association.CauseArea, contactEmail = association.ContactEmail,
                        address = association.Address, rna = association.Rna, siren = association.Siren,
                    },
                    Key("association", association.Name), ct);
                associationId = Guid.Parse((string)created["associationId"]!);
            }
            lock (Record)
            {
                Record.Associations[association.Name] = associationId;
            }
            for (var n = 0; n < association.Needs.Count; n++)
            {
                var need = association.Needs[n];
                var desk = gateway.Staff((index + n) % options.StaffDesks);
                Guid needId;
                string status;
                if (needs.TryGetValue((associationId.ToString(), need.Title), out var found))
                {
                    (needId, status) = (Guid.Parse((string)found["needId"]!), (string)found["status"]!);
                }
                else
                {
                    var submitted = await gateway.Expect(HttpMethod.Post, "/api/needs", gateway.Association(associationId), new
                    {
                        marathonId = Record.MarathonId,
                        title = need.Title,
                        description = need.Description,
                        deliverable = need.Deliverable,
                        requiredSkills = need.RequiredSkills.Select(s => new { skill = s.Skill, count = s.Count }),
                        teamSize = new { min = need.MinTeamSize, max = need.MaxTeamSize },
                    }, Key("need", $"{Record.MarathonId}/{associationId}/{need.Title}"), ct);
                    (needId, status) = (Guid.Parse((string)submitted["needId"]!), (string)submitted["status"]!);
                }
                if (status == "submitted")
                {
                    status = (string)(await gateway.Expect(HttpMethod.Post, $"/admin/needs/{needId}/qualify", desk,
                        new { notes = "Qualified with the association by phone." }, ct: ct))["status"]!;
                }
                if (status == "qualified")
                {
                    status = (string)(await gateway.Expect(HttpMethod.Post, $"/admin/needs/{needId}/publish", desk, ct: ct))["status"]!;
                }
                played[firstNeed[index] + n] = new PlayedNeed(association.Name, associationId, need, needId, status);
                bar.Advance();
            }
        });
        Record.Needs.AddRange(played.Select(p => p!));
        return played.Length;
    }

    private async Task<int> Volunteers(IPhaseProgress bar, CancellationToken ct)
    {
        var byRef = plan.Volunteers.ToDictionary(v => (v.PartnerId, v.EmployeeRef));
        if (Record.Status != "registration-open")
        {
            // registration closed by an earlier run: the roster is what it is
            foreach (var v in await gateway.All($"/api/marathons/{Record.MarathonId}/volunteers", Staff, ct))
            {
                var key = ((string)v["partnerId"]!, (string)v["employeeRef"]!);
                if (byRef.TryGetValue(key, out var planned))
                {
                    Record.Volunteers[key] = new RegisteredVolunteer(Guid.Parse((string)v["volunteerId"]!), (string)v["status"]!, planned);
                }
                bar.Advance();
            }
            return Record.Volunteers.Count;
        }

        // each partner's HR imports its employees in one bulk call per 1,000 rows (a repeat answers with the existing volunteer)
        var batches = plan.Volunteers.GroupBy(v => v.PartnerId).SelectMany(g => g.Chunk(1000)).ToList();
        await Parallel.ForEachAsync(batches, Parallelism(ct), async (rows, ct) =>
        {
            var answer = await gateway.Expect(HttpMethod.Post, $"/api/marathons/{Record.MarathonId}/volunteers/bulk", gateway.Partner(rows[0].PartnerId),
                rows.Select(v => new
                {
                    employeeRef = v.EmployeeRef,
                    firstName = v.FirstName,
                    lastName = v.LastName,
                    email = v.Email,
                    skills = v.Skills,
                    leadCapable = v.LeadCapable,
                    causePreferences = v.CausePreferences,
                    hourlyCostEur = v.HourlyCostEur,
                    source = v.Source,
                    language = v.Language,
                    annualCostEur = v.AnnualCostEur,
                }).ToList(), ct: ct);
            foreach (var result in answer["results"]!.AsArray())
            {
                var row = rows[(int)result!["row"]! - 1];
                if (result["errors"] is JsonObject { Count: > 0 } errors)
                {
                    throw new InvalidOperationException($"{row.PartnerId} could not register {row.EmployeeRef}: {errors.ToJsonString()}");
                }
                lock (Record)
                {
                    Record.Volunteers[(row.PartnerId, row.EmployeeRef)] =
                        new RegisteredVolunteer(Guid.Parse((string)result["volunteerId"]!), (string)result["status"]!, row);
                }
            }
            bar.Advance(rows.Length);
        });
        return plan.Volunteers.Count;
    }

    private async Task<int> CloseRegistration(IPhaseProgress bar, CancellationToken ct)
    {
        if (Record.Status == "registration-open")
        {
            await Move("close-registration", ct);
        }
        bar.Advance();
        return 1;
    }

    /// <summary>
    /// The marathon's project leads, chosen before formation: for the first needs of the plan, a lead-capable confirmed
    /// volunteer with one of the need's skills if there is one, spreading the leads over the companies.
    /// </summary>
    private async Task<int> PinLeads(IPhaseProgress bar, CancellationToken ct)
    {
        // Teams hears of the marathon from Recruitment's events: until then (e.g. Teams restarting) its lists answer 404
        var teams = await Eventually("Teams to hear of the marathon", async () =>
        {
            var answer = await gateway.Get($"/api/marathons/{Record.MarathonId}/teams?pageSize=1", Staff, ct);
            return answer.IsSuccess ? answer.Json
                : answer.Status == HttpStatusCode.NotFound ? null
                : throw new GatewayException(HttpMethod.Get, "teams", answer.Status, answer.Body);
        }, ct);
        var committed = teams["total"]!.GetValue<int>() > 0;
        var pins = await gateway.Expect(HttpMethod.Get, $"/admin/teams/marathons/{Record.MarathonId}/leads", Staff, ct: ct);
        foreach (var pin in (pins["items"] ?? pins).AsArray())
        {
            Record.Pins[Guid.Parse((string)pin!["needId"]!)] = Guid.Parse((string)pin["volunteerId"]!);
        }
        if (committed)
        {
            return 0; // an earlier run formed the teams; pins matter only before formation
        }
        var published = Record.Needs.Where(n => n.Status == "published").Take(plan.PinnedLeads).ToList();
        var used = Record.Pins.Values.ToHashSet();
        var leadsPerCompany = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = Record.Confirmed.Where(v => v.Plan.LeadCapable).ToList();
        // the leads are chosen one after the other (deterministic), then pinned concurrently: each pin waits only for
        // Teams to hear of its own volunteer, so the phase lasts as long as the slowest news, not the sum of them
        var chosen = new List<(PlayedNeed Need, RegisteredVolunteer Lead)>();
        foreach (var need in published)
        {
            if (Record.Pins.ContainsKey(need.NeedId))
            {
                bar.Advance();
                continue;
            }
            var skills = need.Plan.RequiredSkills.Select(s => s.Skill).ToHashSet(StringComparer.Ordinal);
            var lead = candidates.Where(v => !used.Contains(v.VolunteerId))
                .OrderByDescending(v => v.Plan.Skills.Any(skills.Contains))
                .ThenBy(v => leadsPerCompany.GetValueOrDefault(v.Plan.PartnerId))
                .FirstOrDefault();
            if (lead is null)
            {
                break;
            }
            used.Add(lead.VolunteerId);
            leadsPerCompany[lead.Plan.PartnerId] = leadsPerCompany.GetValueOrDefault(lead.Plan.PartnerId) + 1;
            chosen.Add((need, lead));
        }
        // the first pin alone, the rest concurrently: Teams once answered 500 to concurrent first pins, which it now
        // serialises (docs/benchmarks-marathon.md)
        var alone = Record.Pins.Count == 0 ? 1 : 0;
        foreach (var (need, lead) in chosen.Take(alone))
        {
            await Pin(need, lead);
        }
        await Parallel.ForEachAsync(chosen.Skip(alone), Parallelism(ct), async (pin, _) => await Pin(pin.Need, pin.Lead));
        foreach (var (need, lead) in chosen)
        {
            Record.Pins[need.NeedId] = lead.VolunteerId; // in the plan's order, whatever order the pins were accepted in
        }
        return Record.Pins.Count;

        // Teams hears of the volunteer and the need from the other services' events: until then 404/409/422
        async Task Pin(PlayedNeed need, RegisteredVolunteer lead)
        {
            await Eventually($"Teams to accept {lead.VolunteerId} as the lead of {need.NeedId}", async () =>
            {
                var answer = await gateway.Put($"/admin/teams/marathons/{Record.MarathonId}/needs/{need.NeedId}/lead", Staff, new { volunteerId = lead.VolunteerId }, ct);
                return answer.IsSuccess ? Done
                    : answer.Status is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity ? null
                    : throw new GatewayException(HttpMethod.Put, "lead", answer.Status, answer.Body);
            }, ct);
            bar.Advance();
        }
    }

    private async Task<int> Formation(IPhaseProgress bar, CancellationToken ct)
    {
        var existing = await gateway.All($"/api/marathons/{Record.MarathonId}/teams", Staff, ct);
        if (existing.Count > 0)
        {
            Record.Teams.AddRange(existing);
            bar.Advance();
            return existing.Count;
        }
        var published = Record.Needs.Count(n => n.Status == "published");
        var confirmed = Record.Confirmed.Count();
        // propose until Teams has heard of every published need and every confirmed volunteer (and the pins)
        var proposal = await Eventually("Teams to hear of every published need and confirmed volunteer", async () =>
        {
            var answer = await gateway.Post($"/admin/teams/marathons/{Record.MarathonId}/formation", Staff, null, null, ct);
            if (!answer.IsSuccess)
            {
                return answer.Status == HttpStatusCode.Conflict ? null : throw new GatewayException(HttpMethod.Post, "formation", answer.Status, answer.Body);
            }
            var json = answer.Json;
            var teams = json["teams"]!.AsArray();
            var needs = teams.Count + json["unstaffable"]!.AsArray().Count;
            var volunteers = teams.Sum(t => t!["members"]!.AsArray().Count) + json["unassigned"]!.AsArray().Count;
            var pinsKept = Record.Pins.All(pin => teams.Any(t => (string?)t!["needId"] == pin.Key.ToString()) || json["unstaffable"]!.AsArray().Any(u => (string?)u!["needId"] == pin.Key.ToString()));
            return needs == published && volunteers == confirmed && pinsKept ? json : null;
        }, ct);
        await gateway.Expect(HttpMethod.Post, $"/admin/teams/marathons/{Record.MarathonId}/formation/{(string)proposal["proposalId"]!}/commit", Staff, ct: ct);
        Record.Proposal = proposal;
        var formed = proposal["teams"]!.AsArray().Count;
        Record.Teams.AddRange(await Eventually("the committed teams to be listed", async () =>
        {
            var teams = await gateway.All($"/api/marathons/{Record.MarathonId}/teams", Staff, ct);
            return teams.Count == formed ? teams : null;
        }, ct));
        bar.Advance();
        return formed;
    }

    private async Task<int> Start(IPhaseProgress bar, CancellationToken ct)
    {
        if (Record.Status == "registration-closed")
        {
            await Move("start", ct);
        }
        bar.Advance();
        return 1;
    }

    /// <summary>
    /// The confirmed volunteers who come (the plan's share, drawn by its seed), their badges scanned at the desks: each
    /// desk sends what it scanned in calls of <see cref="PlayerOptions.DeskBatch"/> badges.
    /// </summary>
    private async Task<int> CheckIns(IPhaseProgress bar, CancellationToken ct)
    {
        var random = new Random(plan.Day.Seed);
        var coming = Record.Confirmed.OrderBy(v => v.Plan.PartnerId, StringComparer.Ordinal).ThenBy(v => v.Plan.EmployeeRef, StringComparer.Ordinal)
            .Where(_ => random.NextDouble() < plan.Day.CheckInRate).ToArray();
        // they arrive mixed, not company by company: a desk call locks the rosters of the companies it names
        random.Shuffle(coming);
        var calls = coming.Chunk(options.DeskBatch).Select((group, i) => (Group: group, Desk: i % options.StaffDesks));
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = options.StaffDesks, CancellationToken = ct }, async (call, ct) =>
        {
            var answer = await gateway.Expect(HttpMethod.Post, $"/admin/recruitment/marathons/{Record.MarathonId}/check-ins", gateway.Staff(call.Desk),
                new { badgeCodes = call.Group.Select(v => badges[v.VolunteerId]) }, ct: ct);
            var results = answer["results"]!.AsArray();
            for (var i = 0; i < call.Group.Length; i++)
            {
                if (results[i]?["checkedIn"]?.GetValue<bool>() != true)
                {
                    throw new InvalidOperationException($"The desk refused {call.Group[i].VolunteerId}: {results[i]?["error"]}");
                }
                lock (Record)
                {
                    Record.CheckedIn.Add(call.Group[i].VolunteerId);
                }
                bar.Advance();
            }
        });
        return coming.Length;
    }

    /// <summary>The confirmed volunteers' badge codes, as staff list them (what their confirmation mails carry).</summary>
    private async Task<int> BadgeCodes(IPhaseProgress bar, CancellationToken ct)
    {
        badges.Clear();
        for (var page = 1; ; page++)
        {
            var list = await gateway.Expect(HttpMethod.Get, $"/api/marathons/{Record.MarathonId}/volunteers?status=confirmed&pageSize=500&page={page}", Staff, ct: ct);
            var items = list["items"]!.AsArray();
            foreach (var item in items)
            {
                badges[Guid.Parse((string)item!["volunteerId"]!)] = (string)item["badgeCode"]!;
                bar.Advance();
            }
            if (items.Count < 500)
            {
                return badges.Count;
            }
        }
    }

    private Task<int> Milestones(IPhaseProgress bar, CancellationToken ct) => ForEachTeam(bar, async (team, token, ct) =>
    {
        var reported = team["milestones"]?.AsArray().Count ?? 0;
        foreach (var milestone in plan.Day.Milestones.Skip(reported))
        {
            // with a key: a call sent again after its answer was lost (the service restarting) records the milestone once
            var teamId = (string)team["teamId"]!;
            await DuringTheDay(HttpMethod.Post, $"/api/teams/{teamId}/milestones", token, new { name = milestone }, ct, Key("milestone", $"{teamId}/{milestone}"));
        }
    }, ct);

    private Task<int> Deliverables(IPhaseProgress bar, CancellationToken ct) => ForEachTeam(bar, async (team, token, ct) =>
    {
        if ((string?)team["status"] == "delivered")
        {
            return;
        }
        var need = Record.Needs.First(n => n.NeedId.ToString() == (string)team["needId"]!);
        var teamId = (string)team["teamId"]!;
        await DuringTheDay(HttpMethod.Post, $"/api/teams/{teamId}/deliverable", token,
            new { title = need.Plan.Deliverable, url = $"https://deliverables.example.org/{teamId}.pdf" }, ct);
    }, ct);

    /// <summary>Each team's lead reports for the team (staff, for a team without a lead).</summary>
    private async Task<int> ForEachTeam(IPhaseProgress bar, Func<JsonNode, string, CancellationToken, Task> act, CancellationToken ct)
    {
        await Parallel.ForEachAsync(Record.Teams, Parallelism(ct), async (team, ct) =>
        {
            var lead = (string?)team["leadVolunteerId"];
            await act(team, lead is null ? Staff : gateway.Volunteer(Guid.Parse(lead)), ct);
            bar.Advance();
        });
        return Record.Teams.Count;
    }

    /// <summary>Teams hears that the day started from Recruitment's events: until then a milestone is refused (409).</summary>
    private Task DuringTheDay(HttpMethod method, string path, string token, object body, CancellationToken ct, string? idempotencyKey = null) =>
        Eventually($"Teams to accept {path}", async () =>
        {
            var answer = await gateway.Send(method, path, token, () => System.Net.Http.Json.JsonContent.Create(body), idempotencyKey, ct);
            return answer.IsSuccess ? Done : answer.Status == HttpStatusCode.Conflict ? null : throw new GatewayException(method, path, answer.Status, answer.Body);
        }, ct);

    private async Task<int> Complete(IPhaseProgress bar, CancellationToken ct)
    {
        if (Record.Status == "in-progress")
        {
            // the day ends hours after the last check-in: staff complete it once Feedback counts every check-in, so the
            // campaign opens with every respondent (a check-in the completion overtook would only top it up later)
            var hours = (decimal)(Record.CheckedIn.Count * plan.HoursPerVolunteer);
            await Eventually("Feedback to count every check-in", async () =>
            {
                var report = await gateway.Get($"/admin/feedback/marathons/{Record.MarathonId}/report", Staff, ct);
                return report.IsSuccess && report.Json["impact"]?["hours"] is { } counted
                    && decimal.Parse(counted.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) == hours ? Done : null;
            }, ct);
            // staff look at what is missing first: a marathon that is not ready completes only by force, with the reason
            // (every team delivered; Recruitment hears of the deliverables from Teams' events, a moment later)
            var absent = Record.Confirmed.Count() - Record.CheckedIn.Count;
            var check = await Eventually("Recruitment to hear of every deliverable", async () =>
            {
                var answer = await gateway.Get($"{Path}/completion-check", Staff, ct);
                return answer.IsSuccess && answer.Json["teamsWithoutDeliverable"]!.AsArray().Count == 0
                    && (int)answer.Json["confirmedNotCheckedIn"]! == absent ? answer.Json : null;
            }, ct);
            var ready = check["ready"]!.GetValue<bool>();
            var reason = ready ? null
                : $"{(int)check["confirmedNotCheckedIn"]!} confirmed volunteer(s) did not come; {check["teamsWithoutDeliverable"]!.AsArray().Count} team(s) without a deliverable.";
            Record.Status = (string)(await gateway.Expect(HttpMethod.Post, $"{Path}/complete", Staff,
                ready ? null : new { force = true, reason }, ct: ct))["status"]!;
            Record.CompletionReason = reason;
        }
        bar.Advance();
        return 1;
    }

    /// <summary>
    /// Waits until Feedback has invited every respondent the marathon should have (staff's list of invitations; e-mail
    /// sending is not relied on), and keeps their tokens.
    /// </summary>
    private async Task<int> Invitations(IPhaseProgress bar, CancellationToken ct)
    {
        var teamsNeeds = Record.Teams.Select(t => (string)t["needId"]!).ToHashSet(StringComparer.Ordinal);
        var expected = Record.CheckedIn.Count
            + Record.Needs.Where(n => teamsNeeds.Contains(n.NeedId.ToString())).Select(n => n.AssociationId).Distinct().Count()
            + plan.Partners.Count;
        var invitations = await Eventually($"Feedback to invite {expected} respondents", async () =>
        {
            var items = await gateway.All($"/admin/feedback/marathons/{Record.MarathonId}/invitations", Staff, ct);
            return items.Count >= expected ? items : null;
        }, ct);
        Record.Invitations.AddRange(invitations.Select(i => new Invitation((string)i["token"]!, (string)i["group"]!, (string)i["respondentId"]!))
            .OrderBy(i => i.Group, StringComparer.Ordinal).ThenBy(i => i.RespondentId, StringComparer.Ordinal));
        return Record.Invitations.Count;
    }

    /// <summary>Each invitation answered through the survey page's form as a browser posts it, for the plan's share of each group, with answers drawn by its seed.</summary>
    private async Task<int> Answers(IPhaseProgress bar, CancellationToken ct)
    {
        var random = new Random(plan.Surveys.Seed);
        var answers = Record.Invitations.Where(i => random.NextDouble() < plan.Surveys.RateOf(i.Group))
            .Select(i => new SentAnswer(i.Token, i.Group, i.RespondentId, Nps(random, i.Group), random.Next(2, 6))).ToList();
        await Parallel.ForEachAsync(answers, Parallelism(ct), async (answer, ct) =>
        {
            var page = await gateway.PostForm($"/surveys/{answer.Token}", new Dictionary<string, string>
            {
                ["nps"] = answer.Nps.ToString(CultureInfo.InvariantCulture),
                ["satisfaction"] = answer.Satisfaction.ToString(CultureInfo.InvariantCulture),
                ["comment"] = answer.Nps >= 9 ? "Une journée utile, à refaire." : "",
                ["lang"] = "fr",
            }, ct);
            lock (Record)
            {
                if (page.Status == HttpStatusCode.OK)
                {
                    Record.Answers.Add(answer);
                }
                else if (page.Status == HttpStatusCode.Conflict)
                {
                    Record.AnsweredBefore++;
                }
                else
                {
                    throw new GatewayException(HttpMethod.Post, "/surveys/{token}", page.Status, page.Body);
                }
            }
            bar.Advance();
        });
        return answers.Count;
    }

    /// <summary>Volunteers are mostly promoters, associations more so, partners more measured.</summary>
    private static int Nps(Random random, string group)
    {
        var roll = random.NextDouble();
        var (promoters, passives) = group switch { "association" => (0.7, 0.2), "partner" => (0.5, 0.3), _ => (0.6, 0.25) };
        return roll < promoters ? random.Next(9, 11) : roll < promoters + passives ? random.Next(7, 9) : random.Next(0, 7);
    }

    /// <summary>The report, once Feedback has counted every answer sent and every check-in and deliverable (reads are eventually consistent).</summary>
    private async Task<int> FinalReport(IPhaseProgress bar, CancellationToken ct)
    {
        try
        {
            await Eventually("the report to count what was sent", async () =>
            {
                Record.Report = await gateway.Expect(HttpMethod.Get, $"/admin/feedback/marathons/{Record.MarathonId}/report", Staff, ct: ct);
                return Invariants.Report(plan, Record).Count == 0 ? Done : null;
            }, ct);
        }
        catch (TimeoutException)
        {
            // the invariants say what differs; the player's job ends with the last report read
        }
        bar.Advance();
        return 1;
    }

    private async Task Move(string transition, CancellationToken ct) =>
        Record.Status = (string)(await gateway.Expect(HttpMethod.Post, $"{Path}/{transition}", Staff, ct: ct))["status"]!;

    private ParallelOptions Parallelism(CancellationToken ct) => new() { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct };

    private static readonly object Done = new();

    private async Task<T> Eventually<T>(string what, Func<Task<T?>> probe, CancellationToken ct) where T : class
    {
        var deadline = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (deadline.Elapsed > options.Wait)
            {
                throw new TimeoutException($"Waited {options.Wait.TotalSeconds:F0} s for {what}.");
            }
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(1000, pause.TotalMilliseconds * 1.5));
        }
    }

    /// <summary>An Idempotency-Key for a creation: ASCII, short, the same for the same thing.</summary>
    private static string Key(string kind, string what) =>
        $"{kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what)))[..32]}";
}
