using FluentValidation;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.ServiceDefaults.Validation;

/// <summary>The shared rules every service's validators use, and the names and messages of what they refuse.</summary>
public class RulesTests
{
    internal sealed record Line(string? Text);

    internal sealed record Form(string? Title, string? Notes, string? Slug, string? Skill, string? Email, int? Count, IReadOnlyList<Line?>? Lines);

    private static readonly IReadOnlySet<string> Colours = new HashSet<string>(StringComparer.Ordinal) { "red", "blue" };

    private sealed class FormValidator : AbstractValidator<Form>
    {
        public FormValidator()
        {
            RuleFor(f => f.Title).SingleLineText(10);
            RuleFor(f => f.Notes).MultiLineText(20).When(f => f.Notes is not null);
            RuleFor(f => f.Slug).Slug();
            RuleFor(f => f.Skill).OneOf(Colours);
            RuleFor(f => f.Email).Email();
            RuleFor(f => f.Count).Required().Between(1, 9);
            RuleForEach(f => f.Lines).NotNull().ChildRules(line => line.RuleFor(l => l!.Text).SingleLineText(5));
        }
    }

    public RulesTests() => RequestValidation.UseApiConventions();

    private static Form Valid() => new("Title", "two\r\nlines\tand a tab", "a-slug", "red", "someone@example.org", 3, [new Line("ok")]);

    private static IDictionary<string, string[]> Errors(Form form)
    {
        var result = new FormValidator().Validate(form);
        return result.IsValid ? new Dictionary<string, string[]>() : result.ToValidationFailed().Errors;
    }

    [Fact]
    public void A_valid_form_passes() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void A_valid_result_is_no_failure() =>
        Assert.Throws<InvalidOperationException>(() => new FormValidator().Validate(Valid()).ToValidationFailed());

    [Fact]
    public void Each_field_is_named_in_camel_case_with_one_message_naming_it()
    {
        var errors = Errors(new Form(null, null, null, null, null, null, null));

        Assert.Equal(["count", "email", "skill", "slug", "title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'title' is required."], errors["title"]);
        Assert.Equal(["'count' is required."], errors["count"]);
        Assert.Equal(["'email' is required."], errors["email"]);
    }

    [Fact]
    public void Items_of_a_list_are_named_by_their_path()
    {
        var errors = Errors(Valid() with { Lines = [new Line("ok"), null, new Line("too long")] });

        Assert.Equal(["lines[1]", "lines[2].text"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'lines[2].text' must be at most 5 characters."], errors["lines[2].text"]);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\t")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    public void Single_line_text_refuses_every_control_character(string control)
    {
        var errors = Errors(Valid() with { Title = $"a{control}b" });

        Assert.Equal(["'title' must be a single line without control characters."], errors["title"]);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b")]
    public void Multi_line_text_refuses_control_characters_other_than_tabs_and_line_breaks(string control) =>
        Assert.Equal(["notes"], Errors(Valid() with { Notes = $"a{control}b" }).Keys);

    [Fact]
    public void Text_longer_than_its_limit_is_refused()
    {
        Assert.Equal(["'title' must be at most 10 characters."], Errors(Valid() with { Title = new string('t', 11) })["title"]);
        Assert.Empty(Errors(Valid() with { Title = new string('t', 10) }));
    }

    [Theory]
    [InlineData("A-slug")]
    [InlineData("-slug")]
    [InlineData("a_slug")]
    [InlineData("")]
    public void A_slug_follows_the_slug_rule(string slug) =>
        Assert.Equal(Slugs.IsValid(slug) ? [] : ["slug"], Errors(Valid() with { Slug = slug }).Keys);

    [Fact]
    public void One_of_lists_the_allowed_values()
    {
        var errors = Errors(Valid() with { Skill = "Red" });

        Assert.Equal(["'skill' must be one of: blue, red."], errors["skill"]);
        Assert.Empty(Errors(Valid() with { Skill = " blue " }));
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("@example.org")]
    [InlineData("someone@")]
    public void An_email_address_needs_one_at_sign_between_two_parts(string email) =>
        Assert.Equal(["'email' must be an e-mail address such as name@example.com."], Errors(Valid() with { Email = email })["email"]);

    [Theory]
    [InlineData("ada@acme.example")]
    [InlineData("ada.lovelace+marathon@mail.acme-corp.example")]
    [InlineData("  ada@acme.example  ")]
    [InlineData("aurélie@société.example")]
    public void A_bare_address_is_an_email_address(string email) => Assert.Empty(Errors(Valid() with { Email = email }));

    [Theory]
    [InlineData("Ada <ada@acme.example>")]
    [InlineData("<ada@acme.example>")]
    [InlineData("\"Ada\" ada@acme.example")]
    [InlineData("ada@acme.example (Ada)")]
    [InlineData("ada lovelace@acme.example")]
    [InlineData("ada@[10.0.0.1]")]
    [InlineData("ada@[IPv6:::1]")]
    [InlineData("ada@10.0.0.1")]
    [InlineData("ada@localhost")]
    [InlineData("ada@acme..example")]
    [InlineData("ada@.acme.example")]
    [InlineData("ada@acme.example.")]
    [InlineData("ada@acme.example,bob@acme.example")]
    [InlineData("ada@acme.example\u2028Bcc: bob@acme.example")]
    [InlineData("ada@acme.example\u2029")]
    public void An_address_with_a_name_brackets_an_ip_literal_or_a_line_separator_is_refused(string email)
    {
        var errors = Errors(Valid() with { Email = email });

        Assert.Equal(["email"], errors.Keys);
        Assert.False(EmailAddresses.IsValid(email));
    }

    [Theory]
    [InlineData("ada@acme.example\r\nBcc: bob@acme.example")]
    [InlineData("ada@acme.example\u0085")]
    [InlineData("ada\u0000@acme.example")]
    public void An_address_with_a_control_character_is_refused_as_such(string email) =>
        Assert.Equal(["'email' must be a single line without control characters."], Errors(Valid() with { Email = email })["email"]);

    [Fact]
    public void An_address_longer_than_254_characters_is_refused() =>
        Assert.False(EmailAddresses.IsValid($"{new string('a', 60)}@{new string('b', 190)}.example"));

    [Theory]
    [InlineData("552081317", true)] // EDF
    [InlineData("542051180", true)] // TotalEnergies
    [InlineData("356000000", true)] // La Poste
    [InlineData("552081318", false)]
    [InlineData("55208131", false)]
    [InlineData("5520813170", false)]
    [InlineData("552 081 317", false)]
    [InlineData("55208131a", false)]
    [InlineData("５52081317", false)]
    public void A_siren_is_nine_digits_with_a_luhn_key(string siren, bool valid) => Assert.Equal(valid, Sirens.IsValid(siren));

    private sealed record Company(string? Siren);

    private sealed class CompanyValidator : AbstractValidator<Company>
    {
        public CompanyValidator() => RuleFor(c => c.Siren).Siren();
    }

    [Fact]
    public void The_siren_rule_names_the_field_and_what_a_siren_is()
    {
        var result = new CompanyValidator().Validate(new Company("552081318"));

        Assert.Equal(["'siren' must be a SIREN: 9 digits with a valid check digit (Luhn), such as 552081317."], result.ToValidationFailed().Errors["siren"]);
        Assert.True(new CompanyValidator().Validate(new Company(" 552081317 ")).IsValid);
    }

    [Fact]
    public void A_number_out_of_range_names_the_range() =>
        Assert.Equal(["'count' must be between 1 and 9."], Errors(Valid() with { Count = 10 })["count"]);
}
