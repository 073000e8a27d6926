using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using MarathonStatuses = ProBono.Contracts.MarathonStatuses;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.Teams;
using ProBono.Teams.TheDay;

namespace ProBono.UnitTests.Teams.TheDay;

/// <summary>A team of the 2016 marathon on the day: Ana (lead, EDF) and Ben (BNP), with Chloé of EDF outside the team.</summary>
internal static class DayExamples
{
    public static readonly Guid MarathonId = new("7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    public static readonly Guid NeedId = new("0b6c1f7e-4a1d-4d0e-9f5a-1c2b3d4e5f60");
    public static readonly Guid TeamId = Team.IdOf(NeedId);
    public static readonly Guid Ana = new("a0000000-0000-4000-8000-000000000001");
    public static readonly Guid Ben = new("b0000000-0000-4000-8000-000000000002");
    public static readonly Guid Chloe = new("c0000000-0000-4000-8000-000000000003");
    public static readonly DateTimeOffset Now = new(2016, 11, 19, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CompletedAt = new(2016, 11, 19, 18, 0, 0, TimeSpan.Zero);
    public static readonly DayCaller Staff = new(IsStaff: true, VolunteerId: null);
    public static readonly DayCaller Lead = new(IsStaff: false, VolunteerId: Ana);
    public const string InProgress = MarathonStatuses.InProgress;

    /// <summary>The marathon in progress.</summary>
    public static readonly DayWindow TheDay = new(InProgress, null, 14);

    /// <summary>The marathon completed at <see cref="CompletedAt"/>, with 14 days for corrections.</summary>
    public static readonly DayWindow Completed = new(MarathonStatuses.Completed, CompletedAt, 14);

    public static DayWindow In(string? status) => new(status, null, 14);
    public static readonly TeamMemberInfo[] Members =
    [
        new(Ana, "Ana", "edf", ["marketing"], true, ["culture"]),
        new(Ben, "Ben", "bnp", ["design"], false, ["culture"]),
    ];

    public static readonly Specification<Team> Spec = Specification.For<Team>(Team.Evolution, e => Team.Create((TeamFormed)e));

    public static TeamFormed Formed => new(TeamId, MarathonId,
        new TeamNeed(NeedId, Guid.NewGuid(), "A sales brochure", "A brochure", "culture", [new SkillCount("marketing", 1)], 2, 4),
        Members, Ana, Guid.NewGuid(), Now.AddDays(-10));

    public static MilestoneRecorded Milestone(string name, DateTimeOffset at) => new(TeamId, MarathonId, NeedId, name, "volunteer:" + Ana, at);

    public static DeliverableSubmitted Delivered => new(TeamId, MarathonId, NeedId, Members, [Ana], Ana, "Brochure", "https://example.org/b.pdf", "staff:s", Now.AddHours(-1));

    public static DeliverableDraft Draft(string title, string? url, string? description = null) => new(title, url, description);
}

public sealed class RecordMilestoneTests
{
    private static readonly Specification<Team> Spec = DayExamples.Spec;

    [Fact]
    public void The_lead_records_a_milestone_on_the_day() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.TheDay, DayExamples.Lead, "  Mock-ups shown ", "volunteer:ana", DayExamples.Now))
            .Then(new MilestoneRecorded(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, "Mock-ups shown", "volunteer:ana", DayExamples.Now));

    [Fact]
    public void Staff_record_a_milestone_on_the_day_and_it_is_folded_in_order()
    {
        var state = Spec.Given(DayExamples.Formed, DayExamples.Milestone("Kick-off", DayExamples.Now.AddHours(-2)))
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.TheDay, DayExamples.Staff, "Draft", "staff:s", DayExamples.Now))
            .ThenState();
        Assert.Equal(["Kick-off", "Draft"], state.Milestones.Select(m => m.Name));
        Assert.Equal(DayExamples.Now, state.UpdatedAt);
    }

    [Fact]
    public void A_member_who_is_not_the_lead_is_refused() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.TheDay, new DayCaller(false, DayExamples.Ben), "Draft", "volunteer:ben", DayExamples.Now))
            .ThenThrows<Forbidden>();

    [Fact]
    public void A_caller_who_is_neither_staff_nor_a_volunteer_is_refused() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.TheDay, new DayCaller(false, null), "Draft", "partner:edf", DayExamples.Now))
            .ThenThrows<Forbidden>();

    [Fact]
    public void A_team_without_a_lead_takes_milestones_from_staff_only()
    {
        var leaderless = DayExamples.Formed with { LeadVolunteerId = null };
        Spec.Given(leaderless)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.TheDay, DayExamples.Lead, "Draft", "volunteer:ana", DayExamples.Now))
            .ThenThrows<Forbidden>();
    }

    [Theory]
    [InlineData(MarathonStatuses.Planned)]
    [InlineData(MarathonStatuses.RegistrationOpen)]
    [InlineData(MarathonStatuses.RegistrationClosed)]
    [InlineData(MarathonStatuses.Completed)]
    [InlineData(null)]
    public void Outside_the_day_a_milestone_is_a_conflict(string? status) =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.In(status), DayExamples.Lead, "Draft", "volunteer:ana", DayExamples.Now))
            .ThenThrows<StateConflict>();

    [Fact]
    public void No_milestone_after_the_deliverable() =>
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.TheDay, DayExamples.Staff, "Late", "staff:s", DayExamples.Now))
            .ThenThrows<StateConflict>();

    [Fact]
    public void The_refusal_to_another_volunteer_comes_before_the_state_of_the_day() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.Completed, new DayCaller(false, DayExamples.Chloe), "Draft", "volunteer:chloe", DayExamples.Now))
            .ThenThrows<Forbidden>();
}

