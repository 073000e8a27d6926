using ProBono.Contracts;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.Feedback.Surveys;

namespace ProBono.UnitTests.Feedback;

/// <summary>What a survey is about, from Feedback's copies: the volunteer's association through its team, the association's need, the closing.</summary>
public sealed class SurveySubjectTests
{
    private static readonly Guid MarathonId = Guid.NewGuid();
    private static readonly Guid Volunteer = Guid.NewGuid();
    private static readonly Guid Association = Guid.NewGuid();

    private static readonly MarathonForImpact Marathon = new() { Id = MarathonId, Name = "Marathon Pro Bono 2030", Date = new DateOnly(2030, 11, 16) };

    private static readonly SurveyCampaign Campaign = new(MarathonId, new DateTimeOffset(2030, 11, 16, 17, 0, 0, TimeSpan.Zero), [], [], []);

    private static readonly NeedForImpact Staffed = new()
    {
        Id = Guid.NewGuid(), MarathonId = MarathonId, AssociationId = Association, AssociationName = "1000 VISAGES", Title = "Une brochure",
    };

    private static readonly NeedForImpact Unstaffed = new()
    {
        Id = Guid.NewGuid(), MarathonId = MarathonId, AssociationId = Association, AssociationName = "1000 VISAGES", Title = "A website",
    };

    private static readonly TeamForImpact Team = new()
    {
        Id = Guid.NewGuid(), MarathonId = MarathonId, NeedId = Staffed.Id, Members = new() { Value = [new TeamMember(Volunteer, "edf", true)] },
    };

    [Fact]
    public void A_volunteer_is_told_the_association_and_need_its_team_helped_and_the_closing_is_fourteen_days_after_completion()
    {
        var subject = SurveySubject.Of(Marathon, Campaign, SurveyGroups.Volunteer, Volunteer.ToString(), [Team], [Unstaffed, Staffed]);

        Assert.Equal(new SurveySubject("Marathon Pro Bono 2030", new DateOnly(2030, 11, 16), "1000 VISAGES", "Une brochure",
            new DateTimeOffset(2030, 11, 30, 17, 0, 0, TimeSpan.Zero)), subject);
        Assert.Equal(("16 novembre 2030", "16 November 2030"), (subject.DateIn("fr"), subject.DateIn("en")));
        Assert.Equal(("30 novembre 2030 à 18 h 00", "30 November 2030 at 18:00"), (subject.ClosesIn("fr"), subject.ClosesIn("en")));
    }

    [Fact]
    public void An_association_is_told_its_staffed_need_and_a_partner_only_the_marathon()
    {
        Assert.Equal(("Une brochure", null),
            SurveySubject.Of(Marathon, Campaign, SurveyGroups.Association, Association.ToString(), [Team], [Unstaffed, Staffed]) is var a ? (a.Need, a.Association) : default);
        var partner = SurveySubject.Of(Marathon, Campaign, SurveyGroups.Partner, "edf", [Team], [Staffed]);
        Assert.Equal(("Marathon Pro Bono 2030", null, null), (partner.Marathon, partner.Need, partner.Association));
    }

    [Fact]
    public void A_volunteer_on_no_team_and_copies_not_arrived_leave_those_parts_empty()
    {
        var subject = SurveySubject.Of(null, null, SurveyGroups.Volunteer, Guid.NewGuid().ToString(), [Team], [Staffed]);

        Assert.Equal(new SurveySubject(null, null, null, null, null), subject);
        Assert.Null(subject.ClosesIn("fr"));
        Assert.Equal("1er mai 2031", new SurveySubject(null, new DateOnly(2031, 5, 1), null, null, null).DateIn("fr"));
    }
}
