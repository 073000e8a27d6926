using Bogus;

namespace ProBono.Marathon;

/// <summary>The marathons the demo, the simulator, the benchmark and the end-to-end test play.</summary>
public static class Plans
{
    /// <summary>A few of the recruitment campaign's 35 visuals (API.md's <c>source</c>), and null: registered without one.</summary>
    public static readonly IReadOnlyList<string?> CampaignSources = ["visual-03", "visual-12", "visual-17", "visual-24", "visual-31", null, null];

    public static readonly IReadOnlyList<string> DayMilestones = ["kick-off with the association", "first draft", "presentation to the association"];

    /// <summary>
    /// The 2016 La Défense marathon, replayed on 16 November of next year (the platform refuses past dates): its eight
    /// partners with 100 places, ten associations (1000 VISAGES as in 2016, the other nine illustrative), and 100
    /// volunteers from Bogus with seed 2016.
    /// </summary>
    public static MarathonPlan LaDefense2016(DateOnly today, double checkInRate = 0.92, SurveyPlan? surveys = null)
    {
        var year = today.Year + 1;
        PartnerPlan[] partners =
        [
            .. new (string Id, string Name, int Quota)[]
            {
                ("dalkia", "Dalkia", 12), ("edf", "EDF", 13), ("ey", "EY", 13), ("csc", "CSC", 12),
                ("manpower", "Manpower", 12), ("thales", "Thales", 13), ("mazars", "Mazars", 12), ("societe-generale", "Société Générale", 13),
            }.Select((p, i) => new PartnerPlan(p.Id, p.Name, p.Quota, $"rse@{p.Id}.example.com", $"{p.Name} (démo) SA",
                Siren(31_415_900 + (i * 7_919)), $"{10 + i} parvis de La Défense\n92800 Puteaux")),
        ];
        return new MarathonPlan(
            $"Pro Bono Marathon La Défense {year}",
            "Paris La Défense",
            new DateOnly(year, 11, 16),
            new DateOnly(year, 11, 2),
            HoursPerVolunteer: 7,
            HourlyValueEur: 95,
            MaxSameCompanyPerTeam: 3,
            partners,
            LaDefenseAssociations,
            CostBasesAndLanguages(Crowd.Volunteers(partners, 100, seed: 2016, CampaignSources)),
            PinnedLeads: 10,
            new DayPlan(checkInRate, DayMilestones, Seed: 2016),
            surveys ?? new SurveyPlan(0.8, 0.9, 0.75, Seed: 2016));
    }

    /// <summary>
    /// Every basis of the tax pack's valuation shows: the declared hourly costs stay, every second other volunteer gets
    /// an annual cost, the rest none (the marathon's hourly value, with a warning); the first of EY earns above the cap
    /// of 3 × PASS a year. One in six reads the platform in English.
    /// </summary>
    private static List<VolunteerPlan> CostBasesAndLanguages(IReadOnlyList<VolunteerPlan> volunteers)
    {
        var aboveTheCap = volunteers.First(v => v.PartnerId == "ey");
        return [.. volunteers.Select((v, i) => v with
        {
            Language = i % 6 == 5 ? "en" : null,
            AnnualCostEur = v == aboveTheCap ? 185_000m
                : v.HourlyCostEur is null && i % 2 == 0 ? 42_000m + (i * 3_700 % 60_000)
                : null,
            HourlyCostEur = v == aboveTheCap ? null : v.HourlyCostEur,
        })];
    }

