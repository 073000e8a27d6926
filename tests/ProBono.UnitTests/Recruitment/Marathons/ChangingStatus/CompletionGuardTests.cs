using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.ChangingStatus;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons.ChangingStatus;

/// <summary>
/// The completion guard: a marathon with a team that has not delivered or a confirmed volunteer not checked in completes
/// only by force, with a reason that its history keeps; a refusal carries what is missing.
/// </summary>
public class CompletionGuardTests
{
    private const string Staff = "staff:alice";

    private static readonly TeamWithoutDeliverable Brochure = new(Guid.NewGuid(), "A brochure for 1000 VISAGES");

    private static Func<Marathon, IReadOnlyList<object>> Complete(CompletionCheck check, CompleteMarathonRequest? request = null) =>
        marathon => CompleteMarathonSlice.Decide(marathon, check, request, Now, Staff);

    [Fact]
    public void A_ready_marathon_completes_without_a_body() =>
        Spec.Given(HistoryUpTo(MarathonStatus.InProgress)).When(Complete(CompletionCheck.Of([], 0)))
            .Then(new MarathonCompleted(MarathonId, Now, Forced: false, Reason: null, By: Staff));

    [Fact]
    public void A_marathon_that_is_not_ready_is_refused_with_what_is_missing()
    {
        var conflict = Spec.Given(HistoryUpTo(MarathonStatus.InProgress)).When(Complete(CompletionCheck.Of([Brochure], 7)))
            .ThenThrows<StateConflict>();

        Assert.Equal(409, conflict.Status);
        Assert.Equal(false, conflict.Extensions["ready"]);
        Assert.Equal([Brochure], (IReadOnlyList<TeamWithoutDeliverable>)conflict.Extensions["teamsWithoutDeliverable"]!);
        Assert.Equal(7, conflict.Extensions["confirmedNotCheckedIn"]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Either_gap_alone_makes_a_marathon_not_ready(int teams, int absent)
    {
        var check = CompletionCheck.Of(teams == 0 ? [] : [Brochure], absent);

        Assert.False(check.Ready);
        Spec.Given(HistoryUpTo(MarathonStatus.InProgress)).When(Complete(check)).ThenThrows<StateConflict>();
    }

    [Fact]
    public void Forced_with_a_reason_it_completes_and_keeps_the_reason_and_who() =>
        Spec.Given(HistoryUpTo(MarathonStatus.InProgress))
            .When(Complete(CompletionCheck.Of([Brochure], 7), new CompleteMarathonRequest(true, "  The brochure is handed over on Monday. ")))
            .Then(new MarathonCompleted(MarathonId, Now, Forced: true, Reason: "The brochure is handed over on Monday.", By: Staff));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Force_without_a_reason_is_a_bad_request_even_when_ready(string? reason)
    {
        var failed = Spec.Given(HistoryUpTo(MarathonStatus.InProgress))
            .When(Complete(CompletionCheck.Of([], 0), new CompleteMarathonRequest(true, reason)))
            .ThenThrows<ValidationFailed>();

        Assert.Contains("reason", failed.Errors.Keys);
    }

    [Fact]
    public void A_reason_longer_than_the_limit_is_refused() =>
        Spec.Given(HistoryUpTo(MarathonStatus.InProgress))
            .When(Complete(CompletionCheck.Of([Brochure], 0), new CompleteMarathonRequest(true, new string('x', CompleteMarathonSlice.MaxReasonLength + 1))))
            .ThenThrows<ValidationFailed>();

    [Fact]
    public void Force_does_not_complete_a_marathon_out_of_order() =>
        Spec.Given(HistoryUpTo(MarathonStatus.RegistrationClosed))
            .When(Complete(CompletionCheck.Of([], 0), new CompleteMarathonRequest(true, "why not")))
            .ThenThrows<StateConflict>();
}
