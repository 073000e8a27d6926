using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// Drops the traces a timer starts rather than a caller: a root span of the event store's daemon (its high water mark,
/// its subscriptions' polling), of Npgsql outside any request, or of the relay for an event no request appended. They
/// were most of the dashboard's traces and hid the requests. A span with a parent (a request, a message, a stored trace
/// context) is never touched, so a registration's trace still runs from the gateway to every consumer.
/// <c>Telemetry:BackgroundSpans=true</c> keeps them.
/// </summary>
public sealed class BackgroundSpans : BaseProcessor<Activity>
{
    public const string KeepKey = "Telemetry:BackgroundSpans";

    /// <summary>The sources whose root spans are background work: Marten and its JasperFx daemon, Npgsql, our relay.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["Marten", "JasperFx", "Npgsql", "ProBono.Messaging"];

    public static bool Kept(IConfiguration configuration) => configuration.GetValue(KeepKey, false);

    public static bool IsBackground(Activity activity) =>
        activity.ParentSpanId == default && Sources.Any(source => FromSource(activity.Source.Name, source));

    // "JasperFx" stands for "JasperFx.Events" and the like too
    private static bool FromSource(string name, string source) =>
        name.Equals(source, StringComparison.Ordinal) || name.StartsWith(source + ".", StringComparison.Ordinal);

    /// <summary>
    /// Unrecorded when it starts: no exporter sends it, and its children, sampled after their parent, are dropped too
    /// (as ASP.NET Core's instrumentation drops the health checks).
    /// </summary>
    public override void OnStart(Activity data)
    {
        if (IsBackground(data))
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