    /// <summary>A made-up SIREN that passes its Luhn check: <paramref name="first8"/> and the check digit.</summary>
    public static string Siren(int first8)
    {
        var digits = first8.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        // with the check digit last, every second digit from the right (here the even positions from the left) is doubled
        var sum = digits.Select((c, i) => (c - '0') * (i % 2 == 1 ? 2 : 1)).Sum(d => d > 9 ? d - 9 : d);
        return digits + ((10 - (sum % 10)) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private const string Illustrative = " (Illustrative: an association made up for the demo.)";

    private static readonly IReadOnlyList<AssociationPlan> LaDefenseAssociations =
    [
        new("1000 VISAGES",
            "Film and audiovisual training for young people from priority neighbourhoods and rural areas.",
            "culture", "contact@1000visages.example.org",
            [new("A sales brochure to court corporate partners",
                "Our training is free for its students; companies fund it. We need a brochure that makes the case to corporate partners.",
                "A sales brochure, printed and digital", [new("communication", 2), new("marketing", 2), new("design", 1)], 6, 10)],
            "Rue des Écoles\n93000 Bobigny (illustrative)", Rna: "W931000016"),
        Association("Connexions Solidaires", "Digital inclusion for people far from the internet.", "social-inclusion",
            "A three-year financial plan", "Two funders ask for a financial plan before renewing their grants.",
            "A financial plan with three scenarios", [new("finance", 2), new("strategy", 1)], 6, 10),
        Association("Emploi Avenir", "Helps long-term unemployed people back into work.", "employment",
            "An onboarding process for volunteer coaches", "New volunteer coaches leave within months; we need a proper onboarding.",
            "An HR onboarding process and its kit", [new("hr", 2), new("communication", 1)], 6, 10),
        Association("Jardins Partagés", "Shared urban gardens run by their neighbours.", "environment",
            "A website that finds new gardeners", "Our site is ten years old and nobody finds it.",
            "A new website with a sign-up form", [new("digital", 2), new("design", 1), new("it", 1)], 6, 10),
        Association("Lire et Écrire", "Literacy classes for adults.", "education",
            "A fundraising campaign for the new school year", "We need to raise 40,000 euros from individuals.",
            "A campaign plan with its messages and calendar", [new("fundraising", 1), new("marketing", 2)], 6, 10),
        Association("Toit Solidaire", "Temporary housing for families in need.", "housing",
            "A dashboard of our housing capacity", "Our figures live in ten spreadsheets.",
            "A shared dashboard and the data model behind it", [new("data", 2), new("it", 1)], 6, 9),
        Association("Sport et Handicap", "Adapted sport for people with disabilities.", "disability",
            "A partnership offer for sports clubs", "Clubs want to welcome our members but do not know how.",
            "A partnership offer and its pitch deck", [new("strategy", 1), new("sales", 1), new("communication", 1)], 6, 9),
        Association("Santé pour Tous", "Free health check-ups for people without cover.", "health",
            "A legal review of our volunteer agreements", "Our agreements date from 2009.",
            "Reviewed agreements and a memo", [new("legal", 1), new("hr", 1)], 5, 8),
        Association("Jeunes Talents", "Mentoring for high-school students from modest backgrounds.", "youth",
            "A mentoring programme for companies", "We want companies to run the programme with their staff.",
            "A programme guide and its launch plan", [new("project-management", 1), new("communication", 1), new("hr", 1)], 6, 10),
        Association("Musée Vivant", "Brings museums to hospitals and care homes.", "culture",
            "A strategy to reach care homes", "We reach ten care homes; we could reach a hundred.",
            "A three-year strategy and its first actions", [new("strategy", 2), new("marketing", 1)], 6, 10),
    ];

    /// <summary>An illustrative association: an address and an RNA number, except Musée Vivant (a SIREN) and Jeunes Talents (none: its tax pack warns).</summary>
    private static AssociationPlan Association(
        string name, string mission, string cause, string title, string description, string deliverable, SkillSlots[] skills, int min, int max) =>
        new(name, mission + Illustrative, cause, $"contact@{Crowd.Slug(name)}.example.org",
            [new NeedPlan(title, description, deliverable, skills, min, max)],
            name == "Jeunes Talents" ? null : $"{name.Length} rue de la Solidarité\n75011 Paris",
            name is "Jeunes Talents" or "Musée Vivant" ? null : $"W75{(uint)StableHash(name) % 10_000_000:D7}",
            name == "Musée Vivant" ? Siren(77_884_400) : null);

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    /// <summary>
    /// A marathon of any size: <paramref name="partners"/> companies whose quotas hold every volunteer, associations
    /// with one to three needs each, and Bogus volunteers. Team sizes leave room: the needs' minimums take about half of
    /// the volunteers, so the optimiser has a reserve to cover skills with.
    /// </summary>
    public static MarathonPlan Synthetic(
        string name, int partners, int needs, int volunteers, int seed, DayPlan day, SurveyPlan surveys, DateOnly today, int pinnedLeads = -1)
    {
        var faker = new Faker("fr") { Random = new Randomizer(seed) };
        var partnerPlans = new List<PartnerPlan>();
        var quotas = Crowd.Shares([.. Enumerable.Repeat(1, partners)], volunteers);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < partners; p++)
        {
            var company = faker.Company.CompanyName();
            var slug = Crowd.Slug(company);
            slug = slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
            while (!slugs.Add(slug))
            {
                slug = $"{slug}-{p}";
            }
            partnerPlans.Add(new PartnerPlan(slug, company, Math.Max(1, quotas[p])));
        }

        var perNeed = Math.Max(3.0, volunteers * 0.9 / Math.Max(1, needs));
        var associations = new List<AssociationPlan>();
        var made = 0;
        while (made < needs)
        {
            var number = associations.Count + 1;
            var cause = faker.PickRandom(Vocabulary.Causes.ToList());
            var title = $"Association {faker.Address.City()} {number}";
            var needPlans = new List<NeedPlan>();
            for (var n = faker.Random.Int(1, 3); n > 0 && made < needs; n--, made++)
            {
                var min = faker.Random.Int(3, Math.Max(3, (int)(perNeed * 0.6)));
                var max = min + faker.Random.Int(2, Math.Max(2, (int)(perNeed * 0.5)));
                var kinds = faker.Random.Int(1, 3);
                var skills = faker.Random.Shuffle(Vocabulary.Skills).Take(kinds)
                    .Select((s, i) => new SkillSlots(s, i == 0 ? Math.Max(1, Math.Min(min - kinds + 1, faker.Random.Int(1, 3))) : 1)).ToList();
                needPlans.Add(new NeedPlan(
                    $"{faker.Commerce.ProductAdjective()} project {made + 1}",
                    faker.Lorem.Sentence(12),
                    $"Deliverable {made + 1}",
                    skills, min, max));
            }
            associations.Add(new AssociationPlan(title, faker.Lorem.Sentence(8), cause, $"contact{number}@association.example.org", needPlans));
        }

        return new MarathonPlan(
            name,
            faker.Address.City(),
            today.AddMonths(3),
            today.AddMonths(2),
            HoursPerVolunteer: 7,
            HourlyValueEur: 80,
            MaxSameCompanyPerTeam: 3,
            partnerPlans,
            associations,
            Crowd.Volunteers(partnerPlans, volunteers, seed, CampaignSources),
            PinnedLeads: pinnedLeads < 0 ? Math.Min(needs, Math.Max(1, needs / 10)) : pinnedLeads,
            day,
            surveys);
    }
}
