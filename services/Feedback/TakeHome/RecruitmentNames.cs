using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using ProBono.Contracts.Requests;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// Where Recruitment answers for volunteers' names (<c>Feedback:VolunteerNames</c>, a MassTransit address: the exchange
/// bound to Recruitment's queue) and how long a document waits for the answer (<c>Feedback:VolunteerNamesTimeoutSeconds</c>).
/// </summary>
internal sealed record NameSettings(Uri Address, TimeSpan Timeout)
{
    public static NameSettings Of(IConfiguration configuration) => new(
        new Uri(configuration["Feedback:VolunteerNames"] ?? "exchange:recruitment-find-volunteer-names"),
        TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Feedback:VolunteerNamesTimeoutSeconds", 10.0), 0.1, 120)));
}

/// <summary>
/// The full names a document prints, asked of Recruitment over RabbitMQ when the document is made: one request for all
/// its volunteers, answered on this service's own reply queue, used for that answer and kept nowhere (personal data
/// stays in Recruitment: docs/adr/0023-names-in-documents.md). A volunteer Recruitment does not know (erased) is named
/// <see cref="Placeholder"/>. No answer in time: <see cref="NamesUnavailable"/>, a 503 the caller retries.
/// </summary>
internal sealed class RecruitmentNames(IBus bus, NameSettings settings)
{
    /// <summary>What a document prints for a volunteer whose name Recruitment no longer gives: no one's name, in any language.</summary>
    public const string Placeholder = "—";

    public async Task<IReadOnlyDictionary<Guid, string>> Of(Guid marathonId, IEnumerable<Guid> volunteerIds, CancellationToken ct)
    {
        var ids = volunteerIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }
        var client = bus.CreateRequestClient<FindVolunteerNames>(settings.Address, settings.Timeout);
        Response<VolunteerNames> reply;
        try
        {
            reply = await client.GetResponse<VolunteerNames>(new FindVolunteerNames(marathonId, ids), ct);
        }
        catch (RequestTimeoutException e)
        {
            throw new NamesUnavailable(e);
        }
        var known = reply.Message.Names.Where(n => n.Known).ToDictionary(n => n.VolunteerId, FullName);
        return ids.ToDictionary(id => id, id => known.GetValueOrDefault(id) ?? Placeholder);
    }

    private static string FullName(VolunteerName name) =>
        string.Join(' ', new[] { name.FirstName, name.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } full ? full : Placeholder;
}

/// <summary>Recruitment did not answer for the names in time (it or the broker is away): nothing was made.</summary>
internal sealed class NamesUnavailable(Exception inner) : Exception("Recruitment did not answer for the volunteers' names in time.", inner);

/// <summary><see cref="NamesUnavailable"/> as a 503 problem with <c>Retry-After</c>: a document waits for its names, it is never made without them.</summary>
internal sealed class NamesUnavailableProblems : IExceptionProblems
{
    public const int RetryAfterSeconds = 10;

    public ProblemDetails? For(HttpContext http, Exception exception)
    {
        if (exception is not NamesUnavailable)
        {
            return null;
        }
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = 503,
            Title = "Service unavailable",
            Detail = "The volunteers' names could not be had from Recruitment in time; nothing was made. Try again shortly.",
        };
    }
}