public sealed class SubmitDeliverableTests
{
    private static readonly Specification<Team> Spec = DayExamples.Spec;
    private static readonly HashSet<Guid> AnaAndChloeCheckedIn = [DayExamples.Ana, DayExamples.Chloe];

    [Fact]
    public void The_lead_submits_the_deliverable_with_the_members_their_check_ins_and_the_lead()
    {
        var outcome = Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Lead, AnaAndChloeCheckedIn,
                DeliverableDraft.From(new DeliverableRequest(" Brochure ", " https://example.org/b.pdf ")), replace: false, "volunteer:ana", DayExamples.Now));
        outcome.Then(new DeliverableSubmitted(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [DayExamples.Ana], DayExamples.Ana,
            "Brochure", "https://example.org/b.pdf", "volunteer:ana", DayExamples.Now));
        var state = outcome.ThenState();
        Assert.Equal(TeamStatus.Delivered, state.Status);
        Assert.Equal(new SubmittedDeliverable("Brochure", "https://example.org/b.pdf", "volunteer:ana", DayExamples.Now), state.Delivered);
        Assert.Empty(state.DeliverableHistory);
    }

    [Fact]
    public void Staff_submit_the_deliverable_for_a_team_nobody_checked_in_to() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Staff, new HashSet<Guid>(),
                DayExamples.Draft("Brochure", "http://example.org/b"), replace: false, "staff:s", DayExamples.Now))
            .Then(new DeliverableSubmitted(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [], DayExamples.Ana,
                "Brochure", "http://example.org/b", "staff:s", DayExamples.Now));

    [Fact]
    public void A_paper_handed_over_is_a_deliverable_described_without_a_url()
    {
        var state = Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Lead, AnaAndChloeCheckedIn,
                DeliverableDraft.From(new DeliverableRequest("Flyers", null, " 500 printed flyers, handed to the association ")), replace: false, "volunteer:ana", DayExamples.Now))
            .ThenState();
        Assert.Equal(new SubmittedDeliverable("Flyers", null, "volunteer:ana", DayExamples.Now, "500 printed flyers, handed to the association"), state.Delivered);
    }

    [Fact]
    public void A_member_who_is_not_the_lead_is_refused() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, new DayCaller(false, DayExamples.Ben), AnaAndChloeCheckedIn,
                DayExamples.Draft("B", "https://example.org"), replace: true, "volunteer:ben", DayExamples.Now))
            .ThenThrows<Forbidden>();

    [Fact]
    public void A_second_submission_is_a_conflict_even_within_the_correction_window()
    {
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Lead, AnaAndChloeCheckedIn,
                DayExamples.Draft("Again", "https://example.org"), replace: false, "volunteer:ana", DayExamples.Now))
            .ThenThrows<StateConflict>();
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.Completed, DayExamples.Lead, AnaAndChloeCheckedIn,
                DayExamples.Draft("Again", "https://example.org"), replace: false, "volunteer:ana", DayExamples.CompletedAt.AddDays(1)))
            .ThenThrows<StateConflict>();
    }

    [Theory]
    [InlineData(MarathonStatuses.Planned)]
    [InlineData(MarathonStatuses.RegistrationClosed)]
    [InlineData(null)]
    public void Before_the_day_a_deliverable_is_a_conflict(string? status) =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.In(status), DayExamples.Staff, AnaAndChloeCheckedIn,
                DayExamples.Draft("B", "https://example.org"), replace: true, "staff:s", DayExamples.Now))
            .ThenThrows<StateConflict>();
}

public sealed class ReplaceDeliverableTests
{
    private static readonly Specification<Team> Spec = DayExamples.Spec;
    private static readonly HashSet<Guid> AnaAndBenCheckedIn = [DayExamples.Ana, DayExamples.Ben];

