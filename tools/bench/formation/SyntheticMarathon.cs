using ProBono.Teams.Formation.Optimising;

namespace ProBono.FormationBench;

/// <summary>
/// A seeded synthetic marathon shaped like a real one: a few large companies and a long tail, rare skills asked more
/// often than offered, causes skewed towards a few, one volunteer in four able to lead, teams of 4–10 with 3–5 skills
/// asked (1–2 slots each), one need in ten with a pinned lead.
/// </summary>
internal static class SyntheticMarathon
{
    private static readonly string[] Skills =
    [
        "project-management", "communication", "marketing", "web-development", "ux-design", "finance", "strategy",
        "data-analysis", "hr", "legal", "fundraising", "graphic-design", "copywriting", "social-media", "it-support",
        "accounting", "training", "photography", "video", "event-planning", "public-relations", "sales", "research",
        "translation",
    ];

    private static readonly string[] Causes =
    [
        "education", "health", "environment", "poverty", "disability", "culture", "inclusion", "elderly", "children",
        "animals",
    ];

    public static FormationInput Create(int volunteers, int needs, int companies, int seed)
    {
        var random = new Random(seed);
        var companyIds = Enumerable.Range(1, companies).Select(c => $"partner-{c:000}").ToArray();
        var volunteerList = new List<FormationVolunteer>(volunteers);
        for (var i = 0; i < volunteers; i++)
        {
            var skills = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Skewed(random, Skills, 2.2)).Distinct().ToArray();
            var causes = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Skewed(random, Causes, 1.8)).Distinct().ToArray();
            volunteerList.Add(new(Guid(random), Skewed(random, companyIds, 1.8), skills, random.NextDouble() < 0.25, causes));
        }
        var needList = new List<FormationNeed>(needs);
        for (var i = 0; i < needs; i++)
        {
            var min = 4 + random.Next(3);
            // associations ask for the rarer skills more often than the companies' volunteers have them
            var asked = Enumerable.Range(0, 3 + random.Next(3)).Select(_ => Skewed(random, Skills, 1.1)).Distinct()
                .Select(s => new SkillSlots(s, 1 + random.Next(2))).ToArray();
            needList.Add(new(Guid(random), Skewed(random, Causes, 1.8), asked, min, min + 2 + random.Next(3)));
        }
        var leads = volunteerList.Where(v => v.LeadCapable).ToArray();
        var pins = needList.Where((_, i) => i % 10 == 3).Select((n, i) => new PinnedLead(n.NeedId, leads[i * 7 % leads.Length].VolunteerId))
            .DistinctBy(p => p.VolunteerId).ToArray();
        return new(needList, volunteerList, MaxSameCompanyPerTeam: 3, pins);
    }

    /// <summary>Zipf-like: the first entries are picked far more often than the last.</summary>
    private static string Skewed(Random random, string[] values, double skew) =>
        values[(int)(values.Length * Math.Pow(random.NextDouble(), skew))];

    private static Guid Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
