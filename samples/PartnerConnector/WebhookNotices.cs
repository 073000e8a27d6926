namespace ProBono.PartnerConnector;

/// <summary>Says what each message teaches, in the partner's words; <c>impact.ready</c> also queues the report download.</summary>
internal sealed class WebhookNotices(TextWriter output, IReadOnlyDictionary<Guid, string> names, ImpactReports reports)
{
    public void Handle(WebhookMessage message)
    {
        var volunteer = message.Id("volunteerId") is { } v ? names.GetValueOrDefault(v) ?? $"volunteer {v}" : "a volunteer";
        var marathon = message.Id("marathonId");
        var line = message.Type switch
        {
            "volunteer.confirmed" => $"{volunteer} is confirmed",
            "volunteer.waitlisted" => $"{volunteer} is on the waiting list",
            "volunteer.promoted" => $"{volunteer} moved up from the waiting list: confirmed",
            "volunteer.withdrawn" => $"{volunteer} withdrew",
            "volunteer.checked-in" => $"{volunteer} checked in on the day",
            "team.formed" => $"team {message.Id("teamId")} formed{Members(message)}",
            "marathon.completed" => $"marathon {marathon} is completed",
            "impact.ready" => $"the impact report of marathon {marathon} is ready: downloading it",
            _ => $"{message.Type}: {message.Data}",
        };
        output.WriteLine($"[{message.Timestamp?.ToString("u") ?? "webhook"}] {line}");
        if (message.Type == "impact.ready" && marathon is { } id)
        {
            reports.Queue(id);
        }
    }

    private string Members(WebhookMessage message)
    {
        var ours = message.Ids("volunteerIds").Concat(message.Ids("members")).Select(m => names.GetValueOrDefault(m) ?? m.ToString()).ToList();
        return ours.Count > 0 ? $" with {string.Join(", ", ours)}" : "";
    }
}