    [Fact]
    public void On_the_day_a_new_deliverable_replaces_the_first_which_goes_to_the_history()
    {
        var outcome = Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Lead, AnaAndBenCheckedIn,
                DayExamples.Draft("Brochure v2", "https://example.org/b2.pdf"), replace: true, "volunteer:ana", DayExamples.Now));
        outcome.Then(new DeliverableReplaced(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members,
            [DayExamples.Ana, DayExamples.Ben], DayExamples.Ana, "Brochure v2", "https://example.org/b2.pdf", null, false, "volunteer:ana", DayExamples.Now));
        var state = outcome.ThenState();
        Assert.Equal(TeamStatus.Delivered, state.Status);
        Assert.Equal(new SubmittedDeliverable("Brochure v2", "https://example.org/b2.pdf", "volunteer:ana", DayExamples.Now), state.Delivered);
        Assert.Equal([new SubmittedDeliverable("Brochure", "https://example.org/b.pdf", "staff:s", DayExamples.Now.AddHours(-1))], state.DeliverableHistory);
    }

    [Fact]
    public void Every_replaced_deliverable_stays_in_the_history_oldest_first()
    {
        var second = new DeliverableReplaced(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [], DayExamples.Ana,
            "Second", null, "A printed copy", false, "staff:s", DayExamples.Now.AddMinutes(-30));
        var state = Spec.Given(DayExamples.Formed, DayExamples.Delivered, second)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Staff, AnaAndBenCheckedIn,
                DayExamples.Draft("Third", "https://example.org/3"), replace: true, "staff:s", DayExamples.Now))
            .ThenState();
        Assert.Equal(["Brochure", "Second"], state.DeliverableHistory.Select(d => d.Title));
        Assert.Equal("Third", state.Delivered!.Title);
    }

    [Fact]
    public void The_same_deliverable_again_changes_nothing() =>
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Lead, AnaAndBenCheckedIn,
                DeliverableDraft.From(new DeliverableRequest(" Brochure", "https://example.org/b.pdf ")), replace: true, "volunteer:ana", DayExamples.Now))
            .ThenNothing();

    [Fact]
    public void Put_on_a_team_without_a_deliverable_records_the_first_one() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.TheDay, DayExamples.Staff, AnaAndBenCheckedIn,
                DayExamples.Draft("Brochure", null, "On paper"), replace: true, "staff:s", DayExamples.Now))
            .Then(new DeliverableSubmitted(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [DayExamples.Ana, DayExamples.Ben],
                DayExamples.Ana, "Brochure", null, "staff:s", DayExamples.Now, "On paper"));
}

public sealed class CorrectionWindowTests
{
    private static readonly Specification<Team> Spec = DayExamples.Spec;
    private static readonly HashSet<Guid> AnaCheckedIn = [DayExamples.Ana];
    private static readonly DateTimeOffset WindowCloses = DayExamples.CompletedAt.AddDays(14);

