using System.Globalization;
using System.Text;
using Bogus;

namespace ProBono.Marathon;

/// <summary>
/// Volunteers made up with Bogus (French names), the same ones for the same seed: the partners' employees, with a skill
/// mix weighted like a large company's staff (many in communication, project management, finance and IT; few lawyers or
/// fundraisers), about one in five able to lead a team, and the campaign message that brought them, if any.
/// </summary>
public static class Crowd
{
    // how common each skill is among corporate volunteers (relative weights, API.md's skills)
    private static readonly (string Skill, double Weight)[] SkillMix =
    [
        ("communication", 14), ("marketing", 12), ("project-management", 12), ("finance", 10), ("it", 10), ("digital", 10),
        ("strategy", 8), ("design", 7), ("data", 7), ("hr", 6), ("sales", 6), ("legal", 4), ("fundraising", 3),
    ];

    /// <summary>
    /// <paramref name="count"/> volunteers shared among <paramref name="partners"/> in proportion to their quotas;
    /// <paramref name="sources"/> are the campaign codes drawn from (null: came without one, "direct").
    /// </summary>
    public static IReadOnlyList<VolunteerPlan> Volunteers(
        IReadOnlyList<PartnerPlan> partners, int count, int seed, IReadOnlyList<string?> sources, double leadShare = 0.2, double declaredCostShare = 0.3)
    {
        var faker = new Faker("fr") { Random = new Randomizer(seed) };
        var shares = Shares(partners.Select(p => p.Quota).ToList(), count);
        var volunteers = new List<VolunteerPlan>(count);
        for (var p = 0; p < partners.Count; p++)
        {
            var partner = partners[p];
            for (var n = 1; n <= shares[p]; n++)
            {
                var first = faker.Name.FirstName();
                var last = faker.Name.LastName();
                var skills = new HashSet<string>(StringComparer.Ordinal);
                var wanted = faker.Random.WeightedRandom([1, 2, 3], [0.35f, 0.45f, 0.2f]);
                while (skills.Count < wanted)
                {
                    skills.Add(Pick(faker, SkillMix));
                }
                var causes = faker.Random.Shuffle(Vocabulary.Causes).Take(faker.Random.Int(0, 2)).ToList();
                volunteers.Add(new VolunteerPlan(
                    partner.PartnerId,
                    $"{partner.PartnerId}-{n:D5}",
                    first,
                    last,
                    $"{Ascii(first)}.{Ascii(last)}.{n}@{partner.PartnerId}.example.com",
                    [.. skills],
                    faker.Random.Double() < leadShare,
                    causes,
                    faker.Random.Double() < declaredCostShare ? faker.Random.Int(55, 140) : null,
                    faker.PickRandom(sources.ToList())));
            }
        }
        return volunteers;
    }

    /// <summary><paramref name="count"/> split in proportion to <paramref name="weights"/>, the remainder to the largest.</summary>
    public static IReadOnlyList<int> Shares(IReadOnlyList<int> weights, int count)
    {
        var total = Math.Max(1, weights.Sum());
        var shares = weights.Select(w => count * w / total).ToArray();
        var rest = count - shares.Sum();
        for (var i = 0; rest > 0; i = (i + 1) % shares.Length, rest--)
        {
            shares[i]++;
        }
        return shares;
    }

    public static string Pick(Faker faker, IReadOnlyList<(string Item, double Weight)> weighted)
    {
        var roll = faker.Random.Double() * weighted.Sum(w => w.Weight);
        foreach (var (item, weight) in weighted)
        {
            if ((roll -= weight) < 0)
            {
                return item;
            }
        }
        return weighted[^1].Item;
    }

    /// <summary>A name as an e-mail's local part: "Hélène" → "helene".</summary>
    public static string Ascii(string name)
    {
        var plain = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                plain.Append(lower);
            }
        }
        return plain.Length == 0 ? "x" : plain.ToString();
    }

    /// <summary>A staff-chosen partner slug from a company name: "Société Générale" → "societe-generale".</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var word in name.Split([' ', '-', '\'', '&', ',', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            var ascii = Ascii(word);
            if (ascii != "x")
            {
                slug.Append(slug.Length == 0 ? "" : "-").Append(ascii);
            }
        }
        return slug.Length == 0 ? "partner" : slug.ToString();
    }
}
