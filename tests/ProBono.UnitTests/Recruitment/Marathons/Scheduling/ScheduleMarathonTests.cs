using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Scheduling;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons.Scheduling;

/// <summary>The rules of <see cref="ScheduleMarathonSlice.Decide"/>.</summary>
public class ScheduleMarathonTests
{
    private static ScheduleMarathon Command(DateOnly date, DateOnly deadline, params PartnerQuota[] partners) => new(
        MarathonId, "Spring Marathon", "Lyon", date, deadline,
        HoursPerVolunteer: 6, HourlyValueEur: 95.5m, MaxSameCompanyPerTeam: 2, partners, CorrectionDays: 14, Now);

    [Fact]
    public void Scheduling_records_the_marathon_with_its_terms_and_partners()
    {
        var command = Command(Date, RegistrationDeadline, Acme, Globex);

        Spec.Given().When(_ => ScheduleMarathonSlice.Decide(command))
            .Then(new MarathonScheduled(
                MarathonId, "Spring Marathon", "Lyon", Date, RegistrationDeadline,
                6, 95.5m, 2, [Acme, Globex], Now));
    }

    [Fact]
    public void The_marathons_survey_days_are_recorded_with_it() =>
        Spec.Given().When(_ => ScheduleMarathonSlice.Decide(Command(Date, RegistrationDeadline, Acme) with { SurveyDays = 5 }))
            .Then(new MarathonScheduled(MarathonId, "Spring Marathon", "Lyon", Date, RegistrationDeadline, 6, 95.5m, 2, [Acme], Now, 14, SurveyDays: 5));

    [Fact]
    public void A_scheduled_marathon_folds_to_a_planned_marathon()
    {
        var scheduled = ScheduleMarathonSlice.Decide(Command(Date, RegistrationDeadline, Acme));

        var marathon = Spec.Given(scheduled).State!;

        Assert.Equal(new Marathon(MarathonId, MarathonStatus.Planned, Date, marathon.Partners), marathon);
        Assert.Equal(Acme, Assert.Single(marathon.Partners).Value);
    }

    [Fact]
    public void A_marathon_without_partners_can_be_scheduled()
    {
        var command = Command(Date, RegistrationDeadline);

        Spec.Given().When(_ => ScheduleMarathonSlice.Decide(command))
            .Then(new MarathonScheduled(MarathonId, "Spring Marathon", "Lyon", Date, RegistrationDeadline, 6, 95.5m, 2, [], Now));
    }

    [Fact]
    public void A_marathon_in_the_past_is_refused()
    {
        var yesterday = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1);
        var command = Command(yesterday, yesterday.AddDays(-7));

        var refused = Spec.Given().When(_ => ScheduleMarathonSlice.Decide(command)).ThenThrows<RuleViolated>();

        Assert.Equal(422, refused.Status);
        Assert.Contains("2026-03-09", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_marathon_today_can_be_scheduled()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var command = Command(today, today);

        var scheduled = Assert.IsType<MarathonScheduled>(Assert.Single(Spec.Given().When(_ => ScheduleMarathonSlice.Decide(command)).Then(
            new MarathonScheduled(MarathonId, "Spring Marathon", "Lyon", today, today, 6, 95.5m, 2, [], Now))));
        Assert.Equal(today, scheduled.Date);
    }

    [Fact]
    public void A_registration_deadline_after_the_date_is_refused()
    {
        var command = Command(Date, Date.AddDays(1));

        var refused = Spec.Given().When(_ => ScheduleMarathonSlice.Decide(command)).ThenThrows<RuleViolated>();

        Assert.Equal(422, refused.Status);
    }

    [Fact]
    public void A_registration_deadline_on_the_date_is_accepted()
    {
        var command = Command(Date, Date);

        Spec.Given().When(_ => ScheduleMarathonSlice.Decide(command))
            .Then(new MarathonScheduled(MarathonId, "Spring Marathon", "Lyon", Date, Date, 6, 95.5m, 2, [], Now));
    }
}
