using ProBono.Feedback.Campaigns;

namespace ProBono.UnitTests.Feedback;

/// <summary>The campaign opens once, invites each respondent once, and a top-up invites only who was missing.</summary>
public sealed class CampaignOpeningTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly DateTimeOffset Now = new(2016, 11, 19, 18, 0, 0, TimeSpan.Zero);
    private static readonly Specification<SurveyCampaign> Spec =
        Specification.For<SurveyCampaign>(SurveyCampaign.Evolution, e => SurveyCampaign.Create((SurveyCampaignOpened)e));

    private static readonly Respondent Alice = new(SurveyGroups.Volunteer, "a1", "edf");
    private static readonly Respondent Yann = new(SurveyGroups.Volunteer, "b2", "ey");
    private static readonly Respondent Association = new(SurveyGroups.Association, "c3", null);
    private static readonly Respondent Edf = new(SurveyGroups.Partner, "edf", null);

    private static Func<string> Tokens()
    {
        var n = 0;
        return () => $"token-{++n}";
    }

    private static readonly IReadOnlySet<(string, string)> NobodyInvited = new HashSet<(string, string)>();

    /// <summary>Who the campaign's invitation documents say is invited (Stage reads them under the campaign's lock).</summary>
    private static IReadOnlySet<(string, string)> Invited(params Respondent[] respondents) =>
        respondents.Select(r => (r.Group, r.RespondentId)).ToHashSet();

    private static InvitationIssued Issued(string token, Respondent r) =>
        new(MarathonId, token, r.Group, r.RespondentId, r.PartnerId, r.Email, "fr",
            r.Group == SurveyGroups.Volunteer || r.Email is not null ? SendingStates.Pending
            : r.Group == SurveyGroups.Partner ? SendingStates.NoAddress : SendingStates.NotApplicable, Now, Now.AddDays(14));

    [Fact]
    public void A_completed_marathon_opens_its_campaign_with_one_invitation_per_respondent_volunteers_first()
    {
        var events = CampaignOpening.Decide(null, MarathonId, [Edf, Yann, Association, Alice, Alice], NobodyInvited, Tokens(), Now);

        Assert.Equal<object>(
            [
                new SurveyCampaignOpened(MarathonId, Now, Now.AddDays(14)), Issued("token-1", Alice), Issued("token-2", Yann), Issued("token-3", Association),
                Issued("token-4", Edf),
            ],
            events);
    }

    [Fact]
    public void Volunteers_and_associations_and_partners_with_a_contact_address_are_to_be_mailed_the_others_are_not()
    {
        var reachable = new Respondent(SurveyGroups.Association, "c4", null, "contact@asso.example");
        var ey = new Respondent(SurveyGroups.Partner, "ey", null, "rse@ey.example");
        var events = CampaignOpening.Decide(null, MarathonId, [Alice, Association, reachable, Edf, ey], NobodyInvited, Tokens(), Now)
            .OfType<InvitationIssued>().ToList();

        Assert.Equal(
            [
                ("a1", null, "pending"), ("c3", null, "not-applicable"), ("c4", "contact@asso.example", "pending"), ("edf", null, "no-address"),
                ("ey", "rse@ey.example", "pending"),
            ],
            events.Select(e => (e.RespondentId, e.Email, e.SendingState)).ToList<(string, string?, string)>());
    }

    [Fact]
    public void An_open_campaign_invites_only_who_is_missing_and_nothing_when_nobody_is() =>
        Spec.Given(new SurveyCampaignOpened(MarathonId, Now), Issued("t1", Alice), Issued("t2", Edf))
            .When(c => CampaignOpening.Decide(c, MarathonId, [Alice, Edf, Yann], Invited(Alice, Edf), Tokens(), Now))
            .Then(Issued("token-1", Yann));

    [Fact]
    public void The_surveys_close_the_marathons_survey_days_after_the_completion_and_a_late_invitation_closes_with_them()
    {
        var opened = CampaignOpening.Decide(null, MarathonId, [Alice], NobodyInvited, Tokens(), Now, surveyDays: 5);
        Assert.Equal(Now.AddDays(5), Assert.IsType<SurveyCampaignOpened>(opened[0]).ClosesAt);
        Assert.Equal(Now.AddDays(5), Assert.IsType<InvitationIssued>(opened[1]).ClosesAt);

        Spec.Given(new SurveyCampaignOpened(MarathonId, Now, Now.AddDays(5)), Issued("t1", Alice))
            .When(c => CampaignOpening.Decide(c, MarathonId, [Alice, Yann], Invited(Alice), Tokens(), Now.AddDays(2), surveyDays: 30))
            .Then(Issued("token-1", Yann) with { At = Now.AddDays(2), ClosesAt = Now.AddDays(5) });
    }

    [Fact]
    public void A_campaign_opened_before_closings_were_recorded_closes_14_days_after_it_opened() =>
        Assert.Equal(Now.AddDays(14), Spec.Fold([new SurveyCampaignOpened(MarathonId, Now)])!.Closing());

    [Fact]
    public void Opening_twice_changes_nothing() =>
        Spec.Given(new SurveyCampaignOpened(MarathonId, Now), Issued("t1", Alice))
            .When(c => CampaignOpening.Decide(c, MarathonId, [Alice], Invited(Alice), Tokens(), Now))
            .ThenNothing();

    [Fact]
    public void Tokens_are_32_url_safe_characters_and_do_not_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SurveyTokens.New()).ToList();
        Assert.All(tokens, t => Assert.True(SurveyTokens.IsWellFormed(t), t));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.False(SurveyTokens.IsWellFormed("short"));
        Assert.False(SurveyTokens.IsWellFormed("/".PadRight(32, 'a')));
    }

    [Fact]
    public void The_snapshot_counts_invitations_and_answers_per_group_partner_and_association_and_keeps_no_invitation_list()
    {
        var campaign = Spec.Fold([
            new SurveyCampaignOpened(MarathonId, Now), Issued("t1", Alice), Issued("t2", Yann), Issued("t3", Association),
            new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", 10, 5, [], null, Now),
            new SurveyAnswered(MarathonId, "t3", SurveyGroups.Association, "c3", null, 6, 2, [], null, Now),
        ])!;

        Assert.Equal(new Tally(2, 1, 1, 0, 5), SurveyCampaign.TallyOf(campaign.ByGroup, SurveyGroups.Volunteer));
        Assert.Equal(new Tally(1, 1, 1, 0, 5), SurveyCampaign.TallyOf(campaign.ByPartner, "edf"));
        Assert.Equal(new Tally(1, 0, 0, 0, 0), SurveyCampaign.TallyOf(campaign.ByPartner, "ey"));
        Assert.Equal(new Tally(1, 1, 0, 1, 2), SurveyCampaign.TallyOf(campaign.ByAssociation, "c3"));
        Assert.Equal(3, campaign.InvitedCount());
        // the mailer's outcomes are the invitation documents' business: the snapshot (what every answer rewrites) is untouched
        Assert.Same(campaign, SurveyCampaign.Evolution(campaign, new InvitationSent(MarathonId, "t1", Now)));
        Assert.Same(campaign, SurveyCampaign.Evolution(campaign, new InvitationSendingFailed(MarathonId, "t2", "refused", Now)));
    }
}
