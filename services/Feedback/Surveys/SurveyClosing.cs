using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Surveys;

/// <summary>410: the survey closed (its marathon's <c>surveyDays</c> after the completion); nothing is recorded.</summary>
internal sealed class SurveyClosed(string detail) : ProblemException(410, "Gone", detail);

/// <summary>
/// When a survey closes: the invitation's own closing, or, for an invitation issued before they were kept, its
/// campaign's (the completion + 14 days).
/// </summary>
internal static class SurveyClosing
{
    public const string Closed = "This survey has closed: answers are no longer taken.";

    public static DateTimeOffset? Of(SurveyInvitation invitation, SurveyCampaign? campaign) =>
        invitation.ClosesAt ?? campaign?.ClosingOf(invitation.Group);

    /// <summary>Pure: whether <paramref name="invitation"/> can no longer be answered at <paramref name="now"/>.</summary>
    public static bool IsClosed(SurveyInvitation invitation, SurveyCampaign? campaign, DateTimeOffset now) =>
        Of(invitation, campaign) is { } closes && now >= closes;

    /// <summary>The closing of an invitation, reading its campaign only when the invitation does not say.</summary>
    public static async Task<DateTimeOffset?> Load(IQuerySession session, SurveyInvitation invitation, CancellationToken ct) =>
        invitation.ClosesAt ?? (await session.LoadAsync<SurveyCampaign>(invitation.MarathonId, ct))?.ClosingOf(invitation.Group);

    /// <summary>The status a staff list shows: answered, else closed once past its closing, else sent or pending.</summary>
    public static string StatusOf(SurveyInvitation invitation, DateTimeOffset? closesAt, DateTimeOffset now) =>
        invitation.AnsweredAt is not null ? InvitationStatuses.Answered
        : closesAt is { } closes && now >= closes ? InvitationStatuses.Closed
        : invitation.SendingState == SendingStates.Sent ? InvitationStatuses.Sent
        : InvitationStatuses.Pending;
}

/// <summary>Where an invitation stands for staff (API.md): pending, sent, answered or closed.</summary>
internal static class InvitationStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Answered = "answered";
    public const string Closed = "closed";
}
