using System.Diagnostics.Metrics;

namespace ProBono.ServiceDefaults.Telemetry;

/// <summary>
/// The platform's own meter, "ProBono", exported by every process; each class below holds one concern's instruments.
/// All are made through the host's <see cref="IMeterFactory"/>, so two hosts in one test process do not mix measurements.
/// </summary>
public static class ProBonoMeters
{
    public const string MeterName = "ProBono";

    internal static Meter Create(IMeterFactory factory) => factory.Create(MeterName);
}

/// <summary>Recruitment's registrations, one per new volunteer, tagged by <c>outcome</c>: confirmed or waitlisted.</summary>
public sealed class RegistrationMeters(IMeterFactory factory)
{
    private readonly Counter<long> registrations = ProBonoMeters.Create(factory).CreateCounter<long>(
        "probono.registrations", "{registration}", "Volunteers registered, by outcome (confirmed within the partner's quota, else waitlisted).");

    /// <summary><paramref name="outcome"/> in the API's words: <c>confirmed</c> or <c>waitlisted</c>.</summary>
    public void Registered(string outcome) => registrations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>Feedback's survey invitations: sent, or failed (an attempt the mail server refused or could not take).</summary>
public sealed class FeedbackMeters
{
    private readonly Counter<long> sent;
    private readonly Counter<long> failed;

    public FeedbackMeters(IMeterFactory factory)
    {
        var meter = ProBonoMeters.Create(factory);
        sent = meter.CreateCounter<long>("probono.invitations.sent", "{invitation}", "Survey invitations the mail server accepted.");
        failed = meter.CreateCounter<long>("probono.invitations.failed", "{invitation}", "Survey invitations recorded as failed: refused for good by the mail server, or no address (unknown or erased).");
    }

    public void InvitationSent() => sent.Add(1);

    public void InvitationFailed() => failed.Add(1);
}

/// <summary>Teams' formation: how long proposing the teams took, tagged by <c>method</c> (which solver's answer was kept).</summary>
public sealed class FormationMeters(IMeterFactory factory)
{
    private readonly Histogram<double> solveTime = ProBonoMeters.Create(factory).CreateHistogram<double>(
        "probono.formation.solve_time", "s", "Time to propose a marathon's teams, by the method whose answer was kept.");

    public void Solved(TimeSpan elapsed, string method) =>
        solveTime.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", method));
}

/// <summary>
/// Staff's decisions on the messages of the <c>_error</c> queues: each one discarded for good, tagged by <c>queue</c>
/// (a redelivered message is not counted here: it goes back to its consumer, which meters it again).
/// </summary>
public sealed class FailedMessageMeters(IMeterFactory factory)
{
    private readonly Counter<long> discarded = ProBonoMeters.Create(factory).CreateCounter<long>(
        "probono.failed_messages.discarded", "{message}", "Failed messages staff discarded from an error queue, by queue.");

    public void Discarded(string queue) => discarded.Add(1, new KeyValuePair<string, object?>("queue", queue));
}
