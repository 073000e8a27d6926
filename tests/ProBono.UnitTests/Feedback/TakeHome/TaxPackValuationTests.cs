using Microsoft.Extensions.Configuration;
using ProBono.Contracts;
using ProBono.Feedback.Copies;
using ProBono.Feedback.Reports;
using ProBono.Feedback.TakeHome;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>
/// The tax pack against API.md's formulas, each expected figure worked out here by hand (decimal arithmetic written out,
/// and the literal it gives), never with the code's own functions: 3 × PASS ÷ 1,607 h rounded to the cent caps the cost
/// price per hour; a volunteer's value is its hours × the capped cost, the cost unrounded, rounded to the cent.
/// </summary>
public sealed class TaxPackValuationTests
{
    private static readonly Guid MarathonId = new("5f0c8c9e-2d3b-4c1a-9e8f-7a6b5c4d3e2f");
    private static readonly Guid VisagesId = new("a1a1a1a1-0000-4000-8000-000000000001");
    private static readonly Guid AdieId = new("a2a2a2a2-0000-4000-8000-000000000002");
    private static readonly Guid VisagesNeed = new("b1b1b1b1-0000-4000-8000-000000000001");
    private static readonly Guid AdieNeed = new("b2b2b2b2-0000-4000-8000-000000000002");
    private static readonly DateTimeOffset CameAt = new(2026, 11, 16, 8, 42, 0, TimeSpan.FromHours(1));

    private static readonly TaxSettings Settings = new(1607, new Dictionary<int, decimal> { [2025] = 47_100m, [2026] = 48_060m });

    private static readonly MarathonPartner Edf = new("edf", "EDF", 10, "rse@edf.example", "Électricité de France SA", "552081317",
        "22-30 avenue de Wagram\n75008 Paris");

    /// <summary>By hand: 3 × 48,060 = 144,180; ÷ 1,607 = 89.7199751…; to the cent 89.72.</summary>
    private const decimal Cap2026 = 89.72m;

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private sealed record Came(string Name, decimal? AnnualCostEur = null, decimal? HourlyCostEur = null, bool CheckedIn = true, Guid? Need = null, bool OnATeam = true)
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    private static (TakeHomeSources Sources, Dictionary<Guid, string> Names) Marathon(
        IReadOnlyList<Came> volunteers, DateOnly? date = null, MarathonPartner? partner = null, AssociationForImpact? visages = null)
    {
        var marathon = new MarathonForImpact
        {
            Id = MarathonId, Name = "Pro Bono Marathon La Défense", Date = date ?? new DateOnly(2026, 11, 16), Venue = "La Défense",
            HoursPerVolunteer = 7, HourlyValueEur = 80m, Partners = [partner ?? Edf],
            Status = new Latest<string> { Value = MarathonStatuses.Completed, Version = 9 },
        };
        var copies = volunteers.Select(v => new VolunteerForImpact
        {
            Id = v.Id, MarathonId = MarathonId, PartnerId = "edf", PartnerName = "EDF", FirstName = v.Name.Split(' ')[0],
            AnnualCostEur = v.AnnualCostEur, HourlyCostEur = v.HourlyCostEur, CheckedIn = v.CheckedIn, CheckedInAt = v.CheckedIn ? CameAt : null,
            Status = new Latest<string> { Value = VolunteerForImpact.Confirmed, Version = 1 },
        }).ToList();
        var teams = volunteers.Where(v => v.OnATeam).GroupBy(v => v.Need ?? VisagesNeed).Select(g => new TeamForImpact
        {
            Id = Guid.NewGuid(), MarathonId = MarathonId, NeedId = g.Key, Delivered = true,
            Members = new Latest<List<TeamMember>> { Value = [.. g.Select(v => new TeamMember(v.Id, "edf", v.CheckedIn))], Version = 4 },
        }).ToList();
        NeedForImpact[] needs =
        [
            new() { Id = VisagesNeed, MarathonId = MarathonId, AssociationId = VisagesId, AssociationName = "1000 VISAGES", Title = "Une plaquette commerciale" },
            new() { Id = AdieNeed, MarathonId = MarathonId, AssociationId = AdieId, AssociationName = "Adie", Title = "Un plan de financement" },
        ];
        var associations = new Dictionary<Guid, AssociationForImpact>
        {
            [VisagesId] = visages ?? new AssociationForImpact
            {
                Id = VisagesId, Name = "1000 VISAGES", Rna = "W751234567", Address = "12 rue de la Paix\n75002 Paris", Version = 2,
            },
            [AdieId] = new() { Id = AdieId, Name = "Adie", Siren = "352744289", Address = "139 boulevard de Sébastopol\n75002 Paris", Version = 1 },
        };
        var sources = new TakeHomeSources(new ReportSources(marathon, null, copies, teams, needs), associations);
        return (sources, volunteers.ToDictionary(v => v.Id, v => v.Name));
    }

