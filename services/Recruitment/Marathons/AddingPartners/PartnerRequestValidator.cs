using FluentValidation;
using ProBono.Recruitment.Marathons.Scheduling;

namespace ProBono.Recruitment.Marathons.AddingPartners;

/// <summary>A partner entry, alone (adding a partner) or in a marathon's list (scheduling).</summary>
internal sealed class PartnerRequestValidator : AbstractValidator<PartnerRequest>
{
    public PartnerRequestValidator()
    {
        RuleFor(p => p.PartnerId).Slug();
        RuleFor(p => p.Name).SingleLineText(200);
        RuleFor(p => p.Quota).Required().Between(1, 10_000);
        Include(new PartnerDetailsValidator());
    }
}
