using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Registering;
using ProBono.ServiceDefaults.Problems;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>How <see cref="RegisterVolunteerSlice.ToCommand"/> turns the body into a command, or a 400.</summary>
public class RegisterVolunteerRequestTests
{
    private static RegisterVolunteerRequest Valid() => new(
        null, "E-001", "Ada", "Lovelace", "ada@acme.example", ["finance", "data"], true, ["education", "health"], 60m);

    private static RegisterVolunteer AsPartner(RegisterVolunteerRequest? request) => RegisterVolunteerSlice.ToCommand(request, MarathonId, PartnerId, Now);

    private static ValidationFailed AssertInvalid(RegisterVolunteerRequest? request, params string[] fields)
    {
        var failed = Assert.Throws<ValidationFailed>(() => AsPartner(request));
        Assert.Equal(fields.Order(StringComparer.Ordinal), failed.Errors.Keys.Order(StringComparer.Ordinal));
        return failed;
    }

    [Fact]
    public void A_valid_request_becomes_the_command()
    {
        var command = AsPartner(Valid() with { FirstName = " Ada ", Email = " ada@acme.example " });

        Assert.Equivalent(
            new RegisterVolunteer(MarathonId, PartnerId, "E-001",
                new VolunteerProfile("Ada", ["finance", "data"], true, ["education", "health"], 60m), "Lovelace", "ada@acme.example", Now),
            command, strict: true);
    }

    [Fact]
    public void A_missing_body_is_refused() => AssertInvalid(null, "body");

    [Fact]
    public void An_empty_body_names_every_required_field() =>
        AssertInvalid(new RegisterVolunteerRequest(null, null, null, null, null, null, null, null, null),
            "employeeRef", "firstName", "lastName", "email", "skills", "leadCapable", "causePreferences");

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("ada@")]
    [InlineData("@acme.example")]
    [InlineData("ada@localhost")]
    [InlineData("Ada <ada@acme.example>")]
    [InlineData("ada lovelace@acme.example")]
    public void A_bad_email_is_refused(string email) => AssertInvalid(Valid() with { Email = email }, "email");

    [Fact]
    public void An_unknown_skill_is_refused_at_its_index()
    {
        var failed = AssertInvalid(Valid() with { Skills = ["finance", "juggling"] }, "skills[1]");
        Assert.Contains("juggling", Assert.Single(failed.Errors["skills[1]"]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_cause_is_refused_at_its_index() =>
        AssertInvalid(Valid() with { CausePreferences = ["animals"] }, "causePreferences[0]");

    [Fact]
    public void Skills_are_matched_exactly() => AssertInvalid(Valid() with { Skills = ["Finance"] }, "skills[0]");

    [Fact]
    public void No_skill_at_all_is_refused() => AssertInvalid(Valid() with { Skills = [] }, "skills");

    [Fact]
    public void No_cause_preference_is_allowed() => Assert.Empty(AsPartner(Valid() with { CausePreferences = [] }).Profile.CausePreferences);

    [Fact]
    public void Every_skill_and_cause_of_the_api_is_accepted()
    {
        var command = AsPartner(Valid() with { Skills = [.. Vocabulary.Skills], CausePreferences = [.. Vocabulary.Causes] });

        Assert.Equal(13, command.Profile.Skills.Count);
        Assert.Equal(9, command.Profile.CausePreferences.Count);
    }

    [Fact]
    public void A_negative_hourly_cost_is_refused() => AssertInvalid(Valid() with { HourlyCostEur = -1m }, "hourlyCostEur");

    [Fact]
    public void The_hourly_cost_is_optional() => Assert.Null(AsPartner(Valid() with { HourlyCostEur = null }).Profile.HourlyCostEur);

    [Fact]
    public void Staff_must_name_the_partner()
    {
        var failed = Assert.Throws<ValidationFailed>(() => RegisterVolunteerSlice.ToCommand(Valid(), MarathonId, null, Now));
        Assert.Equal(["partnerId"], failed.Errors.Keys);

        Assert.Equal("globex", RegisterVolunteerSlice.ToCommand(Valid() with { PartnerId = "globex" }, MarathonId, null, Now).PartnerId);
    }

    [Fact]
    public void A_partner_cannot_register_for_another_partner()
    {
        Assert.Throws<Forbidden>(() => AsPartner(Valid() with { PartnerId = "globex" }));
        Assert.Equal(PartnerId, AsPartner(Valid() with { PartnerId = PartnerId }).PartnerId);
    }
}
