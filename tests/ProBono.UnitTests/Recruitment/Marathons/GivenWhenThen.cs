using ProBono.Recruitment.Marathons;
using Xunit.Sdk;

namespace ProBono.UnitTests.Recruitment.Marathons;

/// <summary>
/// Given/When/Then for the marathon's pure deciders: <see cref="Given"/> folds the history with
/// <see cref="Marathon.Create"/> and <see cref="Marathon.Evolution"/>, <c>When</c> runs a decide function on the
/// resulting state, <c>Then</c> compares the produced events with the expected ones, <c>ThenFails</c> the exception.
/// </summary>
internal static class GivenWhenThen
{
    /// <summary>The marathon's past; the first event must be the <see cref="MarathonScheduled"/> that starts its stream.</summary>
    public static Scenario Given(params object[] history) => new(history);

    /// <summary>A decision that needs no history (scheduling starts the stream).</summary>
    public static Outcome When(Func<IEnumerable<object>> decide) => Outcome.Of(decide);

    /// <summary>The state a history folds to, as the command handlers build it.</summary>
    public static Marathon Fold(IEnumerable<object> history)
    {
        using var events = history.GetEnumerator();
        if (!events.MoveNext() || events.Current is not MarathonScheduled scheduled)
        {
            throw new InvalidOperationException("A marathon's history starts with MarathonScheduled.");
        }
        var state = Marathon.Create(scheduled);
        while (events.MoveNext())
        {
            state = Marathon.Evolution(state, events.Current);
        }
        return state;
    }

    internal sealed class Scenario(object[] history)
    {
        public Marathon State => Fold(history);

        public Outcome When(Func<Marathon, IEnumerable<object>> decide)
        {
            var state = State;
            return Outcome.Of(() => decide(state));
        }
    }

    internal sealed class Outcome
    {
        private readonly IReadOnlyList<object>? events;
        private readonly Exception? exception;

        private Outcome(IReadOnlyList<object>? events, Exception? exception) => (this.events, this.exception) = (events, exception);

        public static Outcome Of(Func<IEnumerable<object>> decide)
        {
            try
            {
                return new Outcome([.. decide()], null);
            }
#pragma warning disable CA1031 // the outcome of a decision may be any exception; ThenFails judges it
            catch (Exception e)
#pragma warning restore CA1031
            {
                return new Outcome(null, e);
            }
        }

        /// <summary>The decision produced exactly <paramref name="expected"/>, in order (nothing, if none are given).</summary>
        public IReadOnlyList<object> Then(params object[] expected)
        {
            if (exception is not null)
            {
                throw new XunitException($"Expected {Describe(expected)}, but the decision threw {exception.GetType().Name}: {exception.Message}");
            }
            Assert.Equal(expected.Select(e => e.GetType()), events!.Select(e => e.GetType()));
            // structural, so that a list inside an event compares by its items rather than by reference
            Assert.Equivalent(expected, events, strict: true);
            return events!;
        }

        /// <summary>The decision refused with exactly <typeparamref name="TException"/>.</summary>
        public TException ThenFails<TException>() where TException : Exception
        {
            if (exception is null)
            {
                throw new XunitException($"Expected {typeof(TException).Name}, but the decision produced {Describe(events!)}.");
            }
            return Assert.IsType<TException>(exception);
        }

        private static string Describe(IReadOnlyList<object> events) =>
            events.Count == 0 ? "no events" : string.Join(", ", events);
    }
}
