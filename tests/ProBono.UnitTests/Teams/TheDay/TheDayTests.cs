using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using MarathonStatuses = ProBono.Contracts.MarathonStatuses;
using ProBono.ServiceDefaults.EventSourcing;
using ProBono.ServiceDefaults.Problems;
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
    public static readonly DayCaller Staff = new(IsStaff: true, VolunteerId: null);
    public static readonly DayCaller Lead = new(IsStaff: false, VolunteerId: Ana);
    public const string InProgress = MarathonStatuses.InProgress;

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
}

public sealed class RecordMilestoneTests
{
    private static readonly Specification<Team> Spec = DayExamples.Spec;

    [Fact]
    public void The_lead_records_a_milestone_on_the_day() =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.RecordMilestone(t, DayExamples.InProgress, DayExamples.Lead, "  Mock-ups shown ", "volunteer:ana", DayExamples.Now))
            .Then(new MilestoneRecorded(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, "Mock-ups shown", "volunteer:ana", DayExamples.Now));

    [Fact]
    public void Staff_record_a_milestone_on_the_day_and_it_is_folded_in_order()
    {
        var state = Spec.Given(DayExamples.Formed, DayExamples.Milestone("Kick-off", DayExamples.Now.AddHours(-2)))
            .When(t => TheDaySlice.RecordMilestone(t, DayExamples.InProgress, DayExamples.Staff, "Draft", "staff:s", DayExamples.Now))
            .ThenState();
        Assert.Equal(["Kick-off", "Draft"], state.Milestones.Select(m => m.Name));
        Assert.Equal(DayExamples.Now, state.UpdatedAt);
    }

    [Fact]
    public void A_member_who_is_not_the_lead_is_refused() =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.RecordMilestone(t, DayExamples.InProgress, new DayCaller(false, DayExamples.Ben), "Draft", "volunteer:ben", DayExamples.Now))
            .ThenThrows<Forbidden>();

    [Fact]
    public void A_caller_who_is_neither_staff_nor_a_volunteer_is_refused() =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.RecordMilestone(t, DayExamples.InProgress, new DayCaller(false, null), "Draft", "partner:edf", DayExamples.Now))
            .ThenThrows<Forbidden>();

    [Fact]
    public void A_team_without_a_lead_takes_milestones_from_staff_only()
    {
        var leaderless = DayExamples.Formed with { LeadVolunteerId = null };
        Spec.Given(leaderless)
            .When(t => TheDaySlice.RecordMilestone(t, DayExamples.InProgress, DayExamples.Lead, "Draft", "volunteer:ana", DayExamples.Now))
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
            .When(t => TheDaySlice.RecordMilestone(t, status, DayExamples.Lead, "Draft", "volunteer:ana", DayExamples.Now))
            .ThenThrows<StateConflict>();

    [Fact]
    public void No_milestone_after_the_deliverable() =>
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => TheDaySlice.RecordMilestone(t, DayExamples.InProgress, DayExamples.Staff, "Late", "staff:s", DayExamples.Now))
            .ThenThrows<StateConflict>();

    [Fact]
    public void The_refusal_to_another_volunteer_comes_before_the_state_of_the_day() =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.RecordMilestone(t, MarathonStatuses.Completed, new DayCaller(false, DayExamples.Chloe), "Draft", "volunteer:chloe", DayExamples.Now))
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
            .When(t => TheDaySlice.SubmitDeliverable(t, DayExamples.InProgress, DayExamples.Lead, AnaAndChloeCheckedIn, " Brochure ", " https://example.org/b.pdf ", "volunteer:ana", DayExamples.Now));
        outcome.Then(new DeliverableSubmitted(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [DayExamples.Ana], DayExamples.Ana,
            "Brochure", "https://example.org/b.pdf", "volunteer:ana", DayExamples.Now));
        var state = outcome.ThenState();
        Assert.Equal(TeamStatus.Delivered, state.Status);
        Assert.Equal(("Brochure", "https://example.org/b.pdf"), (state.Delivered!.Title, state.Delivered.Url));
    }

    [Fact]
    public void Staff_submit_the_deliverable_for_a_team_nobody_checked_in_to() =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.SubmitDeliverable(t, DayExamples.InProgress, DayExamples.Staff, new HashSet<Guid>(), "Brochure", "http://example.org/b", "staff:s", DayExamples.Now))
            .Then(new DeliverableSubmitted(DayExamples.TeamId, DayExamples.MarathonId, DayExamples.NeedId, DayExamples.Members, [], DayExamples.Ana,
                "Brochure", "http://example.org/b", "staff:s", DayExamples.Now));

    [Fact]
    public void A_member_who_is_not_the_lead_is_refused() =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.SubmitDeliverable(t, DayExamples.InProgress, new DayCaller(false, DayExamples.Ben), AnaAndChloeCheckedIn, "B", "https://example.org", "volunteer:ben", DayExamples.Now))
            .ThenThrows<Forbidden>();

    [Fact]
    public void A_deliverable_twice_is_a_conflict() =>
        Spec.Given(DayExamples.Formed, DayExamples.Delivered)
            .When(t => TheDaySlice.SubmitDeliverable(t, DayExamples.InProgress, DayExamples.Lead, AnaAndChloeCheckedIn, "Again", "https://example.org", "volunteer:ana", DayExamples.Now))
            .ThenThrows<StateConflict>();

    [Theory]
    [InlineData(MarathonStatuses.RegistrationClosed)]
    [InlineData(MarathonStatuses.Completed)]
    [InlineData(null)]
    public void Outside_the_day_a_deliverable_is_a_conflict(string? status) =>
        Spec.Given(DayExamples.Formed)
            .When(t => TheDaySlice.SubmitDeliverable(t, status, DayExamples.Staff, AnaAndChloeCheckedIn, "B", "https://example.org", "staff:s", DayExamples.Now))
            .ThenThrows<StateConflict>();
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
    public void Title_and_url_have_their_limits_and_each_is_named()
    {
        Assert.Equal(["title", "url"], Invalid(new DeliverableRequest(new string('t', 201), "https://example.org/" + new string('u', 2000))));
        Assert.Empty(Invalid(new DeliverableRequest(new string('t', 200), "https://example.org/" + new string('u', 2000 - 20))));
        Assert.Equal(["title"], Invalid(new DeliverableRequest(null, "https://example.org")));
    }
}
