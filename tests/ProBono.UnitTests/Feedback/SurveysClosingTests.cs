using JasperFx.Events;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.IntegrationEvents;
using Contracts = ProBono.Contracts;

namespace ProBono.UnitTests.Feedback;

/// <summary>
/// Once a campaign's closing has passed its surveys are recorded as closed, once, and leave Feedback as ImpactReady with
/// the campaign stream's version; not before the closing, and not for a closing long past.
/// </summary>
public sealed class SurveysClosingTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly DateTimeOffset Completed = new(2030, 11, 16, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closes = Completed.AddDays(10);

    private static readonly Specification<SurveyCampaign> Spec =
        Specification.For<SurveyCampaign>(SurveyCampaign.Evolution, e => SurveyCampaign.Create((SurveyCampaignOpened)e));

    private static readonly SurveyCampaignOpened Opened = new(MarathonId, Completed, Closes);

    private static readonly SurveyAnswered Answered =
        new(MarathonId, "t1", SurveyGroups.Volunteer, "v1", "edf", 9, 4, [], null, Completed.AddDays(1));

    private static Func<SurveyCampaign, IEnumerable<object>> At(DateTimeOffset now) =>
        campaign => SurveysClosing.Decide(campaign, now) is { } closed ? [closed] : [];

    [Fact]
    public void Before_its_closing_a_campaign_stays_open() =>
        Spec.Given(Opened, Answered).When(At(Closes.AddTicks(-1))).ThenNothing();

    [Fact]
    public void At_its_closing_the_surveys_are_recorded_as_closed() =>
        Spec.Given(Opened, Answered).When(At(Closes)).Then(new SurveysClosed(MarathonId, Closes, Closes));

    [Fact]
    public void A_clock_that_looks_late_records_the_closing_it_passed_at_the_moment_it_looked() =>
        Spec.Given(Opened).When(At(Closes.AddHours(5))).Then(new SurveysClosed(MarathonId, Closes, Closes.AddHours(5)));

    [Fact]
    public void Closed_once_the_surveys_are_never_closed_again() =>
        Spec.Given(Opened, new SurveysClosed(MarathonId, Closes, Closes.AddMinutes(1))).When(At(Closes.AddDays(2))).ThenNothing();

    [Fact]
    public void A_campaign_opened_before_closings_were_kept_closes_the_default_days_after_it_opened()
    {
        var old = new SurveyCampaignOpened(MarathonId, Completed);
        Spec.Given(old).When(At(Completed.AddDays(13))).ThenNothing();
        Spec.Given(old).When(At(Completed.AddDays(14))).Then(new SurveysClosed(MarathonId, Completed.AddDays(14), Completed.AddDays(14)));
    }

    [Fact]
    public void A_closing_more_than_30_days_past_is_not_announced_out_of_the_blue()
    {
        Spec.Given(Opened).When(At(Closes.AddDays(30))).Then(new SurveysClosed(MarathonId, Closes, Closes.AddDays(30)));
        Spec.Given(Opened).When(At(Closes.AddDays(30).AddTicks(1))).ThenNothing();
    }

    [Fact]
    public void No_campaign_nothing_to_close() => Assert.Null(SurveysClosing.Decide(null, Closes));

    [Fact]
    public void The_closing_leaves_as_ImpactReady_with_the_campaign_stream_version()
    {
        var closed = new SurveysClosed(MarathonId, Closes, Closes.AddSeconds(20));
        var message = new FeedbackIntegrationEvents().Map(new Event<SurveysClosed>(closed) { Version = 42 });
        Assert.Equal(new Contracts.ImpactReady(MarathonId, Closes.AddSeconds(20), 42), message);
    }
}
