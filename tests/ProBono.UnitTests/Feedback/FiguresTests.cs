using ProBono.Feedback.Reports;

namespace ProBono.UnitTests.Feedback;

/// <summary>API.md's formulas on hand-computed cases.</summary>
public sealed class FiguresTests
{
    [Theory]
    [InlineData(new[] { 9, 10, 10 }, 100.0)] // all promoters
    [InlineData(new[] { 0, 3, 6 }, -100.0)] // all detractors
    [InlineData(new[] { 7, 8 }, 0.0)] // passives only
    [InlineData(new[] { 10, 8, 2 }, 0.0)] // one of each: 33.3 − 33.3
    [InlineData(new[] { 10, 8, 8 }, 33.3)] // 1/3 = 33.33… → 33.3
    [InlineData(new[] { 10, 10, 8 }, 66.7)] // 2/3 = 66.66… → 66.7
    [InlineData(new[] { 9, 7, 7, 7, 7, 7, 7, 7 }, 12.5)] // 1/8 exactly
    [InlineData(new[] { 9, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 }, 6.3)] // 1/16 = 6.25: a half rounds away from zero
    [InlineData(new[] { 0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 }, -6.3)] // −6.25 too
    public void NPS_is_the_share_of_promoters_minus_the_share_of_detractors_to_one_decimal(int[] scores, double expected)
    {
        var nps = Figures.Nps(scores.Length, scores.Count(s => s >= 9), scores.Count(s => s <= 6));
        Assert.Equal((decimal)expected, nps);
        Assert.Equal(1, nps!.Value.Scale); // 100.0, not 100
    }

    [Fact]
    public void No_response_has_no_NPS_no_CSAT_and_no_invitation_no_response_rate()
    {
        Assert.Null(Figures.Nps(0, 0, 0));
        Assert.Null(Figures.Csat(0, 0));
        Assert.Null(Figures.ResponseRate(0, 0));
        Assert.Equal(0m, Figures.ResponseRate(0, 4));
    }

    [Theory]
    [InlineData(new[] { 5, 5, 5 }, "5.00")]
    [InlineData(new[] { 4, 5, 5 }, "4.67")] // 4.666…
    [InlineData(new[] { 1, 2 }, "1.50")]
    [InlineData(new[] { 1, 1, 2 }, "1.33")] // 1.333…
    [InlineData(new[] { 3, 3, 3, 3, 3, 3, 3, 2 }, "2.88")] // 2.875: a half rounds up
    public void CSAT_is_the_mean_satisfaction_to_two_decimals(int[] satisfactions, string expected) =>
        Assert.Equal(expected, Figures.Csat(satisfactions.Length, satisfactions.Sum())!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void The_response_rate_is_responded_over_invited()
    {
        Assert.Equal(0.75m, Figures.ResponseRate(3, 4));
        Assert.Equal(0.3333m, Figures.ResponseRate(1, 3));
        Assert.Equal(1m, Figures.ResponseRate(5, 5));
    }

    [Fact]
    public void Hours_are_checked_in_volunteers_times_the_hours_per_volunteer() => Assert.Equal(21, Figures.Hours(3, 7));

    [Fact]
    public void Value_is_each_checked_in_volunteers_hours_at_its_own_cost_else_at_the_marathons_hourly_value()
    {
        // 7 × 100 + 7 × 80 (no declared cost) + 7 × 62.5
        Assert.Equal(1697.5m, Figures.ValueEur([100m, null, 62.5m], 7, 80m));
        Assert.Equal(0m, Figures.ValueEur([], 7, 80m));
    }
}
