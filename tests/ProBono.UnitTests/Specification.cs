using Xunit.Sdk;

namespace ProBono.UnitTests;

/// <summary>
/// Given/When/Then over an aggregate's pure deciders, the history folded as the command handlers fold it:
/// <c>Specification.For&lt;Marathon&gt;(Marathon.Evolution, e =&gt; Marathon.Create((MarathonScheduled)e))</c>, then
/// <c>spec.Given(events).When(state =&gt; decide(state)).Then(events)</c>, <c>.ThenThrows&lt;T&gt;()</c> or <c>.ThenNothing()</c>.
/// </summary>
internal static class Specification
{
    /// <param name="evolve">The aggregate's evolution: state and event in, new state out.</param>
    /// <param name="create">
    /// The state the first event of a stream starts; when left out, <paramref name="evolve"/> receives that first
    /// event with a null state.
    /// </param>
    public static Specification<TState> For<TState>(Func<TState, object, TState> evolve, Func<object, TState>? create = null)
        where TState : class => new(evolve, create);
}

internal sealed class Specification<TState>(Func<TState, object, TState> evolve, Func<object, TState>? create)
    where TState : class
{
    /// <summary>The aggregate's past, oldest first; none for a decision that starts the stream.</summary>
    public Scenario Given(params object[] history) => new(this, history);

    /// <summary>The state <paramref name="history"/> folds to; null when it is empty.</summary>
    public TState? Fold(IEnumerable<object> history)
    {
        TState? state = null;
        foreach (var @event in history)
        {
            state = state is null && create is not null ? create(@event) : evolve(state!, @event);
        }
        return state;
    }

    internal sealed class Scenario(Specification<TState> specification, object[] history)
    {
        /// <summary>The state the history folds to (null for no history).</summary>
        public TState? State => specification.Fold(history);

        /// <summary>
        /// Runs the decider on the folded state (null for no history). A decider that throws is an outcome too,
        /// judged by <see cref="Outcome.ThenThrows{TException}"/>.
        /// </summary>
        public Outcome When(Func<TState, IEnumerable<object>> decide) => Run(() => [.. decide(State!)]);

        /// <summary>As <see cref="When(Func{TState, IEnumerable{object}})"/>, for a decider that records exactly one event.</summary>
        public Outcome When(Func<TState, object> decide) => Run(() => [decide(State!)]);

        private Outcome Run(Func<IReadOnlyList<object>> decide)
        {
            try
            {
                return new Outcome(specification, history, decide(), null);
            }
#pragma warning disable CA1031 // the outcome of a decision may be any exception; ThenThrows judges it
            catch (Exception e)
#pragma warning restore CA1031
            {
                return new Outcome(specification, history, null, e);
            }
        }
    }

    internal sealed class Outcome(Specification<TState> specification, object[] history, IReadOnlyList<object>? events, Exception? exception)
    {
        /// <summary>The decision recorded exactly <paramref name="expected"/>, in order, compared by value. Returns them.</summary>
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

        /// <summary>The decision recorded nothing (an idempotent repeat) and did not throw.</summary>
        public void ThenNothing() => Then();

        /// <summary>The decision refused with exactly <typeparamref name="TException"/>, which is returned for more checks.</summary>
        public TException ThenThrows<TException>() where TException : Exception
        {
            if (exception is null)
            {
                throw new XunitException($"Expected {typeof(TException).Name}, but the decision recorded {Describe(events!)}.");
            }
            return Assert.IsType<TException>(exception);
        }

        /// <summary>The state after the history and the recorded events (fails as <see cref="Then"/> does if the decision threw).</summary>
        public TState ThenState()
        {
            if (exception is not null)
            {
                throw new XunitException($"Expected a new state, but the decision threw {exception.GetType().Name}: {exception.Message}");
            }
            return specification.Fold([.. history, .. events!])!;
        }

        private static string Describe(IReadOnlyList<object> recorded) =>
            recorded.Count == 0 ? "no events" : string.Join(", ", recorded);
    }
}
