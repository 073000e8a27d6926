using System.Reflection;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.ChangingStatus;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons.ChangingStatus;

/// <summary>
/// The four deciders (<see cref="OpenRegistrationSlice"/>, <see cref="CloseRegistrationSlice"/>, <see cref="StartMarathonSlice"/>,
/// <see cref="CompleteMarathonSlice"/>) over every status:
/// planned → registration-open → registration-closed → in-progress → completed, and nothing else.
/// </summary>
public class ChangeMarathonStatusTests
{
    /// <summary>Each move by its route, with its decider and the event it records at <see cref="MarathonExamples.Now"/>.</summary>
    private static readonly Dictionary<string, (Func<Marathon, DateTimeOffset, IReadOnlyList<object>> Decide, object Recorded)> Moves = new()
    {
        ["open-registration"] = (OpenRegistrationSlice.Decide, new RegistrationOpened(MarathonId, Now)),
        ["close-registration"] = (CloseRegistrationSlice.Decide, new RegistrationClosed(MarathonId, Now)),
        ["start"] = (StartMarathonSlice.Decide, new MarathonStarted(MarathonId, Now)),
        ["complete"] = (CompleteWhenReady, new MarathonCompleted(MarathonId, Now, By: Staff)),
    };

    private const string Staff = "staff:test";

    private static IReadOnlyList<object> CompleteWhenReady(Marathon marathon, DateTimeOffset now) =>
        CompleteMarathonSlice.Decide(marathon, CompletionCheck.Of([], 0), null, now, Staff);

    // leadsTo is the status the move reaches, or null when the move is refused with a 409.
    [Theory]
    [InlineData(MarathonStatus.Planned, "open-registration", MarathonStatus.RegistrationOpen)]
    [InlineData(MarathonStatus.Planned, "close-registration", null)]
    [InlineData(MarathonStatus.Planned, "start", null)]
    [InlineData(MarathonStatus.Planned, "complete", null)]
    [InlineData(MarathonStatus.RegistrationOpen, "open-registration", null)]
    [InlineData(MarathonStatus.RegistrationOpen, "close-registration", MarathonStatus.RegistrationClosed)]
    [InlineData(MarathonStatus.RegistrationOpen, "start", null)]
    [InlineData(MarathonStatus.RegistrationOpen, "complete", null)]
    [InlineData(MarathonStatus.RegistrationClosed, "open-registration", null)]
    [InlineData(MarathonStatus.RegistrationClosed, "close-registration", null)]
    [InlineData(MarathonStatus.RegistrationClosed, "start", MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.RegistrationClosed, "complete", null)]
    [InlineData(MarathonStatus.InProgress, "open-registration", null)]
    [InlineData(MarathonStatus.InProgress, "close-registration", null)]
    [InlineData(MarathonStatus.InProgress, "start", null)]
    [InlineData(MarathonStatus.InProgress, "complete", MarathonStatus.Completed)]
    [InlineData(MarathonStatus.Completed, "open-registration", null)]
    [InlineData(MarathonStatus.Completed, "close-registration", null)]
    [InlineData(MarathonStatus.Completed, "start", null)]
    [InlineData(MarathonStatus.Completed, "complete", null)]
    public void Moving_a_marathon(MarathonStatus status, string move, MarathonStatus? leadsTo)
    {
        var (decide, recorded) = Moves[move];
        var outcome = Spec.Given(HistoryUpTo(status)).When(marathon => decide(marathon, Now));

        if (leadsTo is { } next)
        {
            outcome.Then(recorded);
            Assert.Equal(next, outcome.ThenState().Status);
        }
        else
        {
            var conflict = outcome.ThenThrows<StateConflict>();
            Assert.Equal(409, conflict.Status);
            Assert.Contains($"the marathon is {status.ToApi()}", conflict.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_table_above_covers_every_status_and_move_exactly_once()
    {
        var theory = typeof(ChangeMarathonStatusTests).GetMethod(nameof(Moving_a_marathon))!;
        var rows = theory.GetCustomAttributes<InlineDataAttribute>()
            .SelectMany(a => a.GetData(theory))
            .Select(row => ((MarathonStatus)row[0], (string)row[1]))
            .ToList();

        var everyPair = Enum.GetValues<MarathonStatus>().SelectMany(s => Moves.Keys.Select(m => (s, m))).ToList();
        Assert.Equal(20, everyPair.Count);
        Assert.Equal(everyPair.Count, rows.Distinct().Count());
        Assert.Equal(everyPair.ToHashSet(), rows.ToHashSet());
    }

    [Fact]
    public void A_marathon_goes_through_all_its_statuses_in_order()
    {
        object[] history = [Scheduled(Acme)];
        foreach (var decide in new Func<Marathon, DateTimeOffset, IReadOnlyList<object>>[]
                 {
                     OpenRegistrationSlice.Decide, CloseRegistrationSlice.Decide,
                     StartMarathonSlice.Decide, CompleteWhenReady,
                 })
        {
            history = [.. history, .. decide(Spec.Fold(history)!, Now)];
        }

        Assert.Equal(MarathonStatus.Completed, Spec.Fold(history)!.Status);
        Assert.Equal([typeof(MarathonScheduled), typeof(RegistrationOpened), typeof(RegistrationClosed), typeof(MarathonStarted), typeof(MarathonCompleted)],
            history.Select(e => e.GetType()));
    }
}
