using System.Security.Cryptography;
using System.Text;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using ProBono.Client;
using ProBono.Client.Recruitment.Models;
using Problem = ProBono.Client.Recruitment.Models.ProblemDetails;
using ValidationProblem = ProBono.Client.Recruitment.Models.HttpValidationProblemDetails;

namespace ProBono.PartnerConnector;

/// <summary>What one import did: <see cref="Registered"/> are new registrations (this run's), the others were known.</summary>
internal sealed record ImportSummary(int Registered, int Confirmed, int Waitlisted, int AlreadyRegistered, int Refused)
{
    public override string ToString() =>
        $"{Registered} registered ({Confirmed} confirmed, {Waitlisted} waitlisted), {AlreadyRegistered} already registered, {Refused} refused";
}

/// <summary>
/// Registers the HR export's employees for one marathon, one call each (<c>POST /api/marathons/{mid}/volunteers</c>),
/// each with an <c>Idempotency-Key</c> made of the marathon and the employee: a rerun, or a retry after a lost answer,
/// registers nobody twice, and the platform says so (the replayed answer carries <c>Idempotent-Replayed</c>).
/// </summary>
internal sealed class EmployeeImport(ProBonoClient probono, Guid marathonId, string? partnerId, TextWriter output)
{
    /// <summary>Who a volunteer id is, for what the webhooks say later.</summary>
    public Dictionary<Guid, string> Names { get; } = [];

    public async Task<ImportSummary> Run(IEnumerable<HrEmployee> employees, CancellationToken ct)
    {
        int registered = 0, confirmed = 0, waitlisted = 0, known = 0, refused = 0;
        foreach (var employee in employees)
        {
            var who = $"row {employee.Row} ({employee.EmployeeRef})";
            var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
            try
            {
                var answer = await probono.Recruitment.Api.Marathons[marathonId].Volunteers.PostAsync(Request(employee), r =>
                {
                    r.Headers.Add("Idempotency-Key", IdempotencyKey(marathonId, employee.EmployeeRef));
                    r.Options.Add(headers);
                }, ct);
                var status = answer?.Status?.ToString().ToLowerInvariant() ?? "?";
                if (answer?.VolunteerId is { } volunteerId)
                {
                    Names[volunteerId] = $"{employee.FirstName} {employee.LastName} ({employee.EmployeeRef})";
                }
                // 201 with Location: registered now; 200: the platform knew the employee; a replay: an earlier run's answer
                var created = headers.ResponseHeaders.ContainsKey("Location") && !headers.ResponseHeaders.ContainsKey("Idempotent-Replayed");
                if (created)
                {
                    registered++;
                    confirmed += answer?.Status == VolunteerStatus.Confirmed ? 1 : 0;
                    waitlisted += answer?.Status == VolunteerStatus.Waitlisted ? 1 : 0;
                    output.WriteLine($"{who}: registered, {status}");
                }
                else
                {
                    known++;
                    output.WriteLine($"{who}: already registered, {status}");
                }
            }
            catch (ValidationProblem problem)
            {
                refused++;
                output.WriteLine($"{who}: refused: {Describe(problem)}");
            }
            catch (Problem problem) when (problem.ResponseStatusCode == 422 && problem.Detail?.Contains("Idempotency-Key", StringComparison.Ordinal) == true)
            {
                // the same employee sent earlier with other details: the registration keeps its first ones
                known++;
                output.WriteLine($"{who}: already registered earlier with other details (unchanged)");
            }
            catch (Problem problem) when (problem.ResponseStatusCode is 409 or 422)
            {
                refused++;
                output.WriteLine($"{who}: refused: {problem.Detail ?? problem.Title}");
            }
        }
        return new ImportSummary(registered, confirmed, waitlisted, known, refused);
    }

    /// <summary>The same for the same employee at the same marathon, whatever the run; ASCII, and short (≤ 200).</summary>
    public static string IdempotencyKey(Guid marathonId, string employeeRef)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{marathonId:D}\n{employeeRef}"));
        return $"register-{marathonId:N}-{Convert.ToHexStringLower(hash)[..32]}";
    }

    private RegisterVolunteerRequest Request(HrEmployee e) => new()
    {
        PartnerId = partnerId,
        EmployeeRef = e.EmployeeRef,
        FirstName = e.FirstName,
        LastName = e.LastName,
        Email = e.Email,
        Skills = [.. e.Skills],
        LeadCapable = e.LeadCapable,
        CausePreferences = [.. e.Causes],
        Language = e.Language,
        HourlyCostEur = (double?)e.HourlyCostEur,
        AnnualCostEur = (double?)e.AnnualCostEur,
        Source = "hr-connector",
    };

    private static string Describe(ValidationProblem problem) =>
        problem.Errors?.AdditionalData is { Count: > 0 } errors
            ? string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", Messages(e.Value))}"))
            : problem.Detail ?? problem.Title ?? "400";

    private static IEnumerable<string?> Messages(object value) =>
        value is UntypedArray array ? array.GetValue().Select(m => (m as UntypedString)?.GetValue()) : [value.ToString()];
}