    private static TaxPack Pack(IReadOnlyList<Came> volunteers, DateOnly? date = null, MarathonPartner? partner = null, AssociationForImpact? visages = null)
    {
        var (sources, names) = Marathon(volunteers, date, partner, visages);
        return TaxPackValuation.Value(sources, "edf", names, Settings);
    }

    [Fact]
    public void An_annual_cost_below_the_cap_is_valued_at_its_hourly_cost_price_unrounded()
    {
        var alice = new Came("Alice Martin", AnnualCostEur: 40_100m);

        var pack = Pack([alice]);

        // by hand: 40,100 ÷ 1,607 = 24.9533291848…, below 89.72; 7 h × 24.9533291848… = 174.6733… → 174.67
        // (the cost rounded to the cent first would give 7 × 24.95 = 174.65: the cost is not rounded before it is multiplied)
        Assert.Equal((2026, 48_060m, false, Cap2026), (pack.Year, pack.Pass, pack.Provisional, pack.HourlyCapEur));
        Assert.Equal(Cents(3m * 48_060m / 1607m), pack.HourlyCapEur);
        var line = Assert.Single(Assert.Single(pack.Lines).Volunteers);
        Assert.Equal(new TaxPackVolunteer(alice.Id, "Alice Martin", CameAt, 7, 24.9533m, "annual-cost", false, 174.67m), line);
        Assert.Equal(Cents(7m * (40_100m / 1607m)), line.ValueEur);
        Assert.Equal(174.67m, pack.TotalValueEur);
        // 60 % of 174.67 = 104.802 → 104.80
        Assert.Equal(new TaxReduction(0.60m, 104.80m), pack.Reduction);
    }

    [Fact]
    public void An_annual_cost_above_the_cap_is_capped_and_shows_its_uncapped_cost_to_four_decimals()
    {
        var bruno = new Came("Bruno Petit", AnnualCostEur: 200_000m);

        var line = Assert.Single(Assert.Single(Pack([bruno]).Lines).Volunteers);

        // by hand: 200,000 ÷ 1,607 = 124.45550715…, above 89.72: 7 × 89.72 = 628.04
        Assert.Equal((124.4555m, "annual-cost", true, 628.04m), (line.HourlyCostEur, line.Basis, line.Capped, line.ValueEur));
        Assert.Equal(Cents(7m * Cap2026), line.ValueEur);
    }

    [Fact]
    public void A_declared_hourly_cost_above_the_cap_is_capped_and_halves_of_a_cent_round_up()
    {
        var chloe = new Came("Chloé Durand", HourlyCostEur: 120m);
        var denis = new Came("Denis Roux", HourlyCostEur: 50.715m);

        var pack = Pack([chloe, denis]);

        var lines = Assert.Single(pack.Lines).Volunteers.ToDictionary(v => v.VolunteerId);
        Assert.Equal((120m, "hourly-cost", true, 628.04m), (lines[chloe.Id].HourlyCostEur, lines[chloe.Id].Basis, lines[chloe.Id].Capped, lines[chloe.Id].ValueEur));
        // by hand: 7 × 50.715 = 355.005, half a cent: away from zero 355.01 (to even would say 355.00)
        Assert.Equal((50.715m, "hourly-cost", false, 355.01m), (lines[denis.Id].HourlyCostEur, lines[denis.Id].Basis, lines[denis.Id].Capped, lines[denis.Id].ValueEur));
        // totals are sums of the rounded lines: 628.04 + 355.01 = 983.05; 60 % = 589.83
        Assert.Equal((983.05m, 589.83m), (pack.TotalValueEur, pack.Reduction.EstimatedEur));
        Assert.Equal(14, pack.Lines[0].Hours);
    }

