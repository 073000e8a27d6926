using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ProBono.Marathon;

namespace ProBono.Faults;

/// <summary>An employee registered (or to be): the partner and reference that make the registration idempotent.</summary>
internal sealed record Employee(string PartnerId, string EmployeeRef, string FirstName);

/// <summary>What the platform answered for one employee: its volunteer id, and when (seconds since the load began).</summary>
internal sealed record Accepted(Employee Employee, Guid VolunteerId, double At);

/// <summary>
/// The load: <c>count</c> registrations through the gateway (most one by one, some as bulk files of 20), paced at
/// <c>rate</c> a second so that it spans the fault. A failed call is sent again with the same employee references:
/// registrations are idempotent on (partner, employeeRef), so a retry after a lost answer registers nobody twice.
/// </summary>
internal sealed class Registrations(Gateway gateway, Guid marathonId, IReadOnlyList<Employee> employees, double rate, int concurrency)
{
    private const int BulkRows = 20;
    private static readonly string[] Skills = ["communication", "marketing", "digital", "design", "finance", "legal", "it", "data", "hr", "strategy"];
    private static readonly string[] Causes = ["education", "employment", "health", "environment", "youth"];
    private readonly ConcurrentBag<Accepted> accepted = [];
    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);

    public Stopwatch Clock { get; } = new();

    public IReadOnlyCollection<Accepted> Accepted => accepted;

    /// <summary>Refused or failed calls, by answer ("502", "connection"), each sent again until accepted.</summary>
    public IReadOnlyDictionary<string, int> Failures => failures;

    public async Task Run(CancellationToken ct)
    {
        // per partner, chunks of 20 employees; every fifth chunk goes as one bulk call, the others as 20 single calls
        var jobs = new List<(IReadOnlyList<Employee> Rows, bool Bulk, int Before)>();
        var chunks = employees.GroupBy(e => e.PartnerId)
            .SelectMany(g => g.Chunk(BulkRows).Select((rows, i) => (Rows: rows, Bulk: i % 5 == 4)))
            .OrderBy(c => c.Rows[0].EmployeeRef.Length).ThenBy(c => c.Rows[0].EmployeeRef, StringComparer.Ordinal)
            .ToList();
        var before = 0;
        foreach (var (rows, bulk) in chunks)
        {
            if (bulk)
            {
                jobs.Add((rows, true, before));
                before += rows.Length;
            }
            else
            {
                foreach (var row in rows)
                {
                    jobs.Add(([row], false, before++));
                }
            }
        }

        Clock.Start();
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var index && index < jobs.Count)
            {
                var job = jobs[index];
                // paced: the job's registrations start no earlier than their place in the load at the given rate
                var due = TimeSpan.FromSeconds(job.Before / rate) - Clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }
                await UntilAccepted(job.Rows, job.Bulk, ct);
            }
        });
        await Task.WhenAll(workers);
    }

    private async Task UntilAccepted(IReadOnlyList<Employee> rows, bool bulk, CancellationToken ct)
    {
        var pending = rows.ToList();
        while (pending.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                pending = bulk || pending.Count > 1 ? await Bulk(pending, ct) : await Single(pending[0], ct);
            }
            catch (HttpRequestException)
            {
                failures.AddOrUpdate("connection", 1, (_, n) => n + 1);
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                failures.AddOrUpdate("timeout", 1, (_, n) => n + 1);
            }
            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    private async Task<List<Employee>> Single(Employee employee, CancellationToken ct)
    {
        var answer = await gateway.Post($"/api/marathons/{marathonId}/volunteers", gateway.Partner(employee.PartnerId), Body(employee), null, ct);
        if (answer.Status is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            accepted.Add(new Accepted(employee, answer.Json["volunteerId"]!.GetValue<Guid>(), Clock.Elapsed.TotalSeconds));
            return [];
        }
        Refused(answer);
        return [employee];
    }

    private async Task<List<Employee>> Bulk(List<Employee> rows, CancellationToken ct)
    {
        var answer = await gateway.Post($"/api/marathons/{marathonId}/volunteers/bulk", gateway.Partner(rows[0].PartnerId),
            rows.Select(Body).ToArray(), null, ct);
        if (answer.Status != HttpStatusCode.OK)
        {
            Refused(answer);
            return rows;
        }
        var at = Clock.Elapsed.TotalSeconds;
        var left = new List<Employee>();
        foreach (var result in answer.Json["results"]!.AsArray())
        {
            var row = rows[result!["row"]!.GetValue<int>() - 1]; // rows count from 1 (RegisterVolunteersInBulk)
            if (result["volunteerId"] is JsonValue id)
            {
                accepted.Add(new Accepted(row, id.GetValue<Guid>(), at));
            }
            else
            {
                failures.AddOrUpdate($"bulk row: {result["errors"]?.ToJsonString()}", 1, (_, n) => n + 1);
                left.Add(row);
            }
        }
        return left;
    }

    private void Refused(GatewayAnswer answer) => failures.AddOrUpdate(((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);

    private static object Body(Employee employee)
    {
        var hash = employee.EmployeeRef.GetHashCode(StringComparison.Ordinal) & 0x7fffffff;
        return new
        {
            employeeRef = employee.EmployeeRef,
            firstName = employee.FirstName,
            lastName = $"Fault {employee.EmployeeRef}",
            email = $"{employee.EmployeeRef}@faults.example",
            skills = new[] { Skills[hash % Skills.Length], Skills[(hash / 16) % Skills.Length] }.Distinct().ToArray(),
            leadCapable = hash % 7 == 0,
            causePreferences = new[] { Causes[hash % Causes.Length] },
        };
    }
}
