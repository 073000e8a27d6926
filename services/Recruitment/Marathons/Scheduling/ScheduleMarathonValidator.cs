using FluentValidation;
using ProBono.Recruitment.Marathons.AddingPartners;
using ProBono.ServiceDefaults.Problems;
using ProBono.ServiceDefaults.Validation;

namespace ProBono.Recruitment.Marathons.Scheduling;

internal sealed class ScheduleMarathonValidator : AbstractValidator<ScheduleMarathonRequest>
{
    public ScheduleMarathonValidator()
    {
        RuleFor(r => r.Name).SingleLineText(200);
        RuleFor(r => r.Venue).SingleLineText(200);
        RuleFor(r => r.Date).Required();
        RuleFor(r => r.RegistrationDeadline).Required();
        RuleFor(r => r.HoursPerVolunteer).Between(1, 24);
        RuleFor(r => r.HourlyValueEur).Required().Between(0m, 10_000m);
        RuleFor(r => r.MaxSameCompanyPerTeam).Between(1, 50);
        RuleForEach(r => r.Partners).NotNull().WithMessage("A partner entry cannot be null.").SetValidator(new PartnerRequestValidator()!); // null entries stop at NotNull
        RuleFor(r => r.Partners).Custom((partners, context) =>
        {
            // a partner listed twice is refused at its second entry; an invalid id is already refused by its own rule
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (partner, at) in (partners ?? []).Select((p, i) => (p, i)))
            {
                if (partner?.PartnerId is { } id && Slugs.IsValid(id) && !seen.Add(id))
                {
                    context.AddFailure($"partners[{at}].partnerId", $"Partner '{id}' is listed twice.");
                }
            }
        });
    }
}
