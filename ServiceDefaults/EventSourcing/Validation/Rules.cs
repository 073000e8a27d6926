using FluentValidation;
using FluentValidation.Validators;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// The rules API.md sets for every service's input. Each message names the field as the caller wrote it
/// (<c>'name' is required.</c>), and each rule reports one problem per field, the first it finds.
/// </summary>
public static class Rules
{
    public const string RequiredMessage = "'{PropertyPath}' is required.";

    /// <summary>Present (for strings: not <c>null</c>; blank strings are for the text rules to refuse).</summary>
    public static IRuleBuilderOptions<T, TProperty> Required<T, TProperty>(this IRuleBuilder<T, TProperty> rule) =>
        rule.NotNull().WithMessage(RequiredMessage);

    /// <summary>Within <paramref name="from"/>..<paramref name="to"/>, both included; absent passes (pair with <see cref="Required{T,TProperty}"/>).</summary>
    public static IRuleBuilderOptions<T, TValue?> Between<T, TValue>(this IRuleBuilder<T, TValue?> rule, TValue from, TValue to)
        where TValue : struct, IComparable<TValue>, IComparable =>
        rule.InclusiveBetween(from, to).WithMessage("'{PropertyPath}' must be between {From} and {To}.");

    /// <summary>A slug as <see cref="Slugs.IsValid"/> says: 1-64 lower-case letters, digits or '-', starting with a letter or digit.</summary>
    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.SetValidator(new TextRule<T>(nameof(Slug), value =>
            string.IsNullOrEmpty(value) ? "is required."
            : Slugs.IsValid(value) ? null
            : "must be a slug: 1-64 lower-case letters, digits or '-', starting with a letter or digit."));

    /// <summary>
    /// A name, a title, a place: not blank, at most <paramref name="maxLength"/> characters, and no control character at
    /// all (C0, DEL or C1: PostgreSQL refuses NUL, and a line break has no place in a name).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> SingleLineText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.SetValidator(new TextRule<T>(nameof(SingleLineText), value =>
            Text(value, maxLength) ?? (value!.Any(char.IsControl) ? "must be a single line without control characters." : null)));

    /// <summary>A description or a comment: as <see cref="SingleLineText{T}"/>, but tabs and line breaks are allowed.</summary>
    public static IRuleBuilderOptions<T, string?> MultiLineText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.SetValidator(new TextRule<T>(nameof(MultiLineText), value =>
            Text(value, maxLength) ?? (value!.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
                ? "must not contain control characters other than tabs and line breaks."
                : null)));

    /// <summary>
    /// One of the <paramref name="known"/> values (a closed vocabulary of API.md), compared exactly once the surrounding
    /// spaces are trimmed (as the commands store it).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlySet<string> known)
    {
        var listed = string.Join(", ", known.Order(StringComparer.Ordinal));
        return rule.SetValidator(new TextRule<T>(nameof(OneOf), value =>
            value is null ? "is required."
            : known.Contains(value.Trim()) ? null
            : $"must be one of: {listed}."));
    }

    /// <summary>
    /// A required e-mail address as <see cref="EmailAddresses.IsValid"/> says (API.md's one rule: the bare address, no
    /// display name, no control or line-separator character, no IP-literal domain), surrounding spaces trimmed, in one
    /// rule so that a blank address is "required" only.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule, int maxLength = EmailAddresses.MaxLength) =>
        rule.SetValidator(new TextRule<T>(nameof(Email), value =>
            Text(value, maxLength)
            ?? (value!.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029') ? "must be a single line without control characters."
            : EmailAddresses.IsValid(value!.Trim()) ? null
            : EmailAddresses.Expected)));

    /// <summary>A French company number (SIREN): exactly 9 digits whose Luhn checksum is right (the last digit is the key).</summary>
    public static IRuleBuilderOptions<T, string?> Siren<T>(this IRuleBuilder<T, string?> rule) =>
        rule.SetValidator(new TextRule<T>(nameof(Siren), value =>
            string.IsNullOrWhiteSpace(value) ? "is required."
            : Sirens.IsValid(value.Trim()) ? null
            : "must be a SIREN: 9 digits with a valid check digit (Luhn), such as 552081317."));

    /// <summary>A French association number (RNA): <c>W</c> followed by 9 digits, such as W751234567.</summary>
    public static IRuleBuilderOptions<T, string?> Rna<T>(this IRuleBuilder<T, string?> rule) =>
        rule.SetValidator(new TextRule<T>(nameof(Rna), value =>
            string.IsNullOrWhiteSpace(value) ? "is required."
            : value.Trim() is { Length: 10 } rna && rna[0] == 'W' && rna[1..].All(char.IsAsciiDigit) ? null
            : "must be an RNA number: W followed by 9 digits, such as W751234567."));

    private static string? Text(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? "is required."
        : value.Length > maxLength ? $"must be at most {maxLength} characters."
        : null;

    /// <summary>One check whose message depends on what is wrong: <c>problem</c> answers null when the value is fine.</summary>
    private sealed class TextRule<T>(string name, Func<string?, string?> problem) : PropertyValidator<T, string?>
    {
        public override string Name => name;

        public override bool IsValid(ValidationContext<T> context, string? value)
        {
            if (problem(value) is not { } what)
            {
                return true;
            }
            context.MessageFormatter.AppendArgument("Problem", what);
            return false;
        }

        protected override string GetDefaultMessageTemplate(string errorCode) => "'{PropertyPath}' {Problem}";
    }
}