    [Fact]
    public void Without_a_declared_cost_the_marathons_hourly_value_is_used_and_a_warning_says_it_is_not_a_cost_price()
    {
        var emma = new Came("Emma Leroy");

        var pack = Pack([emma]);

        var line = Assert.Single(Assert.Single(pack.Lines).Volunteers);
        // by hand: 7 × 80 = 560.00
        Assert.Equal((80m, "marathon-default", false, 560.00m), (line.HourlyCostEur, line.Basis, line.Capped, line.ValueEur));
        Assert.Contains(pack.Warnings, w => w.Contains("Emma Leroy", StringComparison.Ordinal) && w.Contains("not a cost price", StringComparison.Ordinal));
    }

    [Fact]
    public void A_year_without_a_PASS_uses_the_latest_known_and_says_the_pack_is_provisional_naming_the_setting()
    {
        var alice = new Came("Alice Martin", AnnualCostEur: 200_000m);

        var pack = Pack([alice], date: new DateOnly(2027, 11, 16));

        Assert.Equal((2027, 48_060m, true, Cap2026), (pack.Year, pack.Pass, pack.Provisional, pack.HourlyCapEur));
        Assert.Contains(pack.Warnings, w => w.Contains("Tax:Pass:2027", StringComparison.Ordinal) && w.Contains("provisional", StringComparison.Ordinal));
        Assert.Equal(628.04m, pack.TotalValueEur);

        // a known year is not provisional: 2025's 47,100 × 3 ÷ 1,607 = 87.9277… → 87.93; 7 × 87.93 = 615.51
        var known = Pack([alice], date: new DateOnly(2025, 11, 16));
        Assert.Equal((2025, 47_100m, false, 87.93m, 615.51m), (known.Year, known.Pass, known.Provisional, known.HourlyCapEur, known.TotalValueEur));
        Assert.DoesNotContain(known.Warnings, w => w.Contains("Tax:Pass", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_legal_data_of_the_partner_or_an_association_is_a_warning_per_missing_field()
    {
        var complete = Pack([new Came("Alice Martin", HourlyCostEur: 60m), new Came("Bruno Petit", HourlyCostEur: 60m, Need: AdieNeed)]);
        Assert.Equal(2, complete.Warnings.Count); // the reduction's limits only
        Assert.Equal(("Électricité de France SA", "552081317"), (complete.LegalName, complete.Siren));

        var pack = Pack([new Came("Alice Martin", HourlyCostEur: 60m), new Came("Bruno Petit", HourlyCostEur: 60m, Need: AdieNeed)],
            partner: new MarathonPartner("edf", "EDF", 10), visages: new AssociationForImpact { Id = VisagesId, Name = "1000 VISAGES", Version = 1 });

        Assert.Equal((null, null, null), (pack.LegalName, pack.Siren, pack.Address));
        var missing = pack.Warnings.Where(w => w.Contains("missing", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, missing.Count);
        Assert.Contains(missing, w => w.Contains("legalName", StringComparison.Ordinal));
        Assert.Contains(missing, w => w.Contains("siren", StringComparison.Ordinal) && w.Contains("partner", StringComparison.Ordinal));
        Assert.Contains(missing, w => w.Contains("address", StringComparison.Ordinal) && w.Contains("partner", StringComparison.Ordinal));
        Assert.Contains(missing, w => w.StartsWith("1000 VISAGES", StringComparison.Ordinal) && w.Contains("RNA or SIREN", StringComparison.Ordinal));
        Assert.Contains(missing, w => w.StartsWith("1000 VISAGES", StringComparison.Ordinal) && w.Contains("address", StringComparison.Ordinal));
        Assert.DoesNotContain(missing, w => w.StartsWith("Adie", StringComparison.Ordinal));
        var visages = pack.Lines.Single(l => l.AssociationId == VisagesId);
        Assert.Equal(("1000 VISAGES", null, null, null, "Une plaquette commerciale"), (visages.AssociationName, visages.Rna, visages.Siren, visages.Address, visages.NeedTitle));
    }

    [Fact]
    public void A_volunteer_who_did_not_come_is_not_counted_and_one_who_came_on_no_team_is_named_in_the_warnings()
    {
        var alice = new Came("Alice Martin", HourlyCostEur: 60m);
        var absent = new Came("Bruno Petit", HourlyCostEur: 60m, CheckedIn: false);
        var teamless = new Came("Chloé Durand", HourlyCostEur: 60m, OnATeam: false);

        var pack = Pack([alice, absent, teamless]);

        var line = Assert.Single(pack.Lines);
        Assert.Equal([alice.Id], line.Volunteers.Select(v => v.VolunteerId));
        // by hand: only Alice: 7 × 60 = 420.00
        Assert.Equal((7, 420.00m, 420.00m), (line.Hours, line.ValueEur, pack.TotalValueEur));
        Assert.DoesNotContain(pack.Warnings, w => w.Contains("Bruno Petit", StringComparison.Ordinal));
        Assert.Contains(pack.Warnings, w => w.Contains("Chloé Durand", StringComparison.Ordinal) && w.Contains("no team", StringComparison.Ordinal));
        Assert.Equal([alice.Id, teamless.Id], TaxPackValuation.Named(Marathon([alice, absent, teamless]).Sources, "edf"));
    }

    [Fact]
    public void Lines_go_by_association_with_their_receipts_data_and_the_reductions_limits_are_always_said()
    {
        var pack = Pack([
            new Came("Alice Martin", AnnualCostEur: 40_100m), new Came("Bruno Petit", HourlyCostEur: 120m, Need: AdieNeed),
            new Came("Chloé Durand", Need: AdieNeed),
        ]);

        Assert.Equal(["1000 VISAGES", "Adie"], pack.Lines.Select(l => l.AssociationName));
        var adie = pack.Lines[1];
        Assert.Equal((null, "352744289", 14), (adie.Rna, adie.Siren, adie.Hours));
        Assert.Equal(["Bruno Petit", "Chloé Durand"], adie.Volunteers.Select(v => v.Name));
        // by hand: 628.04 + 560.00 = 1,188.04; with Alice's 174.67: 1,362.71; 60 % = 817.626 → 817.63
        Assert.Equal((1188.04m, 1362.71m, 817.63m), (adie.ValueEur, pack.TotalValueEur, pack.Reduction.EstimatedEur));
        Assert.Contains(pack.Warnings, w => w.Contains("20,000 €", StringComparison.Ordinal) && w.Contains("5 ‰", StringComparison.Ordinal));
        Assert.Contains(pack.Warnings, w => w.Contains("2 M€", StringComparison.Ordinal) && w.Contains("40 %", StringComparison.Ordinal));
        Assert.Equal(("edf", MarathonId, "Pro Bono Marathon La Défense", new DateOnly(2026, 11, 16)), (pack.PartnerId, pack.MarathonId, pack.MarathonName, pack.Date));
    }

    [Fact]
    public void The_settings_read_the_annual_hours_and_each_years_PASS_and_refuse_a_malformed_one()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tax:Pass:2025"] = "47100", ["Tax:Pass:2026"] = "48060" }).Build();
        var settings = TaxSettings.Of(configuration);
        Assert.Equal(1607, settings.AnnualHours);
        Assert.Equal((48_060m, 2026, true), settings.PassOf(2031));
        Assert.Equal((47_100m, 2025, false), settings.PassOf(2025));

        var malformed = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tax:Pass:2026"] = "48 060 €" }).Build();
        Assert.Throws<InvalidOperationException>(() => { _ = TaxSettings.Of(malformed); });
    }
}
