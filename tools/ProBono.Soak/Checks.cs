using System.Diagnostics;
using System.Globalization;

namespace ProBono.Soak;

/// <summary>One comparison: how many were acknowledged (or expected), how many are held, lost, doubled, and held without being expected.</summary>
internal sealed record Count(string What, int Expected, int Held, int Lost, int Doubled, int Unexpected)
{
    public bool Holds => Lost == 0 && Doubled == 0;
}

/// <summary>
/// What the services hold, compared with what the load was acknowledged, read straight from each service's database
/// (the event stores, the read models, the copies and the inbox rows; psql, so every row counts, a doubled one too):
/// <list type="bullet">
/// <item>each registration acknowledged: one volunteer in Recruitment's documents and one <c>volunteer_registered</c>
/// in its event store, one volunteer per (marathon, partner, employee reference), and one copy each in Teams and Feedback;</item>
/// <item>each need acknowledged: one need, one per (marathon, association, title), one <c>need_submitted</c>;</item>
/// <item>each formation committed: its teams, one team per need, one <c>formation_committed</c> per marathon;</item>
/// <item>each team's milestones acknowledged: as many <c>milestone_recorded</c> in its stream;</item>
/// <item>each check-in acknowledged: one <c>volunteer_checked_in</c>, and Feedback's copy checked in;</item>
/// <item>each survey answer acknowledged: one <c>survey_answered</c> for its token;</item>
/// <item>the inboxes: for each consumer and message type, one row per event of that type in the producer's store
/// (the relay publishes an event under its own id): a missing row is a lost message, a row naming no event is counted
/// as doubled: a message published under another id, whose repeat the inbox could not have recognised.</item>
/// </list>
/// </summary>
internal sealed class Checks(int postgresPort, string password)
{
    /// <summary>Integration message → the service publishing it and the event types it is published from.</summary>
    private static readonly (string Message, string Producer, string[] Events)[] Messages =
    [
        ("MarathonScheduled", "recruitment", ["marathon_scheduled"]),
        ("MarathonStatusChanged", "recruitment", ["registration_opened", "registration_closed", "marathon_started", "marathon_completed", "marathon_cancelled"]),
        ("VolunteerConfirmed", "recruitment", ["volunteer_registered"]),
        ("VolunteerCheckedIn", "recruitment", ["volunteer_checked_in"]),
        ("NeedPublished", "needs", ["need_published"]),
        ("TeamFormed", "teams", ["team_formed"]),
        ("MissionCompleted", "teams", ["deliverable_submitted"]),
    ];

    private static readonly string[] Services = ["recruitment", "needs", "teams", "feedback"];

