using System.Globalization;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.Scheduling;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;
using static ProBono.UnitTests.Recruitment.RecruitmentValidators;

namespace ProBono.UnitTests.Recruitment.Marathons.Scheduling;

/// <summary>
/// What <see cref="ScheduleMarathonValidator"/> refuses (a 400 naming each field as the caller wrote it), and how
/// <see cref="ScheduleMarathon.From"/> turns an accepted request into the command.
/// </summary>
public class ScheduleMarathonValidatorTests
{
    private static ScheduleMarathonRequest Valid() => new(
        "Spring Marathon", "Lyon", Date, RegistrationDeadline,
        HoursPerVolunteer: 6, HourlyValueEur: 95.5m, MaxSameCompanyPerTeam: 2,
        [new PartnerRequest("acme", "Acme Corp", 12), new PartnerRequest("globex", "Globex", 8)]);

    private static ScheduleMarathonRequest WithPartner(PartnerRequest? partner) => Valid() with { Partners = [partner] };

    /// <summary>The request is accepted, and becomes this command.</summary>
    private static ScheduleMarathon Accepted(ScheduleMarathonRequest request)
    {
        AssertValid(request);
        return ScheduleMarathon.From(request, MarathonId, Now);
    }

    [Fact]
    public void A_valid_request_becomes_the_command() =>
        Assert.Equivalent(
            new ScheduleMarathon(MarathonId, "Spring Marathon", "Lyon", Date, RegistrationDeadline, 6, 95.5m, 2,
                [new PartnerQuota("acme", "Acme Corp", 12), new PartnerQuota("globex", "Globex", 8)], 14, Now),
            Accepted(Valid()), strict: true);

    [Fact]
    public void Names_are_trimmed()
    {
        var command = Accepted(Valid() with { Name = "  Spring Marathon ", Venue = " Lyon  ", Partners = [new PartnerRequest("acme", " Acme Corp ", 12)] });

        Assert.Equal("Spring Marathon", command.Name);
        Assert.Equal("Lyon", command.Venue);
        Assert.Equal("Acme Corp", Assert.Single(command.Partners).Name);
    }

    [Fact]
    public void Hours_per_volunteer_and_max_same_company_per_team_have_defaults()
    {
        var command = Accepted(Valid() with { HoursPerVolunteer = null, MaxSameCompanyPerTeam = null });

        Assert.Equal(7, command.HoursPerVolunteer);
        Assert.Equal(3, command.MaxSameCompanyPerTeam);
        Assert.Equal(ScheduleMarathonSlice.DefaultHoursPerVolunteer, command.HoursPerVolunteer);
        Assert.Equal(ScheduleMarathonSlice.DefaultMaxSameCompanyPerTeam, command.MaxSameCompanyPerTeam);
    }

    [Fact]
    public void The_survey_days_default_to_14_and_are_refused_outside_1_to_365()
    {
        Assert.Equal(14, Accepted(Valid()).SurveyDays);
        Assert.Equal(5, Accepted(Valid() with { SurveyDays = 5 }).SurveyDays);
        Assert.Equal(["'surveyDays' must be between 1 and 365."], AssertInvalid(Valid() with { SurveyDays = 0 }, "surveyDays").Errors["surveyDays"]);
        AssertInvalid(Valid() with { SurveyDays = 366 }, "surveyDays");
    }

    [Fact]
    public void Partners_may_be_left_out() => Assert.Empty(Accepted(Valid() with { Partners = null }).Partners);

