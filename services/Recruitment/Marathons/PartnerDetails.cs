using FluentValidation;

namespace ProBono.Recruitment.Marathons;

/// <summary>A partner's contact and legal data as a request carries them (scheduling, adding or changing a partner); all optional.</summary>
internal interface IPartnerDetails
{
    string? ContactEmail { get; }
    string? LegalName { get; }
    string? Siren { get; }
    string? Address { get; }
}

/// <summary>What a partner's contact and legal data must be when given; a blank one is no value.</summary>
internal sealed class PartnerDetailsValidator : AbstractValidator<IPartnerDetails>
{
    public PartnerDetailsValidator()
    {
        RuleFor(p => p.ContactEmail).Email().When(p => !string.IsNullOrWhiteSpace(p.ContactEmail));
        RuleFor(p => p.LegalName).SingleLineText(200).When(p => !string.IsNullOrWhiteSpace(p.LegalName));
        RuleFor(p => p.Siren).Siren().When(p => !string.IsNullOrWhiteSpace(p.Siren));
        // a postal address spans lines
        RuleFor(p => p.Address).MultiLineText(500).When(p => !string.IsNullOrWhiteSpace(p.Address));
    }
}
