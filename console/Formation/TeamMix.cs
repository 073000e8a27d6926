namespace ProBono.StaffConsole.Formation;

/// <summary>One required skill of a need: how many slots it has and how many of them the team's members cover.</summary>
public sealed record SkillCover(string Skill, int Required, int Covered);

/// <summary>How many members of one company a team holds.</summary>
public sealed record CompanyShare(string PartnerId, int Members);

/// <summary>
/// What staff check on a proposed or formed team before committing it: the need's skill slots covered, the company mix,
/// and the rules of API.md (size within the need's range, at least two companies, at most the marathon's cap from one).
/// </summary>
public sealed record TeamMix(IReadOnlyList<SkillCover> Skills, IReadOnlyList<CompanyShare> Companies, int Size, bool SizeFits, bool EnoughCompanies, bool CompanyCapKept)
{
    public int RequiredSlots => Skills.Sum(s => s.Required);

    public int CoveredSlots => Skills.Sum(s => s.Covered);

    /// <summary>
    /// Pure. A member covers one required slot of one of its skills (API.md), so the covered slots are a maximum matching
    /// of members to slots, found by augmenting paths (a team has a handful of members).
    /// </summary>
    public static TeamMix Of(IReadOnlyList<ProBono.StaffConsole.Gateway.SkillSlots> required, int sizeMin, int sizeMax, IReadOnlyList<(string PartnerId, IReadOnlyList<string> Skills)> members, int maxSameCompany)
    {
        var slots = required.SelectMany(s => Enumerable.Repeat(s.Skill, Math.Max(0, s.Count))).ToList();
        var holder = new int[slots.Count];
        Array.Fill(holder, -1);
        for (var member = 0; member < members.Count; member++)
        {
            Augment(member, new bool[slots.Count]);
        }
        var skills = required.GroupBy(s => s.Skill, StringComparer.Ordinal)
            .Select(g => new SkillCover(g.Key, g.Sum(s => Math.Max(0, s.Count)), slots.Where((skill, i) => skill == g.Key && holder[i] >= 0).Count()))
            .ToList();
        var companies = members.GroupBy(m => m.PartnerId, StringComparer.Ordinal)
            .Select(g => new CompanyShare(g.Key, g.Count()))
            .OrderByDescending(c => c.Members).ThenBy(c => c.PartnerId, StringComparer.Ordinal)
            .ToList();
        return new TeamMix(skills, companies, members.Count,
            members.Count >= sizeMin && members.Count <= sizeMax,
            companies.Count >= 2,
            companies.All(c => c.Members <= maxSameCompany));

        bool Augment(int member, bool[] seen)
        {
            for (var slot = 0; slot < slots.Count; slot++)
            {
                if (seen[slot] || !members[member].Skills.Contains(slots[slot], StringComparer.Ordinal))
                {
                    continue;
                }
                seen[slot] = true;
                if (holder[slot] < 0 || Augment(holder[slot], seen))
                {
                    holder[slot] = member;
                    return true;
                }
            }
            return false;
        }
    }
}

