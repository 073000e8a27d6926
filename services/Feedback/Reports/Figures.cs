using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Reports;

/// <summary>
/// API.md's formulas. NPS = % promoters (9–10) − % detractors (0–6), one decimal; CSAT = mean satisfaction, two
/// decimals; both null without a response. Halves round away from zero (12.25 → 12.3, −12.25 → −12.3), as a reader
/// rounds by hand, not to even; the
/// figures always carry their decimals (100.0, 3.50), so JSON, CSV and the chart write them alike. The response rate is a ratio (0.75), kept to four decimals so 1/3 reads 0.3333.
/// </summary>
internal static class Figures
{
    public static decimal? Nps(int responded, int promoters, int detractors) =>
        responded == 0 ? null : Math.Round((promoters - detractors) * 100m / responded, 1, MidpointRounding.AwayFromZero) + 0.0m;

    public static decimal? Csat(int responded, int satisfactionSum) =>
        responded == 0 ? null : Math.Round((decimal)satisfactionSum / responded, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static decimal? ResponseRate(int responded, int invited) =>
        invited == 0 ? null : Math.Round((decimal)responded / invited, 4, MidpointRounding.AwayFromZero);

    public static decimal? Nps(Tally tally) => Nps(tally.Responded, tally.Promoters, tally.Detractors);

    public static decimal? Csat(Tally tally) => Csat(tally.Responded, tally.SatisfactionSum);

    /// <summary>Hours given: checked-in volunteers × the marathon's hours per volunteer.</summary>
    public static int Hours(int checkedIn, int hoursPerVolunteer) => checkedIn * hoursPerVolunteer;

    /// <summary>Σ hours × (the volunteer's declared hourly cost, else the marathon's hourly value), over the checked-in volunteers.</summary>
    public static decimal ValueEur(IEnumerable<decimal?> hourlyCostsOfCheckedIn, int hoursPerVolunteer, decimal hourlyValueEur) =>
        hourlyCostsOfCheckedIn.Sum(cost => hoursPerVolunteer * (cost ?? hourlyValueEur));
}