    public async Task<List<Count>> Run(Ledger ledger, CancellationToken ct)
    {
        var counts = new List<Count>();

        // registrations
        var acknowledged = ledger.Volunteers.Values.SelectMany(v => v.Keys).ToHashSet();
        var volunteers = await Rows("recruitment", "select id, data->>'marathonId', data->>'partnerId', data->>'employeeRef', data->>'badgeCode' from recruitment.mt_doc_volunteer", ct);
        var volunteerIds = volunteers.Select(r => Guid.Parse(r[0])).ToList();
        var twice = volunteers.GroupBy(r => (r[1], r[2], r[3])).Sum(g => g.Count() - 1);
        counts.Add(Compare("registrations: Recruitment's volunteers", acknowledged, volunteerIds, twice));
        counts.Add(Compare("registrations: Recruitment's volunteer_registered events", acknowledged, await StreamsOf("recruitment", "volunteer_registered", ct)));
        counts.Add(Compare("registrations: Teams' volunteer copies", acknowledged, await Ids("teams", "select id from teams.mt_doc_volunteerforformation", ct)));
        counts.Add(Compare("registrations: Feedback's volunteer copies", acknowledged, await Ids("feedback", "select id from feedback.mt_doc_volunteerforimpact", ct)));

        // needs
        var needs = await Rows("needs", "select id, data->>'marathonId', data->>'associationId', data->>'title', data->>'status' from needs.mt_doc_need", ct);
        counts.Add(Compare("needs: Needs' needs", ledger.Needs.Keys.ToHashSet(), needs.Select(r => Guid.Parse(r[0])).ToList(),
            needs.GroupBy(r => (r[1], r[2], r[3])).Sum(g => g.Count() - 1)));
        counts.Add(Compare("needs: Needs' need_submitted events", ledger.Needs.Keys.ToHashSet(), await StreamsOf("needs", "need_submitted", ct)));

        // formations and teams
        var teams = await Rows("teams", "select data->>'marathonId', data->'need'->>'needId' from teams.mt_doc_team", ct);
        var teamsOf = teams.GroupBy(r => Guid.Parse(r[0])).ToDictionary(g => g.Key, g => g.Count());
        var expectedTeams = ledger.Formations.Sum(f => f.Value);
        var heldTeams = ledger.Formations.Keys.Sum(m => teamsOf.GetValueOrDefault(m));
        counts.Add(new Count("formations: Teams' teams of committed formations", expectedTeams, heldTeams,
            ledger.Formations.Sum(f => Math.Max(0, f.Value - teamsOf.GetValueOrDefault(f.Key))),
            teams.GroupBy(r => (r[0], r[1])).Sum(g => g.Count() - 1), teamsOf.Keys.Except(ledger.Formations.Keys).Sum(m => teamsOf[m])));
        counts.Add(Compare("formations: Teams' formation_committed events", ledger.Formations.Keys.ToHashSet(), await StreamsOf("teams", "formation_committed", ct)));

        // milestones: one milestone_recorded per acknowledged milestone of each team
        var recorded = (await StreamsOf("teams", "milestone_recorded", ct)).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        counts.Add(new Count("milestones: Teams' milestone_recorded events", ledger.Milestones.Values.Sum(), recorded.Values.Sum(),
            ledger.Milestones.Sum(m => Math.Max(0, m.Value - recorded.GetValueOrDefault(m.Key))),
            ledger.Milestones.Sum(m => Math.Max(0, recorded.GetValueOrDefault(m.Key) - m.Value)),
            recorded.Where(r => !ledger.Milestones.ContainsKey(r.Key)).Sum(r => r.Value)));

        // check-ins (the desk was sent badge codes: they name the volunteer)
        var byBadge = volunteers.Where(r => r[4].Length > 0).GroupBy(r => r[4], StringComparer.Ordinal).ToDictionary(g => g.Key, g => Guid.Parse(g.First()[0]), StringComparer.Ordinal);
        var checkedIn = ledger.CheckIns.Keys.Select(k => Guid.TryParse(k, out var id) ? id : byBadge.GetValueOrDefault(k)).ToHashSet();
        counts.Add(Compare("check-ins: Recruitment's volunteer_checked_in events", checkedIn, await StreamsOf("recruitment", "volunteer_checked_in", ct)));
        counts.Add(Compare("check-ins: Feedback's copies checked in", checkedIn,
            await Ids("feedback", "select id from feedback.mt_doc_volunteerforimpact where (data->>'checkedIn')::boolean", ct)));

        // survey answers
        var answered = await Rows("feedback", "select data->>'token' from feedback.mt_events where type = 'survey_answered'", ct);
        var tokens = ledger.SurveyAnswers.Keys.ToHashSet(StringComparer.Ordinal);
        var held = answered.Select(r => r[0]).ToList();
        counts.Add(new Count("answers: Feedback's survey_answered events", tokens.Count, held.Count, tokens.Except(held, StringComparer.Ordinal).Count(),
            held.Count - held.Distinct(StringComparer.Ordinal).Count(), held.Distinct(StringComparer.Ordinal).Except(tokens, StringComparer.Ordinal).Count()));

        // inboxes
        var events = new Dictionary<(string Service, string Type), HashSet<string>>();
        foreach (var service in Services)
        {
            foreach (var row in await Rows(service, $"select type, replace(id::text, '-', '') from {service}.mt_events", ct))
            {
                (events.TryGetValue((service, row[0]), out var set) ? set : events[(service, row[0])] = new(StringComparer.Ordinal)).Add(row[1]);
            }
        }
        foreach (var consumer in Services)
        {
            var rows = await Rows(consumer, $"select split_part(id, ':', 1), data->>'messageType', split_part(id, ':', 2) from {consumer}.mt_doc_processedmessage", ct);
            foreach (var group in rows.GroupBy(r => (Consumer: r[0], Message: r[1])).OrderBy(g => g.Key.Consumer, StringComparer.Ordinal))
            {
                var map = Messages.FirstOrDefault(m => m.Message == group.Key.Message);
                if (map.Message is null)
                {
                    continue;
                }
                var published = map.Events.SelectMany(e => events.GetValueOrDefault((map.Producer, e)) ?? []).ToHashSet(StringComparer.Ordinal);
                var inbox = group.Select(r => r[2]).ToList();
                // a row naming no event: a message applied under another id than its event's, so a repeat of it was not recognised
                counts.Add(new Count($"inbox: {consumer}'s {group.Key.Consumer} ({map.Producer}'s events)", published.Count, inbox.Count,
                    published.Except(inbox, StringComparer.Ordinal).Count(),
                    inbox.Count - inbox.Distinct(StringComparer.Ordinal).Count() + inbox.Except(published, StringComparer.Ordinal).Count(), 0));
            }
        }
        return counts;
    }

