using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ProBono.ServiceDefaults.Http;

namespace ProBono.ServiceDefaults.Problems;

/// <summary>
/// The problem an exception of a library the core does not know (the event store's) stands for, or null.
/// Registered by that library; the exception handler asks each in turn.
/// </summary>
public interface IExceptionProblems
{
    ProblemDetails? For(HttpContext http, Exception exception);
}

/// <summary>
/// Turns what a caller got wrong into RFC 9457 problem details; anything else stays a 500 (a fault of ours),
/// logged by the exception handler middleware.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IEnumerable<IExceptionProblems> libraries) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationFailed v => new HttpValidationProblemDetails(v.Errors) { Status = 400, Title = v.Title, Detail = v.Message },
            ProblemException p => new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message },
            // the body is not JSON or not of the request's shape
            BadHttpRequestException { InnerException: JsonException j } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [Field(j.Path)] = [PublicText.Of(j.Message)] })
            {
                Status = 400,
                Title = "Invalid input",
                Detail = $"The body is not valid JSON for this request: {PublicText.Of(j.Message)}",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = StatusTitles.Of(b.StatusCode), Detail = PublicText.Of(b.Message) },
            _ => libraries.Select(l => l.For(http, exception)).FirstOrDefault(p => p is not null),
        };
        if (problem is null)
        {
            return false;
        }
        foreach (var (name, value) in (exception as ProblemException)?.Extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }
        problem.Instance = CallerPath.Of(http);
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        http.Response.StatusCode = problem.Status!.Value;
        // a caller that accepts no JSON (only text/event-stream, say) still gets the problem, not a 500
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception })
            || await WriteAnyway(http, problem, cancellationToken);
    }

    private static async Task<bool> WriteAnyway(HttpContext http, ProblemDetails problem, CancellationToken ct)
    {
        await http.Response.WriteAsJsonAsync(problem, problem.GetType(), (JsonSerializerOptions?)null, "application/problem+json", ct);
        return true;
    }

    /// <summary>The <c>errors</c> key for a JSON path, in the validators' spelling: <c>$.partners[0].name</c> → <c>partners[0].name</c>.</summary>
    internal static string Field(string? jsonPath) => jsonPath switch
    {
        null or "" or "$" => "$",
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith("$[", StringComparison.Ordinal) => jsonPath[1..],
        _ => jsonPath,
    };
}