    private static Specification<Team>.Outcome Replace(DayWindow day, DateTimeOffset now, DayCaller? caller = null) =>
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, day, caller ?? DayExamples.Lead, AnaCheckedIn,
                DayExamples.Draft("Final report", "https://example.org/final.pdf"), replace: true, "volunteer:ana", now));

    [Fact]
    public void After_completion_the_lead_replaces_the_deliverable_as_a_correction_saying_who_and_when()
    {
        var at = DayExamples.CompletedAt.AddDays(3);
        var outcome = Replace(DayExamples.Completed, at);
        outcome.Then(new DeliverableReplaced(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [DayExamples.Ana],
            DayExamples.Ana, "Final report", "https://example.org/final.pdf", null, true, "volunteer:ana", at));
        Assert.Equal(new SubmittedDeliverable("Final report", "https://example.org/final.pdf", "volunteer:ana", at, null, Correction: true), outcome.ThenState().Delivered);
    }

    [Fact]
    public void After_completion_a_team_that_never_delivered_records_its_deliverable_as_a_correction()
    {
        var at = DayExamples.CompletedAt.AddHours(20);
        var state = Spec.Given(DayExamples.Formed)
            .When(t => RecordDeliverableSlice.RecordDeliverable(t, DayExamples.Completed, DayExamples.Staff, AnaCheckedIn,
                DayExamples.Draft("Late brochure", "https://example.org/late.pdf"), replace: false, "staff:s", at))
            .ThenState();
        Assert.Equal((TeamStatus.Delivered, true, "staff:s", at), (state.Status, state.Delivered!.Correction, state.Delivered.By, state.Delivered.At));
    }

    [Fact]
    public void The_window_is_open_until_the_instant_it_closes_and_not_at_it()
    {
        Replace(DayExamples.Completed, WindowCloses.AddTicks(-1)).ThenState();
        Replace(DayExamples.Completed, WindowCloses).ThenThrows<StateConflict>();
        Replace(DayExamples.Completed, WindowCloses.AddDays(30)).ThenThrows<StateConflict>();
    }

    [Fact]
    public void The_window_is_the_marathon_s_correction_days()
    {
        var threeDays = DayExamples.Completed with { CorrectionDays = 3 };
        Replace(threeDays, DayExamples.CompletedAt.AddDays(2)).ThenState();
        Replace(threeDays, DayExamples.CompletedAt.AddDays(3)).ThenThrows<StateConflict>();
        Replace(DayExamples.Completed with { CorrectionDays = 0 }, DayExamples.CompletedAt).ThenThrows<StateConflict>();
    }

    [Fact]
    public void A_completion_whose_time_Teams_does_not_know_opens_no_window() =>
        Replace(DayExamples.Completed with { CompletedAt = null }, DayExamples.CompletedAt.AddHours(1)).ThenThrows<StateConflict>();

    [Fact]
    public void Within_the_window_only_the_lead_or_staff_may_and_the_refusal_comes_first() =>
        Replace(DayExamples.Completed, WindowCloses.AddDays(1), new DayCaller(false, DayExamples.Ben)).ThenThrows<Forbidden>();

    [Fact]
    public void Milestones_stay_the_day_s_even_within_the_window() =>
        Spec.Given(DayExamples.Formed)
            .When(t => RecordMilestoneSlice.RecordMilestone(t, DayExamples.Completed, DayExamples.Lead, "Late", "volunteer:ana", DayExamples.CompletedAt.AddHours(1)))
            .ThenThrows<StateConflict>();

    [Fact]
    public void The_window_closes_completed_at_plus_the_correction_days_and_is_unknown_before_completion()
    {
        Assert.Equal(WindowCloses, DayExamples.Completed.CorrectionsCloseAt);
        Assert.Null(DayExamples.TheDay.CorrectionsCloseAt);
        Assert.False(DayExamples.TheDay.IsCorrectionAt(DayExamples.Now));
        Assert.True(DayExamples.Completed.IsCorrectionAt(DayExamples.CompletedAt));
    }
}

public sealed class TheDayValidatorTests
{
    private static readonly ServiceProvider Services =
        new ServiceCollection().AddRequestValidators(typeof(TeamsService).Assembly).BuildServiceProvider();

    private static string[] Invalid<T>(T request) =>
        [.. Services.GetRequiredService<IValidator<T>>().Validate(request).Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("two\nlines")]
    public void A_milestone_name_is_one_line_of_text(string? name) => Assert.Equal(["name"], Invalid(new MilestoneRequest(name)));

    [Fact]
    public void A_milestone_name_is_at_most_200_characters()
    {
        Assert.Equal(["name"], Invalid(new MilestoneRequest(new string('m', 201))));
        Assert.Empty(Invalid(new MilestoneRequest(new string('m', 200))));
    }

    [Theory]
    [InlineData("https://example.org/brochure.pdf")]
    [InlineData("http://example.org")]
    public void A_deliverable_with_a_title_and_a_web_address_is_valid(string url) => Assert.Empty(Invalid(new DeliverableRequest("Brochure", url)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("example.org/brochure")]
    [InlineData("/brochure.pdf")]
    [InlineData("ftp://example.org/brochure.pdf")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:someone@example.org")]
    public void A_deliverable_url_is_an_absolute_http_or_https_url(string? url) => Assert.Equal(["url"], Invalid(new DeliverableRequest("Brochure", url)));

    [Fact]
    public void A_paper_deliverable_has_a_description_instead_of_a_url()
    {
        Assert.Empty(Invalid(new DeliverableRequest("Flyers", null, "500 printed flyers\nhanded over at 5 pm")));
        Assert.Empty(Invalid(new DeliverableRequest("Flyers", "https://example.org/f.pdf", "Also printed")));
        Assert.Equal(["description"], Invalid(new DeliverableRequest("Flyers", null, "   ")));
        Assert.Equal(["description"], Invalid(new DeliverableRequest("Flyers", null, "nul\0")));
        Assert.Equal(["description"], Invalid(new DeliverableRequest("Flyers", null, new string('d', 4001))));
        Assert.Equal(["url"], Invalid(new DeliverableRequest("Flyers", "ftp://example.org/f", "Also printed")));
    }

    [Fact]
    public void Title_and_url_have_their_limits_and_each_is_named()
    {
        Assert.Equal(["title", "url"], Invalid(new DeliverableRequest(new string('t', 201), "https://example.org/" + new string('u', 2000))));
        Assert.Empty(Invalid(new DeliverableRequest(new string('t', 200), "https://example.org/" + new string('u', 2000 - 20))));
        Assert.Equal(["title"], Invalid(new DeliverableRequest(null, "https://example.org")));
    }
}
