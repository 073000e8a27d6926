using FluentValidation;

namespace ProBono.Needs.Associations;

/// <summary>What an association's receipt for a donation of skills names, as a request carries it; all optional.</summary>
internal interface IAssociationLegalData
{
    string? Address { get; }
    string? Rna { get; }
    string? Siren { get; }
}

/// <summary>An association's address, RNA and SIREN when given; a blank one is no value.</summary>
internal sealed class AssociationLegalDataValidator : AbstractValidator<IAssociationLegalData>
{
    public AssociationLegalDataValidator()
    {
        // a postal address spans lines
        RuleFor(a => a.Address).MultiLineText(500).When(a => !string.IsNullOrWhiteSpace(a.Address));
        RuleFor(a => a.Rna).Rna().When(a => !string.IsNullOrWhiteSpace(a.Rna));
        RuleFor(a => a.Siren).Siren().When(a => !string.IsNullOrWhiteSpace(a.Siren));
    }
}
