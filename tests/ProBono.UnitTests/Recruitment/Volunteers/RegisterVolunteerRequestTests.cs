using System.Security.Claims;
using ProBono.Contracts;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Registering;
using ProBono.ServiceDefaults.EventSourcing;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>What <see cref="RegisterVolunteerValidator"/> refuses (400, per field), and the command a valid request becomes.</summary>
public class RegisterVolunteerRequestTests
{
    private static readonly RegisterVolunteerValidator Validator = new();

    public RegisterVolunteerRequestTests() => RequestValidation.UseApiConventions();

    private static RegisterVolunteerRequest Valid() => new(
        null, "E-001", "Ada", "Lovelace", "ada@acme.example", ["finance", "data"], true, ["education", "health"], 60m);

    private static RegisterVolunteer AsPartner(RegisterVolunteerRequest request)
    {
        Assert.True(Validator.Validate(request).IsValid);
        return RegisterVolunteer.From(request, MarathonId, PartnerId, "0123456789AB", Now);
    }

    private static IDictionary<string, string[]> AssertInvalid(RegisterVolunteerRequest request, params string[] fields)
    {
        var errors = Validator.Validate(request).ToDictionary();
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
        return errors;
    }

    private static ClaimsPrincipal Caller(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", "sub", "role"));

    [Fact]
    public void A_valid_request_becomes_the_command()
    {
        var command = AsPartner(Valid() with { FirstName = " Ada ", Email = " ada@acme.example " });

        Assert.Equivalent(
            new RegisterVolunteer(MarathonId, PartnerId, "E-001",
                new VolunteerProfile("Ada", ["finance", "data"], true, ["education", "health"], 60m), "Lovelace", "ada@acme.example", Volunteer.DirectSource, "0123456789AB", Now),
            command, strict: true);
    }

    [Fact]
    public void The_language_is_french_unless_english_is_asked_and_the_annual_cost_travels_with_the_profile()
    {
        Assert.Equal(("fr", (decimal?)null), (AsPartner(Valid()).Profile.Language, AsPartner(Valid()).Profile.AnnualCostEur));
        var english = AsPartner(Valid() with { Language = " en ", AnnualCostEur = 72_000.50m }).Profile;
        Assert.Equal(("en", (decimal?)72_000.50m), (english.Language, english.AnnualCostEur));

        AssertInvalid(Valid() with { Language = "de" }, "language");
        AssertInvalid(Valid() with { Language = "EN" }, "language");
        AssertInvalid(Valid() with { AnnualCostEur = -1m }, "annualCostEur");
        AssertInvalid(Valid() with { AnnualCostEur = 10_000_001m }, "annualCostEur");
    }

    [Fact]
    public void An_empty_body_names_every_required_field() =>
        AssertInvalid(new RegisterVolunteerRequest(null, null, null, null, null, null, null, null, null, null),
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
        var errors = AssertInvalid(Valid() with { Skills = ["finance", "juggling"] }, "skills[1]");
        Assert.Contains("fundraising", Assert.Single(errors["skills[1]"]), StringComparison.Ordinal);
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

    [Theory]
    [InlineData("Ada\0")]
    [InlineData("Ada\nLovelace")]
    [InlineData("Ada\u0007")]
    public void Control_characters_are_refused_in_names(string firstName) => AssertInvalid(Valid() with { FirstName = firstName }, "firstName");

    [Theory]
    [InlineData("visual-12", null)]
    [InlineData("Visual 12", "source")]
    [InlineData("", "source")]
    public void A_source_is_a_campaign_slug(string source, string? refused)
    {
        var request = Valid() with { Source = source };
        if (refused is null)
        {
            Assert.Equal(source, AsPartner(request).Source);
        }
        else
        {
            AssertInvalid(request, refused);
        }
    }

    [Fact]
    public void Without_a_source_the_registration_came_directly() => Assert.Equal("direct", AsPartner(Valid()).Source);

    [Fact]
    public void Staff_must_name_the_partner_and_the_validator_says_so_with_the_other_fields()
    {
        var staff = Caller(("sub", "s1"), ("role", "staff"));
        var errors = Validator.Validate(RequestValidation.ForCaller(Valid() with { Email = "no" }, staff)).ToDictionary();
        Assert.Equal(["email", "partnerId"], errors.Keys.Order(StringComparer.Ordinal));

        var partner = Caller(("sub", "p1"), ("role", "partner"), ("partner_id", PartnerId));
        Assert.True(Validator.Validate(RequestValidation.ForCaller(Valid(), partner)).IsValid);
    }

    [Fact]
    public void Staff_must_name_the_partner()
    {
        var staff = Caller(("sub", "s1"), ("role", "staff"));
        var (none, problem) = staff.PartnerOf(null);
        Assert.Null(none);
        Assert.Equal(["partnerId"], Assert.IsType<ValidationFailed>(problem).Errors.Keys);

        Assert.Equal("globex", staff.PartnerOf("globex").PartnerId);
    }

    [Fact]
    public void A_partner_cannot_register_for_another_partner()
    {
        var partner = Caller(("sub", "p1"), ("role", "partner"), ("partner_id", PartnerId));
        Assert.IsType<Forbidden>(partner.PartnerOf("globex").Problem);
        Assert.Equal(PartnerId, partner.PartnerOf(PartnerId).PartnerId);
        Assert.Equal(PartnerId, partner.PartnerOf(null).PartnerId);
    }
}
