using System.Text;
using MimeKit;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Attending;
using ProBono.Recruitment.Volunteers.Mails;
using ProBono.UnitTests.Recruitment.Marathons;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>The reminders' deciders and timing, the attendance answer, and what the volunteers' mails say.</summary>
public sealed class VolunteerMailTests
{
    private static readonly Specification<Marathon> Marathon = MarathonExamples.Spec;

    private static readonly Specification<Volunteer> Volunteer =
        Specification.For<Volunteer>(ProBono.Recruitment.Volunteers.Volunteer.Evolution, first => ProBono.Recruitment.Volunteers.Volunteer.Create((VolunteerRegistered)first));

    private static readonly Guid Ada = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Bob = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    [Theory]
    [InlineData(MarathonStatus.RegistrationOpen)]
    [InlineData(MarathonStatus.RegistrationClosed)]
    public void Every_confirmed_volunteer_not_yet_reminded_gets_the_reminder(MarathonStatus status) =>
        Marathon.Given(MarathonExamples.HistoryUpTo(status))
            .When(m => SendRemindersSlice.Decide(m.Id, m.Status, "week", [Ada, Bob], new HashSet<Guid> { Ada }, MarathonExamples.Now))
            .Then(new ReminderQueued(MarathonExamples.MarathonId, Bob, "week", MarathonExamples.Now));

    [Fact]
    public void Reminding_again_those_already_reminded_queues_nothing() =>
        Marathon.Given(MarathonExamples.HistoryUpTo(MarathonStatus.RegistrationClosed))
            .When(m => SendRemindersSlice.Decide(m.Id, m.Status, "day", [Ada, Bob], new HashSet<Guid> { Ada, Bob }, MarathonExamples.Now))
            .ThenNothing();

    [Theory]
    [InlineData(MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.Completed)]
    public void Once_the_day_started_or_the_marathon_completed_a_reminder_is_a_conflict(MarathonStatus status) =>
        Marathon.Given(MarathonExamples.HistoryUpTo(status))
            .When(m => SendRemindersSlice.Decide(m.Id, m.Status, "day", [Ada], new HashSet<Guid>(), MarathonExamples.Now))
            .ThenThrows<StateConflict>();

    [Fact]
    public void A_reminder_other_than_week_or_day_is_refused() =>
        Marathon.Given(MarathonExamples.HistoryUpTo(MarathonStatus.RegistrationOpen))
            .When(m => SendRemindersSlice.Decide(m.Id, m.Status, "month", [Ada], new HashSet<Guid>(), MarathonExamples.Now))
            .ThenThrows<ValidationFailed>();

