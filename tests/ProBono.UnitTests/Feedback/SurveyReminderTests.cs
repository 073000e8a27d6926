using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Reminders;
using ProBono.Feedback.Surveys;

namespace ProBono.UnitTests.Feedback;

/// <summary>
/// Reminders go to whoever has not answered an invitation whose mail left, on the reminder days after it was issued
/// (3 and 7 by default), at most two, never once the survey closed; the list's status follows the invitation.
/// </summary>
public sealed class SurveyReminderTests
{
    private static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    private static readonly DateTimeOffset Issued = new(2030, 11, 17, 9, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<int> Days = [3, 7];

    /// <summary>The invitation document as its campaign's events leave it (the writers set the same fields).</summary>
    private static readonly Specification<SurveyInvitation> Spec = Specification.For<SurveyInvitation>((invitation, e) => e switch
    {
        InvitationSent => Copy(invitation, i => i.SendingState = SendingStates.Sent),
        SurveyReminderIssued r => Copy(invitation, i => (i.RemindersSent, i.LastReminderAt) = (r.Number, r.At)),
        SurveyAnswered a => Copy(invitation, i => i.AnsweredAt = a.At),
        _ => invitation,
    }, e => e is InvitationIssued issued
        ? new SurveyInvitation
        {
            Id = issued.Token, MarathonId = issued.MarathonId, Group = issued.Group, RespondentId = issued.RespondentId, Email = issued.Email,
            SendingState = issued.SendingState, IssuedAt = issued.At, ClosesAt = issued.ClosesAt,
        }
        : throw new ArgumentException("An invitation starts with its issue."));

    private static SurveyInvitation Copy(SurveyInvitation invitation, Action<SurveyInvitation> change)
    {
        var copy = new SurveyInvitation
        {
            Id = invitation.Id, MarathonId = invitation.MarathonId, Group = invitation.Group, RespondentId = invitation.RespondentId,
            Email = invitation.Email, SendingState = invitation.SendingState, IssuedAt = invitation.IssuedAt, ClosesAt = invitation.ClosesAt,
            AnsweredAt = invitation.AnsweredAt, RemindersSent = invitation.RemindersSent, LastReminderAt = invitation.LastReminderAt,
        };
        change(copy);
        return copy;
    }

    private static InvitationIssued Invitation(int surveyDays = 14, string sendingState = SendingStates.Pending) =>
        new(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", null, "fr", sendingState, Issued, Issued.AddDays(surveyDays));

    private static readonly InvitationSent Sent = new(MarathonId, "t1", Issued.AddMinutes(1));

    private static SurveyReminderIssued Reminder(int number, double day) => new(MarathonId, "t1", number, Issued.AddDays(day));

    private static Func<SurveyInvitation, IEnumerable<object>> At(double day) =>
        invitation => SurveyReminders.Decide(invitation, Days, Issued.AddDays(day)) is { } reminder ? [reminder] : [];

    [Fact]
    public void Three_days_after_the_invitation_its_first_reminder_is_due_and_not_before() =>
        Spec.Given(Invitation(), Sent).When(At(3)).Then(Reminder(1, 3));

    [Fact]
    public void Before_the_first_reminder_day_nothing_is_due() => Spec.Given(Invitation(), Sent).When(At(2.9)).ThenNothing();

    [Fact]
    public void The_second_reminder_comes_on_day_7_and_not_between() =>
        Spec.Given(Invitation(), Sent, Reminder(1, 3)).When(At(5)).ThenNothing();

    [Fact]
    public void On_day_7_the_second_reminder_is_due() => Spec.Given(Invitation(), Sent, Reminder(1, 3)).When(At(7)).Then(Reminder(2, 7));

    [Fact]
    public void After_two_reminders_none_follows() =>
        Spec.Given(Invitation(), Sent, Reminder(1, 3), Reminder(2, 7)).When(At(13)).ThenNothing();

    [Fact]
    public void Whoever_answered_gets_no_reminder() =>
        Spec.Given(Invitation(), Sent, new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", 9, 4, [], null, Issued.AddDays(1)))
            .When(At(3)).ThenNothing();

    [Fact]
    public void A_reminder_day_after_the_closing_never_comes() =>
        Spec.Given(Invitation(surveyDays: 5), Sent, Reminder(1, 3)).When(At(7)).ThenNothing();

    [Fact]
    public void Once_closed_no_reminder_is_due_even_one_never_sent() =>
        Spec.Given(Invitation(surveyDays: 5), Sent).When(At(5)).ThenNothing();

    [Fact]
    public void Days_missed_while_nobody_looked_are_made_up_by_one_reminder_not_two() =>
        Spec.Given(Invitation(), Sent, Reminder(1, 8)).When(At(9)).ThenNothing();

    [Fact]
    public void A_late_look_sends_one_reminder_for_the_days_it_missed() => Spec.Given(Invitation(), Sent).When(At(8)).Then(Reminder(1, 8));

    [Theory]
    [InlineData(SendingStates.Pending)]
    [InlineData(SendingStates.NoAddress)]
    [InlineData(SendingStates.NotApplicable)]
    public void An_invitation_whose_mail_has_not_left_gets_no_reminder(string sendingState) =>
        Spec.Given(Invitation(sendingState: sendingState)).When(At(3)).ThenNothing();

    [Fact]
    public void The_reminder_days_come_from_settings_only_the_first_two_count()
    {
        Assert.Equal([Issued.AddDays(1), Issued.AddDays(2)], SurveyReminders.Schedule(Issued, Issued.AddDays(14), [2, 1, 5, 0]));
        Assert.Empty(SurveyReminders.Schedule(Issued, Issued.AddDays(14), []));
    }

    [Fact]
    public void The_status_is_answered_then_closed_after_the_closing_then_sent_or_pending()
    {
        var invitation = Spec.Fold([Invitation(), Sent])!;
        var closes = Issued.AddDays(14);
        Assert.Equal("sent", SurveyClosing.StatusOf(invitation, closes, Issued.AddDays(13)));
        Assert.Equal("closed", SurveyClosing.StatusOf(invitation, closes, closes));
        Assert.Equal("pending", SurveyClosing.StatusOf(Spec.Fold([Invitation(sendingState: SendingStates.NoAddress)])!, closes, Issued));
        var answered = Spec.Fold([Invitation(), Sent, new SurveyAnswered(MarathonId, "t1", SurveyGroups.Volunteer, "a1", "edf", 9, 4, [], null, Issued)])!;
        Assert.Equal("answered", SurveyClosing.StatusOf(answered, closes, closes.AddDays(1)));
    }
}
