using System.Globalization;
using ProBono.Feedback.Copies;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// The tax pack of API.md, computed from Feedback's copies, the names Recruitment gave and <see cref="TaxSettings"/>. Pure.
/// Amounts round half away from zero (<see cref="MidpointRounding.AwayFromZero"/>): a cent is rounded as an accountant
/// and the tax office round by hand, not to even.
/// </summary>
internal static class TaxPackValuation
{
    public const decimal ReductionRate = 0.60m;

    /// <summary>Pay plus charges count up to this many PASS a year (CGI art. 238 bis).</summary>
    public const int PassesCap = 3;

    /// <summary>The volunteers whose names the pack prints: the partner's checked-in volunteers (counted, or named in a warning).</summary>
    public static IReadOnlyList<Guid> Named(TakeHomeSources sources, string partnerId) =>
        [.. sources.Report.Volunteers.Where(v => v.PartnerId == partnerId && v.CheckedIn).Select(v => v.Id)];

    public static TaxPack Value(TakeHomeSources sources, string partnerId, IReadOnlyDictionary<Guid, string> names, TaxSettings settings)
    {
        var (marathonName, date) = sources.Named;
        var marathon = sources.Marathon;
        var (pass, passYear, provisional) = settings.PassOf(date.Year);
        var cap = Cents(PassesCap * pass / settings.AnnualHours);
        var warnings = new List<string>();
        string NameOf(Guid id) => names.GetValueOrDefault(id) ?? RecruitmentNames.Placeholder;

        var partner = marathon.Partners.FirstOrDefault(p => p.PartnerId == partnerId);
        Missing(warnings, partner?.LegalName, "The partner's legal name (legalName) is missing: the association's receipt needs it.");
        Missing(warnings, partner?.Siren, "The partner's SIREN (siren) is missing: the association's receipt needs it.");
        Missing(warnings, partner?.Address, "The partner's address (address) is missing: the association's receipt needs it.");
        if (provisional)
        {
            warnings.Add($"No PASS is set for {date.Year} (setting Tax:Pass:{date.Year}): the {passYear} PASS of {Euros(pass)} is used, " +
                "so the cap and the figures are provisional.");
        }

        var teamOf = sources.TeamOfVolunteer();
        var needs = sources.NeedsById();
        var counted = new List<(Guid AssociationId, NeedForImpact Need, TaxPackVolunteer Line)>();
        var atMarathonValue = new List<string>();
        var checkInUnknown = new List<string>();
        foreach (var volunteer in sources.Report.Volunteers.Where(v => v.PartnerId == partnerId && v.CheckedIn))
        {
            if (teamOf.GetValueOrDefault(volunteer.Id) is not { } team)
            {
                warnings.Add($"{NameOf(volunteer.Id)} checked in but is on no team: not counted.");
                continue;
            }
            if (needs.GetValueOrDefault(team.NeedId) is not { } need)
            {
                warnings.Add($"{NameOf(volunteer.Id)} is on a team whose need Feedback has not heard of yet: not counted for now.");
                continue;
            }
            var line = Volunteer(volunteer, NameOf(volunteer.Id), marathon.HoursPerVolunteer, marathon.HourlyValueEur, cap, settings.AnnualHours,
                volunteer.CheckedInAt ?? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            if (line.Basis == CostBases.MarathonDefault)
            {
                atMarathonValue.Add(line.Name);
            }
            if (volunteer.CheckedInAt is null)
            {
                checkInUnknown.Add(line.Name);
            }
            counted.Add((need.AssociationId, need, line));
        }
        if (atMarathonValue.Count > 0)
        {
            warnings.Add($"No annual or hourly cost is declared for {Listed(atMarathonValue)}: valued at the marathon's hourly value of " +
                $"{Euros(marathon.HourlyValueEur)}, which is not a cost price. Declare their cost (annualCostEur) for the receipt.");
        }
        if (checkInUnknown.Count > 0)
        {
            warnings.Add($"The check-in time of {Listed(checkInUnknown)} was recorded before Feedback kept it: the marathon's date stands for it.");
        }

        var lines = new List<TaxPackLine>();
        foreach (var association in counted.GroupBy(c => c.AssociationId))
        {
            var copy = sources.Associations.GetValueOrDefault(association.Key);
            var name = sources.AssociationName(association.Key);
            var volunteers = association.Select(c => c.Line).OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.VolunteerId).ToList();
            var titles = association.Select(c => c.Need.Title).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            lines.Add(new TaxPackLine(association.Key, name, copy?.Rna, copy?.Siren, copy?.Address, titles.Count > 0 ? string.Join(" / ", titles) : null,
                volunteers.Sum(v => v.Hours), volunteers.Sum(v => v.ValueEur), volunteers));
            var called = name ?? association.Key.ToString();
            if (copy?.Rna is null && copy?.Siren is null)
            {
                warnings.Add($"{called}: its RNA or SIREN (rna, siren) is missing: its receipt needs one.");
            }
            Missing(warnings, copy?.Address, $"{called}: its address (address) is missing: its receipt needs it.");
        }
        lines = [.. lines.OrderBy(l => l.AssociationName is null).ThenBy(l => l.AssociationName, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.AssociationId)];

        var total = lines.Sum(l => l.ValueEur);
        warnings.Add("The reduction is limited to 20,000 € or 5 ‰ of the company's turnover excluding tax, whichever is higher; " +
            "the excess carries over to the next five years. The company applies this limit.");
        warnings.Add("Above 2 M€ of donations in a year, the rate falls from 60 % to 40 % on the part above 2 M€. The company applies this rate.");
        return new TaxPack(partnerId, partner?.LegalName, partner?.Siren, partner?.Address, marathon.Id, marathonName, date, date.Year, pass, provisional,
            cap, lines, total, new TaxReduction(ReductionRate, Cents(ReductionRate * total)), warnings);
    }

    /// <summary>
    /// One volunteer's valuation: the cost price per hour (annual cost ÷ annual hours, else the declared hourly cost, else
    /// the marathon's hourly value), capped at <paramref name="cap"/>; its value = hours × the capped cost, the cost unrounded.
    /// </summary>
    public static TaxPackVolunteer Volunteer(
        VolunteerForImpact volunteer, string name, int hours, decimal marathonHourlyValue, decimal cap, int annualHours, DateTimeOffset checkedInAt)
    {
        var (cost, basis) = volunteer switch
        {
            { AnnualCostEur: { } annual and > 0 } => (annual / annualHours, CostBases.AnnualCost),
            { HourlyCostEur: { } hourly } => (hourly, CostBases.HourlyCost),
            _ => (marathonHourlyValue, CostBases.MarathonDefault),
        };
        var capped = cost > cap;
        return new TaxPackVolunteer(volunteer.Id, name, checkedInAt, hours, Math.Round(cost, 4, MidpointRounding.AwayFromZero), basis, capped,
            Cents(hours * (capped ? cap : cost)));
    }

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static void Missing(List<string> warnings, string? value, string warning)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            warnings.Add(warning);
        }
    }

    private static string Euros(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture) + " €";

    private static string Listed(IReadOnlyList<string> names) => names.Count == 1 ? names[0] : $"{names.Count} volunteers ({string.Join(", ", names)})";
}
