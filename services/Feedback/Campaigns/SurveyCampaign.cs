using JasperFx;

namespace ProBono.Feedback.Campaigns;

/// <summary>The three groups surveyed after a marathon, as API.md spells them.</summary>
internal static class SurveyGroups
{
    public const string Volunteer = "volunteer";
    public const string Association = "association";
    public const string Partner = "partner";

    /// <summary>The associations' second survey, some months after the marathon: is the deliverable in use.</summary>
    public const string AssociationFollowUp = "association-follow-up";

    public static readonly IReadOnlyList<string> All = [Volunteer, Association, Partner];

    /// <summary>Where a group comes in lists: volunteers, associations, partners, then the follow-up.</summary>
    public static int Order(string group) => group switch { Volunteer => 0, Association => 1, Partner => 2, AssociationFollowUp => 3, _ => 4 };
}

/// <summary>
/// Where an invitation's e-mail stands (the staff list shows it): a partner without a contact address is no-address (API.md);
/// an association without one stays not-applicable.
/// </summary>
internal static class SendingStates
{
    public const string NotApplicable = "not-applicable";
    public const string NoAddress = "no-address";
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

// A campaign's private domain events: one stream per marathon (stream id = marathon id).

/// <summary>
/// The marathon completed: its surveys are open, until <see cref="ClosesAt"/> (the completion + the marathon's
/// <c>surveyDays</c>; null in events stored before the surveys closed: the default 14 days).
/// </summary>
public sealed record SurveyCampaignOpened(Guid MarathonId, DateTimeOffset At, DateTimeOffset? ClosesAt = null);

/// <summary>
/// One person or organisation is invited to answer: the token is the only key to the survey. <see cref="Email"/> (an
/// association's or a partner's contact address; never a volunteer's, which stays in Recruitment) and <see cref="Language"/> are what
/// the mailer needs; <see cref="SendingState"/> starts as pending when the invitation is to be mailed.
/// <see cref="PartnerId"/> is a volunteer's company (its answers count for that partner).
/// </summary>
/// <see cref="ClosesAt"/> is when it can no longer be answered (null in events stored before the surveys closed).
public sealed record InvitationIssued(
    Guid MarathonId, string Token, string Group, string RespondentId, string? PartnerId, string? Email, string Language, string SendingState,
    DateTimeOffset At, DateTimeOffset? ClosesAt = null);

/// <summary>
/// The <see cref="Number"/>th reminder of an unanswered invitation is due and claimed: the mailer sends it (docs/adr/0025).
/// </summary>
public sealed record SurveyReminderIssued(Guid MarathonId, string Token, int Number, DateTimeOffset At);

/// <summary>The associations' follow-up survey opened (by the clock or by staff), answerable until <see cref="ClosesAt"/>.</summary>
public sealed record FollowUpOpened(Guid MarathonId, DateTimeOffset At, DateTimeOffset ClosesAt);

/// <summary>What the answer to a survey tells whoever recorded it, whatever the survey.</summary>
internal interface ISurveyAnswer
{
    Guid MarathonId { get; }
    string Token { get; }
    string Group { get; }
    DateTimeOffset At { get; }
}

/// <summary>The invitation's e-mail left (for the mail sender to append).</summary>
public sealed record InvitationSent(Guid MarathonId, string Token, DateTimeOffset At);

/// <summary>The invitation's e-mail could not be sent after its retries (for the mail sender to append).</summary>
public sealed record InvitationSendingFailed(Guid MarathonId, string Token, string Reason, DateTimeOffset At);

/// <summary>One answer to a question other than NPS and satisfaction: a rating (1–5) or a text.</summary>
public sealed record QuestionAnswer(string QuestionId, int? Rating, string? Text);

/// <summary>An invitation was answered; carries what the report counts, so the campaign's snapshot is the report's tallies.</summary>
public sealed record SurveyAnswered(
    Guid MarathonId, string Token, string Group, string RespondentId, string? PartnerId, int Nps, int Satisfaction,
    IReadOnlyList<QuestionAnswer> Answers, string? Comment, DateTimeOffset At) : ISurveyAnswer;

/// <summary>
/// An association answered its follow-up: whether the deliverable is in use (<see cref="InUse"/>: yes, partly or no),
/// what changed, and its NPS.
/// </summary>
public sealed record FollowUpAnswered(
    Guid MarathonId, string Token, string Group, string RespondentId, int Nps, string InUse, string? Changed, string? Comment,
    DateTimeOffset At) : ISurveyAnswer;

/// <summary>The follow-up's answers as the report counts them: in use or not, and NPS from promoters and detractors.</summary>
public sealed record FollowUpTally(int Invited, int Responded, int InUse, int PartlyInUse, int NotInUse, int Promoters, int Detractors)
{
    public static readonly FollowUpTally None = new(0, 0, 0, 0, 0, 0, 0);

