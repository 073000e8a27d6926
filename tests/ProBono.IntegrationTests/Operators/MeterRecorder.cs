using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.Telemetry;

namespace ProBono.IntegrationTests.Operators;

/// <summary>
/// Listens to the "ProBono" meter of one host only (its <see cref="IMeterFactory"/> is the meters' scope), so the
/// other hosts of the test process, which make meters of the same name, do not add to what it sees.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<Recorded> recorded = [];

    public MeterRecorder(IServiceProvider host)
    {
        var factory = host.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ProBonoMeters.MeterName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        listener.Start();
    }

    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var entry = new Recorded(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value));
        lock (recorded)
        {
            recorded.Add(entry);
        }
    }

    /// <summary>Everything an instrument recorded so far (counters and histograms: each measurement).</summary>
    public IReadOnlyList<Recorded> Of(string instrument)
    {
        lock (recorded)
        {
            return [.. recorded.Where(r => r.Instrument == instrument)];
        }
    }

    /// <summary>What the observable gauges report now (each collection asks them afresh).</summary>
    public IReadOnlyList<Recorded> Observe(string instrument)
    {
        lock (recorded)
        {
            recorded.RemoveAll(r => r.Instrument == instrument);
        }
        listener.RecordObservableInstruments();
        return Of(instrument);
    }

    public void Dispose() => listener.Dispose();
}
