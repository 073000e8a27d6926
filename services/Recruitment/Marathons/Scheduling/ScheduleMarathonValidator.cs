using FluentValidation;
using ProBono.Recruitment.Marathons.AddingPartners;

namespace ProBono.Recruitment.Marathons.Scheduling;

/// <summary>The body of scheduling; the rules of the day (a date in the past, a deadline after the date) are the decider's.</summary>
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
        RuleFor(r => r.CorrectionDays).Between(0, 365);
        RuleFor(r => r.SurveyDays).Between(1, 365);
        // a null entry is refused by NotNull; the partner validator skips it (hence the `!`)
        RuleForEach(r => r.Partners).NotNull().WithMessage("A partner entry cannot be null.").SetValidator(new PartnerRequestValidator()!);
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