    /// <summary>
    /// Dirties the stores on purpose, to show that the checks see it (<c>--tamper true</c>): a second volunteer for an
    /// acknowledged registration (same marathon, partner and employee reference), a second <c>survey_answered</c> for
    /// an acknowledged answer, a second <c>milestone_recorded</c>, an inbox row naming no event (a message applied
    /// twice under two ids), and one Feedback copy deleted (lost).
    /// </summary>
    public async Task Tamper(CancellationToken ct)
    {
        await Rows("recruitment", """
            insert into recruitment.mt_doc_volunteer (id, data, mt_last_modified, mt_version, mt_dotnet_type)
            select gen_random_uuid(), data, mt_last_modified, mt_version, mt_dotnet_type from recruitment.mt_doc_volunteer limit 1
            returning id
            """, ct);
        await Rows("feedback", """
            insert into feedback.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select (select max(seq_id) + 1 from feedback.mt_events), gen_random_uuid(), stream_id,
                   (select max(version) + 1 from feedback.mt_events e where e.stream_id = a.stream_id), data, type, timestamp, tenant_id, mt_dotnet_type
            from feedback.mt_events a where type = 'survey_answered' limit 1
            returning id
            """, ct);
        await Rows("teams", """
            insert into teams.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select (select max(seq_id) + 1 from teams.mt_events), gen_random_uuid(), stream_id,
                   (select max(version) + 1 from teams.mt_events e where e.stream_id = a.stream_id), data, type, timestamp, tenant_id, mt_dotnet_type
            from teams.mt_events a where type = 'milestone_recorded' limit 1
            returning id
            """, ct);
        await Rows("teams", """
            insert into teams.mt_doc_processedmessage (id, data, mt_last_modified, mt_version, mt_dotnet_type)
            select split_part(id, ':', 1) || ':' || replace(gen_random_uuid()::text, '-', ''), data, mt_last_modified, gen_random_uuid(), mt_dotnet_type
            from teams.mt_doc_processedmessage where data->>'messageType' = 'VolunteerConfirmed' limit 1
            returning id
            """, ct);
        await Rows("feedback", "delete from feedback.mt_doc_volunteerforimpact where id = (select id from feedback.mt_doc_volunteerforimpact limit 1) returning id", ct);
    }

    private static Count Compare(string what, HashSet<Guid> expected, IReadOnlyCollection<Guid> held, int doubled = -1)
    {
        var distinct = held.ToHashSet();
        return new Count(what, expected.Count, held.Count, expected.Except(distinct).Count(),
            doubled >= 0 ? doubled + (held.Count - distinct.Count) : held.Count - distinct.Count, distinct.Except(expected).Count());
    }

    /// <summary>The stream of every event of a type, once per event: a stream twice is an event recorded twice.</summary>
    private async Task<List<Guid>> StreamsOf(string service, string type, CancellationToken ct) =>
        await Ids(service, $"select stream_id from {service}.mt_events where type = '{type}'", ct);

    private async Task<List<Guid>> Ids(string database, string sql, CancellationToken ct) =>
        [.. (await Rows(database, sql, ct)).Select(r => Guid.Parse(r[0]))];

    private async Task<List<string[]>> Rows(string database, string sql, CancellationToken ct)
    {
        var info = new ProcessStartInfo("psql", ["-h", "127.0.0.1", "-p", postgresPort.ToString(CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", database, "-X", "-A", "-t", "-q", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PGPASSWORD"] = password;
        info.Environment["PGCONNECT_TIMEOUT"] = "10";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start (apt-get install postgresql-client)");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql -d {database} failed ({process.ExitCode}): {await error}");
        }
        return [.. (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))];
    }
}
