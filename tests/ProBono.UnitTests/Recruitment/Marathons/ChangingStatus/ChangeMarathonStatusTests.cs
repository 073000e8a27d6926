using System.Reflection;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.ChangingStatus;
using ProBono.ServiceDefaults.Problems;
using static ProBono.UnitTests.Recruitment.Marathons.GivenWhenThen;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons.ChangingStatus;

/// <summary>
/// <see cref="ChangeMarathonStatusSlice.Decide"/> over every (status, move) pair:
/// planned → registration-open → registration-closed → in-progress → completed, and nothing else.
/// </summary>
public class ChangeMarathonStatusTests
{
    // move is spelled as the name of the internal MarathonMove (a public test method cannot take an internal type);
    // leadsTo is the status the move reaches, or null when the move is refused with a 409.
    [Theory]
    [InlineData(MarathonStatus.Planned, nameof(MarathonMove.OpenRegistration), MarathonStatus.RegistrationOpen)]
    [InlineData(MarathonStatus.Planned, nameof(MarathonMove.CloseRegistration), null)]
    [InlineData(MarathonStatus.Planned, nameof(MarathonMove.Start), null)]
    [InlineData(MarathonStatus.Planned, nameof(MarathonMove.Complete), null)]
    [InlineData(MarathonStatus.RegistrationOpen, nameof(MarathonMove.OpenRegistration), null)]
    [InlineData(MarathonStatus.RegistrationOpen, nameof(MarathonMove.CloseRegistration), MarathonStatus.RegistrationClosed)]
    [InlineData(MarathonStatus.RegistrationOpen, nameof(MarathonMove.Start), null)]
    [InlineData(MarathonStatus.RegistrationOpen, nameof(MarathonMove.Complete), null)]
    [InlineData(MarathonStatus.RegistrationClosed, nameof(MarathonMove.OpenRegistration), null)]
    [InlineData(MarathonStatus.RegistrationClosed, nameof(MarathonMove.CloseRegistration), null)]
    [InlineData(MarathonStatus.RegistrationClosed, nameof(MarathonMove.Start), MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.RegistrationClosed, nameof(MarathonMove.Complete), null)]
    [InlineData(MarathonStatus.InProgress, nameof(MarathonMove.OpenRegistration), null)]
    [InlineData(MarathonStatus.InProgress, nameof(MarathonMove.CloseRegistration), null)]
    [InlineData(MarathonStatus.InProgress, nameof(MarathonMove.Start), null)]
    [InlineData(MarathonStatus.InProgress, nameof(MarathonMove.Complete), MarathonStatus.Completed)]
    [InlineData(MarathonStatus.Completed, nameof(MarathonMove.OpenRegistration), null)]
    [InlineData(MarathonStatus.Completed, nameof(MarathonMove.CloseRegistration), null)]
    [InlineData(MarathonStatus.Completed, nameof(MarathonMove.Start), null)]
    [InlineData(MarathonStatus.Completed, nameof(MarathonMove.Complete), null)]
    public void Moving_a_marathon(MarathonStatus status, string move, MarathonStatus? leadsTo)
    {
        var theMove = Enum.Parse<MarathonMove>(move);
        var given = Given(HistoryUpTo(status));
        var outcome = given.When(marathon => ChangeMarathonStatusSlice.Decide(marathon, theMove, Now));

        if (leadsTo is { } next)
        {
            var events = outcome.Then(EventOf(theMove));
            Assert.Equal(next, Fold([.. HistoryUpTo(status), .. events]).Status);
        }
        else
        {
            var conflict = outcome.ThenFails<StateConflict>();
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
            .Select(row => ((MarathonStatus)row[0], Enum.Parse<MarathonMove>((string)row[1])))
            .ToList();

        var everyPair = Enum.GetValues<MarathonStatus>().SelectMany(s => Enum.GetValues<MarathonMove>().Select(m => (s, m))).ToList();
        Assert.Equal(20, everyPair.Count);
        Assert.Equal(everyPair.Count, rows.Distinct().Count());
        Assert.Equal(everyPair.ToHashSet(), rows.ToHashSet());
    }

    [Fact]
    public void A_marathon_goes_through_all_its_statuses_in_order()
    {
        object[] history = [Scheduled(Acme)];
        foreach (var move in new[] { MarathonMove.OpenRegistration, MarathonMove.CloseRegistration, MarathonMove.Start, MarathonMove.Complete })
        {
            history = [.. history, .. ChangeMarathonStatusSlice.Decide(Fold(history), move, Now)];
        }

        var marathon = Fold(history);
        Assert.Equal(MarathonStatus.Completed, marathon.Status);
        Assert.Equal([typeof(MarathonScheduled), typeof(RegistrationOpened), typeof(RegistrationClosed), typeof(MarathonStarted), typeof(MarathonCompleted)],
            history.Select(e => e.GetType()));
    }
}