    public FollowUpTally Invite() => this with { Invited = Invited + 1 };

    public FollowUpTally Answer(int nps, string inUse) => this with
    {
        Responded = Responded + 1,
        InUse = InUse + (inUse == FollowUpAnswers.Yes ? 1 : 0),
        PartlyInUse = PartlyInUse + (inUse == FollowUpAnswers.Partly ? 1 : 0),
        NotInUse = NotInUse + (inUse == FollowUpAnswers.No ? 1 : 0),
        Promoters = Promoters + (nps >= 9 ? 1 : 0),
        Detractors = Detractors + (nps <= 6 ? 1 : 0),
    };
}

/// <summary>Whether the deliverable is in use, as the follow-up asks it.</summary>
internal static class FollowUpAnswers
{
    public const string Yes = "yes";
    public const string Partly = "partly";
    public const string No = "no";

    public static readonly IReadOnlyList<string> All = [Yes, Partly, No];
}

/// <summary>
/// What the report needs of a set of answers, kept as counts so a figure is computed from them in constant time:
/// NPS from promoters and detractors among the responded, CSAT from the sum of satisfactions.
/// </summary>
public sealed record Tally(int Invited, int Responded, int Promoters, int Detractors, int SatisfactionSum)
{
    public static readonly Tally None = new(0, 0, 0, 0, 0);

    public Tally Invite() => this with { Invited = Invited + 1 };