    [Theory]
    [InlineData("2030-11-09T07:59:59Z", null)]
    [InlineData("2030-11-09T08:00:00Z", "week")]
    [InlineData("2030-11-15T07:59:59Z", "week")]
    [InlineData("2030-11-15T08:00:00Z", "day")]
    [InlineData("2030-11-15T23:59:59Z", "day")]
    [InlineData("2030-11-16T00:00:00Z", null)]
    public void The_week_reminder_is_due_from_D_minus_7_and_the_day_reminder_from_D_minus_1(string now, string? due) =>
        Assert.Equal(due, Reminders.DueNow(MarathonStatus.RegistrationClosed, new DateOnly(2030, 11, 16), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(MarathonStatus.Planned)]
    [InlineData(MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.Completed)]
    public void No_reminder_is_due_before_registration_opened_or_once_the_day_started(MarathonStatus status) =>
        Assert.Null(Reminders.DueNow(status, new DateOnly(2030, 11, 16), new DateTimeOffset(2030, 11, 15, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void A_confirmed_volunteer_confirms_attendance_once() =>
        Volunteer.Given(Registered("A", VolunteerStatus.Confirmed, 0))
            .When(v => AnswerAttendanceSlice.Decide(v, MarathonStatus.RegistrationClosed, Now))
            .Then(new VolunteerAttendanceConfirmed(MarathonId, PartnerId, IdOf("A"), Now));

    [Fact]
    public void Confirming_again_records_nothing() =>
        Volunteer.Given(Registered("A", VolunteerStatus.Confirmed, 0), new VolunteerAttendanceConfirmed(MarathonId, PartnerId, IdOf("A"), Now))
            .When(v => AnswerAttendanceSlice.Decide(v, MarathonStatus.RegistrationClosed, Now.AddHours(1)))
            .ThenNothing();

    [Fact]
    public void A_volunteer_without_a_place_has_nothing_to_confirm() =>
        Volunteer.Given(Registered("A", VolunteerStatus.Confirmed, 0), Withdrawn("A", wasConfirmed: true))
            .When(v => AnswerAttendanceSlice.Decide(v, MarathonStatus.RegistrationClosed, Now))
            .ThenThrows<StateConflict>();

    [Theory]
    [InlineData(MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.Completed)]
    public void Once_the_day_started_it_is_too_late_to_answer(MarathonStatus status) =>
        Volunteer.Given(Registered("A", VolunteerStatus.Confirmed, 0))
            .When(v => AnswerAttendanceSlice.Decide(v, status, Now))
            .ThenThrows<TooLateToAnswer>();

    private static VolunteerMailFacts Facts(string kind, string language, string? token = null, int? place = null) => new(
        VolunteerMailings.Queued(IdOf("A"), MarathonId, kind, Now), "ada@acme.example", language, "Ada", "Marathon de Lyon", "Lyon Part-Dieu",
        new DateOnly(2030, 11, 16), "K7M2Q9X4B8W1", place, token, Now);

    private static MimeMessage Compose(VolunteerMailFacts facts) =>
        VolunteerMail.Compose(facts, new MailboxAddress("Marathon Pro Bono", "marathon@probono.example"), new Uri("https://marathon.example.org"));

    private static string Headers(MimeMessage message) =>
        string.Join("\n", message.BodyParts.Prepend(message.Body!).SelectMany(p => p.Headers).Concat(message.Headers).Select(h => $"{h.Field}: {h.Value}"));

    [Fact]
    public void The_confirmation_names_the_marathon_and_date_and_carries_the_badge_as_text_and_QR_code_and_the_day_as_a_calendar_entry()
    {
        var message = Compose(Facts("confirmed", "fr"));

        Assert.Equal("Marathon de Lyon – 16 novembre 2030 : votre place est confirmée", message.Subject);
        Assert.Equal(("Marathon Pro Bono", "marathon@probono.example"), (message.From.Mailboxes.Single().Name, message.From.Mailboxes.Single().Address));
        Assert.Contains("Votre badge : K7M2Q9X4B8W1", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Lyon Part-Dieu", message.HtmlBody, StringComparison.Ordinal);
        var qr = Assert.Single(message.BodyParts.OfType<MimePart>(), p => p.ContentType.MimeType == "image/png");
        Assert.Equal(VolunteerMail.QrContentId, qr.ContentId);
        Assert.Contains($"src=\"cid:{VolunteerMail.QrContentId}\"", message.HtmlBody, StringComparison.Ordinal);
        using (var png = new MemoryStream())
        {
            qr.Content!.DecodeTo(png);
            Assert.Equal(VolunteerMail.QrPng("K7M2Q9X4B8W1"), png.ToArray());
        }
        var ics = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("text/calendar", ics.ContentType.MimeType);
        using var calendarText = new MemoryStream();
        ics.Content!.DecodeTo(calendarText);
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(calendarText.ToArray()))!;
        var day = Assert.Single(calendar.Events);
        Assert.Equal((new DateOnly(2030, 11, 16), false), (day.DtStart!.Date, day.DtStart.HasTime));
        Assert.Equal(("Marathon de Lyon", "Lyon Part-Dieu", VolunteerMail.CalendarUid(MarathonId, IdOf("A"))), (day.Summary, day.Location, day.Uid));
        Assert.DoesNotContain("K7M2Q9X4B8W1", Headers(message), StringComparison.Ordinal);
    }

    [Fact]
    public void The_waitlisted_mail_gives_the_place_on_the_waitlist_and_no_badge()
    {
        var message = Compose(Facts("waitlisted", "en", place: 3));

        Assert.Equal("Marathon de Lyon – 16 November 2030: you are on the waitlist", message.Subject);
        Assert.Contains("you are number 3 on its waitlist", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("K7M2Q9X4B8W1", message.TextBody, StringComparison.Ordinal);
        Assert.Empty(message.Attachments);
    }

    [Fact]
    public void The_day_before_mail_links_the_attendance_page_in_both_languages_and_no_header_carries_the_token()
    {
        var token = new string('t', 43);
        var message = Compose(Facts("day", "en", token));

        Assert.Equal("Marathon de Lyon – 16 November 2030: it's tomorrow, please confirm you are coming", message.Subject);
        Assert.Contains($"https://marathon.example.org/attendance/{token}?lang=en", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://marathon.example.org/attendance/{token}?lang=fr", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://marathon.example.org/attendance/{token}?lang=fr\" hreflang=\"fr\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("multipart/alternative", message.Body!.ContentType.MimeType);
        Assert.DoesNotContain(token, Headers(message), StringComparison.Ordinal);
        Assert.Equal(message.MessageId, Compose(Facts("day", "en", new string('u', 43))).MessageId);
    }

    [Fact]
    public void A_token_is_256_random_bits_kept_only_as_its_hash()
    {
        var (token, stored) = AttendanceTokens.Issue(IdOf("A"), MarathonId, Now);
        var (other, _) = AttendanceTokens.Issue(IdOf("A"), MarathonId, Now);

        Assert.True(AttendanceTokens.LooksLikeToken(token));
        Assert.NotEqual(token, other);
        Assert.Equal(AttendanceTokens.HashOf(token), stored.Id);
        Assert.DoesNotContain(token, stored.Id, StringComparison.Ordinal);
        Assert.True(AttendanceTokens.LooksLikeReceipt(stored.Id));
        Assert.False(AttendanceTokens.LooksLikeToken(stored.Id));
    }
}
