using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ProBono.ServiceDefaults.Telemetry;
using ProBono.Teams.Formation.Optimising;
using static ProBono.UnitTests.Teams.Formation.FormationInstances;

namespace ProBono.UnitTests.Telemetry;

/// <summary>What the operators' instruments record, each read through a MeterListener on a meter factory of the test's own.</summary>
public sealed class ProBonoMetersTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddProBonoMeters().BuildServiceProvider();
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> recorded = [];

    public ProBonoMetersTests()
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // only this test's meters: other tests in the process make meters of the same name
            if (instrument.Meter.Name == ProBonoMeters.MeterName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (recorded)
        {
            recorded.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        }
    }

    [Fact]
    public void Registrations_count_by_outcome()
    {
        var meters = services.GetRequiredService<RegistrationMeters>();
        meters.Registered("confirmed");
        meters.Registered("confirmed");
        meters.Registered("waitlisted");

        var registrations = recorded.Where(r => r.Instrument == "probono.registrations").ToList();
        Assert.Equal(2, registrations.Where(r => (string?)r.Tags["outcome"] == "confirmed").Sum(r => r.Value));
        Assert.Equal(1, registrations.Where(r => (string?)r.Tags["outcome"] == "waitlisted").Sum(r => r.Value));
    }

    [Fact]
    public void Invitations_sent_and_failed_are_two_counters()
    {
        var meters = services.GetRequiredService<FeedbackMeters>();
        meters.InvitationSent();
        meters.InvitationFailed();
        meters.InvitationFailed();

        Assert.Equal(1, recorded.Where(r => r.Instrument == "probono.invitations.sent").Sum(r => r.Value));
        Assert.Equal(2, recorded.Where(r => r.Instrument == "probono.invitations.failed").Sum(r => r.Value));
    }

    [Fact]
    public void Proposing_teams_records_its_solve_time_tagged_by_the_method_kept()
    {
        FormationOptimiser.Propose(Marathon2016(), meters: services.GetRequiredService<FormationMeters>());

        var solve = Assert.Single(recorded, r => r.Instrument == "probono.formation.solve_time");
        Assert.True(solve.Value > 0);
        // the 2016 marathon is small enough for the exact model, which proves its optimum
        Assert.Equal("exact", solve.Tags["method"]);
    }

    [Fact]
    public void A_large_marathon_is_solved_by_the_heuristics_and_tagged_so()
    {
        FormationOptimiser.Propose(Random(seed: 3, volunteers: 1_000, needs: 100, companies: 8, maxSame: 3),
            meters: services.GetRequiredService<FormationMeters>());

        var solve = Assert.Single(recorded, r => r.Instrument == "probono.formation.solve_time");
        Assert.Contains((string?)solve.Tags["method"], new[] { "flow", "greedy" });
    }

    public void Dispose()
    {
        listener.Dispose();
        services.Dispose();
    }
}