    public Tally Answer(int nps, int satisfaction) => this with
    {
        Responded = Responded + 1,
        Promoters = Promoters + (nps >= 9 ? 1 : 0),
        Detractors = Detractors + (nps <= 6 ? 1 : 0),
        SatisfactionSum = SatisfactionSum + satisfaction,
    };
}

/// <summary>A tally under a key (a group, a partner id, an association id). A list, not a dictionary: JSON keys would be re-cased.</summary>
public sealed record KeyedTally(string Key, Tally Tally);

/// <summary>
/// A marathon's survey campaign: its tallies per group, partner and association; the report reads its inline snapshot.
/// Per-invitation state lives in <see cref="SurveyInvitation"/> so an answer does not rewrite every invitation
/// (docs/adr/0011-feedback.md). Answers are appended under the stream's row lock (<see cref="Surveys.SurveyAnswerRecorder"/>),
/// which keeps the tallies exact and lets a second answer to a token see the first.
/// </summary>
public sealed record SurveyCampaign(
    Guid Id,
    DateTimeOffset OpenedAt,
    IReadOnlyList<KeyedTally> ByGroup,
    IReadOnlyList<KeyedTally> ByPartner,
    IReadOnlyList<KeyedTally> ByAssociation) : IRevisioned
{
    public int Version { get; set; }

    /// <summary>When the surveys close; null in a snapshot written before they closed (see <see cref="Closing"/>).</summary>
    public DateTimeOffset? ClosesAt { get; init; }

    /// <summary>When the associations' follow-up opened, and when it closes; null until it opens.</summary>
    public DateTimeOffset? FollowUpOpenedAt { get; init; }

    public DateTimeOffset? FollowUpClosesAt { get; init; }

    /// <summary>The follow-up's invitations and answers (not in <see cref="ByGroup"/>: the report shows them apart).</summary>
    public FollowUpTally FollowUp { get; init; } = FollowUpTally.None;

    /// <summary>When the survey clock recorded that the surveys closed (the figures final, announced); null until then.</summary>
    public DateTimeOffset? SurveysClosedAt { get; init; }

    public static SurveyCampaign Create(SurveyCampaignOpened e) =>
        new(e.MarathonId, e.At, [], [], []) { ClosesAt = e.ClosesAt ?? e.At.AddDays(Contracts.MarathonDefaults.SurveyDays) };

    /// <summary>When the surveys of the completion close: completion + the marathon's survey days.</summary>
    public DateTimeOffset Closing() => ClosesAt ?? OpenedAt.AddDays(Contracts.MarathonDefaults.SurveyDays);

    /// <summary>When an invitation of <paramref name="group"/> issued now closes: the follow-up's own closing, else the campaign's.</summary>
    public DateTimeOffset ClosingOf(string group) =>
        group == SurveyGroups.AssociationFollowUp && FollowUpClosesAt is { } followUp ? followUp : Closing();

    public static SurveyCampaign Evolution(SurveyCampaign state, object @event) => @event switch
    {
        InvitationIssued { Group: SurveyGroups.AssociationFollowUp } => state with { FollowUp = state.FollowUp.Invite() },
        FollowUpOpened e => state with { FollowUpOpenedAt = e.At, FollowUpClosesAt = e.ClosesAt },
        SurveysClosed e => state with { SurveysClosedAt = e.At },
        FollowUpAnswered e => state with { FollowUp = state.FollowUp.Answer(e.Nps, e.InUse) },
        InvitationIssued e => state with
        {
            ByGroup = Change(state.ByGroup, e.Group, t => t.Invite()),
            ByPartner = e.Group == SurveyGroups.Volunteer && e.PartnerId is { } partner
                ? Change(state.ByPartner, partner, t => t.Invite())
                : state.ByPartner,
            ByAssociation = e.Group == SurveyGroups.Association
                ? Change(state.ByAssociation, e.RespondentId, t => t.Invite())
                : state.ByAssociation,
        },
        // the sending state is the invitation document's; the events stay in the stream for the record
        SurveyAnswered e => state with
        {
            ByGroup = Change(state.ByGroup, e.Group, t => t.Answer(e.Nps, e.Satisfaction)),
            ByPartner = e.Group == SurveyGroups.Volunteer && e.PartnerId is { } partner
                ? Change(state.ByPartner, partner, t => t.Answer(e.Nps, e.Satisfaction))
                : state.ByPartner,
            ByAssociation = e.Group == SurveyGroups.Association
                ? Change(state.ByAssociation, e.RespondentId, t => t.Answer(e.Nps, e.Satisfaction))
                : state.ByAssociation,
        },
        _ => state,
    };

    /// <summary>How many invitations the campaign has issued (the next one's <see cref="SurveyInvitation.Number"/> follows).</summary>
    public int InvitedCount() => ByGroup.Sum(t => t.Tally.Invited) + FollowUp.Invited;

    public static Tally TallyOf(IReadOnlyList<KeyedTally> tallies, string key) => tallies.FirstOrDefault(t => t.Key == key)?.Tally ?? Tally.None;

    public SurveyCampaign Apply(InvitationIssued e) => Evolution(this, e);
    public SurveyCampaign Apply(InvitationSent e) => Evolution(this, e);
    public SurveyCampaign Apply(InvitationSendingFailed e) => Evolution(this, e);
    public SurveyCampaign Apply(SurveyAnswered e) => Evolution(this, e);
    public SurveyCampaign Apply(SurveyReminderIssued e) => Evolution(this, e);
    public SurveyCampaign Apply(FollowUpOpened e) => Evolution(this, e);
    public SurveyCampaign Apply(FollowUpAnswered e) => Evolution(this, e);
    public SurveyCampaign Apply(SurveysClosed e) => Evolution(this, e);

    private static IReadOnlyList<KeyedTally> Change(IReadOnlyList<KeyedTally> tallies, string key, Func<Tally, Tally> change) =>
        tallies.Any(t => t.Key == key)
            ? [.. tallies.Select(t => t.Key == key ? t with { Tally = change(t.Tally) } : t)]
            : [.. tallies, new KeyedTally(key, change(Tally.None))];
}
