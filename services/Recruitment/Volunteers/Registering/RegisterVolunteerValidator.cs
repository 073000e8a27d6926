using FluentValidation;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.Recruitment.Volunteers.Registering;

/// <summary>What a registration must hold; the bulk import checks each row with it too.</summary>
internal sealed class RegisterVolunteerValidator : AbstractValidator<RegisterVolunteerRequest>
{
    public RegisterVolunteerValidator()
    {
        RuleFor(r => r.PartnerId).Slug().When(r => r.PartnerId is not null);
        RuleFor(r => r.PartnerId).NotEmpty().WithMessage("'partnerId' is required when staff register a volunteer.")
            .When((_, context) => context.Caller()?.IsStaff() == true);
        RuleFor(r => r.EmployeeRef).SingleLineText(100);
        RuleFor(r => r.FirstName).SingleLineText(100);
        RuleFor(r => r.LastName).SingleLineText(100);
        // API.md's one rule for e-mail addresses, shared by every service
        RuleFor(r => r.Email).Email();
        RuleFor(r => r.Skills).Cascade(CascadeMode.Stop).NotNull().WithMessage("'skills' is required.")
            .Must(s => s is not { Count: 0 }).WithMessage("'skills' must name at least one skill.");
        RuleForEach(r => r.Skills).OneOf(Vocabulary.Skills);
        RuleFor(r => r.LeadCapable).Required();
        RuleFor(r => r.CausePreferences).NotNull().WithMessage("'causePreferences' is required (it may be empty).");
        RuleForEach(r => r.CausePreferences).OneOf(Vocabulary.Causes);
        RuleFor(r => r.HourlyCostEur).Between(0m, 10_000m);
        RuleFor(r => r.AnnualCostEur).Between(0m, 10_000_000m);
        RuleFor(r => r.Language).OneOf(VolunteerProfile.Languages).When(r => !string.IsNullOrWhiteSpace(r.Language));
        RuleFor(r => r.Source).Slug().When(r => r.Source is not null);
    }
}