    [Fact]
    public void An_empty_body_names_every_required_field_as_today()
    {
        var failed = AssertInvalid(new ScheduleMarathonRequest(null, null, null, null, null, null, null, null),
            "name", "venue", "date", "registrationDeadline", "hourlyValueEur");

        Assert.Equal(["'name' is required."], failed.Errors["name"]);
        Assert.Equal(["'registrationDeadline' is required."], failed.Errors["registrationDeadline"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_name_is_refused(string name) => AssertInvalid(Valid() with { Name = name }, "name");

    [Fact]
    public void A_name_longer_than_200_characters_is_refused()
    {
        var failed = AssertInvalid(Valid() with { Name = new string('n', 201) }, "name");

        Assert.Equal(["'name' must be at most 200 characters."], failed.Errors["name"]);
        Assert.Equal(new string('n', 200), Accepted(Valid() with { Name = new string('n', 200) }).Name);
    }

    [Theory]
    [InlineData("La D\u0000fense")]
    [InlineData("Lyon\nPart-Dieu")]
    [InlineData("Lyon\tPart-Dieu")]
    [InlineData("Lyon\u001bPart-Dieu")]
    public void A_name_or_venue_with_a_control_character_is_refused(string text)
    {
        AssertInvalid(Valid() with { Name = text, Venue = text }, "name", "venue");
        AssertInvalid(WithPartner(new PartnerRequest("acme", text, 12)), "partners[0].name");
    }

    [Fact]
    public void A_blank_venue_is_refused() => AssertInvalid(Valid() with { Venue = " " }, "venue");

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(-7)]
    public void Hours_per_volunteer_outside_1_to_24_are_refused(int hours)
    {
        var failed = AssertInvalid(Valid() with { HoursPerVolunteer = hours }, "hoursPerVolunteer");

        Assert.Equal(["'hoursPerVolunteer' must be between 1 and 24."], failed.Errors["hoursPerVolunteer"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    public void Hours_per_volunteer_from_1_to_24_are_accepted(int hours) =>
        Assert.Equal(hours, Accepted(Valid() with { HoursPerVolunteer = hours }).HoursPerVolunteer);

    [Theory]
    [InlineData("-0.01")]
    [InlineData("10000.01")]
    public void An_hourly_value_outside_0_to_10000_is_refused(string value) =>
        AssertInvalid(Valid() with { HourlyValueEur = decimal.Parse(value, CultureInfo.InvariantCulture) }, "hourlyValueEur");

    [Theory]
    [InlineData("0")]
    [InlineData("10000")]
    public void An_hourly_value_from_0_to_10000_is_accepted(string value)
    {
        var hourlyValue = decimal.Parse(value, CultureInfo.InvariantCulture);
        Assert.Equal(hourlyValue, Accepted(Valid() with { HourlyValueEur = hourlyValue }).HourlyValueEur);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Max_same_company_per_team_outside_1_to_50_is_refused(int max) =>
        AssertInvalid(Valid() with { MaxSameCompanyPerTeam = max }, "maxSameCompanyPerTeam");

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void Max_same_company_per_team_from_1_to_50_is_accepted(int max) =>
        Assert.Equal(max, Accepted(Valid() with { MaxSameCompanyPerTeam = max }).MaxSameCompanyPerTeam);

    [Fact]
    public void All_field_errors_are_reported_at_once() =>
        AssertInvalid(Valid() with { Name = null, HoursPerVolunteer = 0, Partners = [new PartnerRequest("acme", "Acme Corp", 0)] },
            "name", "hoursPerVolunteer", "partners[0].quota");

    [Fact]
    public void A_null_partner_entry_is_refused()
    {
        var failed = AssertInvalid(WithPartner(null), "partners[0]");

        Assert.Equal(["A partner entry cannot be null."], failed.Errors["partners[0]"]);
    }

    [Fact]
    public void A_partner_entry_without_fields_names_each_of_them_once()
    {
        var failed = AssertInvalid(WithPartner(new PartnerRequest(null, null, null)), "partners[0].partnerId", "partners[0].name", "partners[0].quota");

        Assert.Equal(["'partners[0].quota' is required."], failed.Errors["partners[0].quota"]);
        Assert.Equal(["'partners[0].partnerId' is required."], failed.Errors["partners[0].partnerId"]);
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme corp")]
    [InlineData("acme_corp")]
    [InlineData("acmé")]
    [InlineData("acme.fr")]
    public void A_partner_id_that_is_not_a_slug_is_refused(string partnerId) =>
        AssertInvalid(WithPartner(new PartnerRequest(partnerId, "Acme Corp", 12)), "partners[0].partnerId");

    [Fact]
    public void A_partner_id_longer_than_64_characters_is_refused()
    {
        AssertInvalid(WithPartner(new PartnerRequest(new string('a', 65), "Acme Corp", 12)), "partners[0].partnerId");
        Assert.Equal(new string('a', 64), Assert.Single(Accepted(WithPartner(new PartnerRequest(new string('a', 64), "Acme Corp", 12))).Partners).PartnerId);
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("acme-2")]
    [InlineData("9lives")]
    [InlineData("a")]
    public void A_slug_partner_id_is_accepted(string partnerId) =>
        Assert.Equal(partnerId, Assert.Single(Accepted(WithPartner(new PartnerRequest(partnerId, "Acme Corp", 12))).Partners).PartnerId);

    [Fact]
    public void A_partner_without_a_name_is_refused() =>
        AssertInvalid(WithPartner(new PartnerRequest("acme", " ", 12)), "partners[0].name");

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void A_quota_outside_1_to_10000_is_refused(int quota) =>
        AssertInvalid(WithPartner(new PartnerRequest("acme", "Acme Corp", quota)), "partners[0].quota");

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public void A_quota_from_1_to_10000_is_accepted(int quota) =>
        Assert.Equal(quota, Assert.Single(Accepted(WithPartner(new PartnerRequest("acme", "Acme Corp", quota))).Partners).Quota);

    [Fact]
    public void A_partner_listed_twice_is_refused_at_its_second_entry()
    {
        var failed = AssertInvalid(
            Valid() with { Partners = [new PartnerRequest("acme", "Acme Corp", 12), new PartnerRequest("globex", "Globex", 8), new PartnerRequest("acme", "Acme", 3)] },
            "partners[2].partnerId");

        Assert.Contains("acme", Assert.Single(failed.Errors["partners[2].partnerId"]), StringComparison.Ordinal);
    }
}
