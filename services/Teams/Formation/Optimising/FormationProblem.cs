namespace ProBono.Teams.Formation.Optimising;

/// <summary>
/// The input put in one canonical order (needs and volunteers by id, skills by name) and indexed, so every solver sees
/// the same problem whatever order the caller listed things in — the first half of determinism.
/// </summary>
internal sealed class FormationProblem
{
    public FormationNeed[] Needs { get; }
    public FormationVolunteer[] Volunteers { get; }
    public int MaxSameCompany { get; }
    /// <summary>Company index of each volunteer (companies numbered in ordinal order of their partner id).</summary>
    public int[] CompanyOf { get; }
    public int CompanyCount { get; }
    /// <summary>The ≥2-companies rule applies only when the pool itself has two companies.</summary>
    public bool MixCompanies => CompanyCount >= 2;
    /// <summary>Skill index → name, ordinal order.</summary>
    public string[] SkillNames { get; }
    /// <summary>Per need: (skill index, slots) sorted by skill index, duplicates merged.</summary>
    public (int Skill, int Count)[][] Slots { get; }
    public int[] RequiredSlots { get; }
    /// <summary>Per volunteer: the indexes of its skills that some need requires, ascending.</summary>
    public int[][] SkillsOf { get; }
    public bool[] LeadCapable { get; }
    /// <summary>Per need, per volunteer: does the volunteer's causes contain the need's cause.</summary>
    public Func<int, int, bool> CauseMatch { get; }
    /// <summary>Per need: the pinned lead's volunteer index, or -1.</summary>
    public int[] PinnedLead { get; }
    /// <summary>Per volunteer: the need it is pinned to, or -1.</summary>
    public int[] PinnedTo { get; }
    public List<BrokenPin> RejectedPins { get; } = [];

    private readonly HashSet<string>[] causesOf;

    public FormationProblem(FormationInput input)
    {
        Needs = [.. input.Needs.DistinctBy(n => n.NeedId).OrderBy(n => n.NeedId)];
        Volunteers = [.. input.Volunteers.DistinctBy(v => v.VolunteerId).OrderBy(v => v.VolunteerId)];
        MaxSameCompany = input.MaxSameCompanyPerTeam;

        var companies = Volunteers.Select(v => v.PartnerId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var companyIndex = companies.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        CompanyCount = companies.Length;
        CompanyOf = [.. Volunteers.Select(v => companyIndex[v.PartnerId])];

        SkillNames = [.. Needs.SelectMany(n => n.RequiredSkills).Where(s => s.Count > 0).Select(s => s.Skill)
            .Distinct().Order(StringComparer.Ordinal)];
        var skillIndex = SkillNames.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        Slots = [.. Needs.Select(n => n.RequiredSkills.Where(s => s.Count > 0)
            .GroupBy(s => skillIndex[s.Skill]).Select(g => (g.Key, g.Sum(s => s.Count))).OrderBy(p => p.Key).ToArray())];
        RequiredSlots = [.. Slots.Select(s => s.Sum(p => p.Count))];
        SkillsOf = [.. Volunteers.Select(v => v.Skills.Where(skillIndex.ContainsKey).Select(s => skillIndex[s]).Distinct().Order().ToArray())];
        LeadCapable = [.. Volunteers.Select(v => v.LeadCapable)];
        causesOf = [.. Volunteers.Select(v => new HashSet<string>(v.Causes, StringComparer.Ordinal))];
        CauseMatch = (v, n) => causesOf[v].Contains(Needs[n].Cause);

        PinnedLead = [.. Needs.Select(_ => -1)];
        PinnedTo = [.. Volunteers.Select(_ => -1)];
        var needIndex = Needs.Select((n, i) => (n.NeedId, i)).ToDictionary(p => p.NeedId, p => p.i);
        var volunteerIndex = Volunteers.Select((v, i) => (v.VolunteerId, i)).ToDictionary(p => p.VolunteerId, p => p.i);
        foreach (var pin in input.Pins.Distinct().OrderBy(p => p.NeedId).ThenBy(p => p.VolunteerId))
        {
            if (!needIndex.TryGetValue(pin.NeedId, out var n))
                RejectedPins.Add(new(pin.NeedId, pin.VolunteerId, "the need is not among the needs being staffed"));
            else if (!volunteerIndex.TryGetValue(pin.VolunteerId, out var v))
                RejectedPins.Add(new(pin.NeedId, pin.VolunteerId, "the volunteer is not among the confirmed volunteers"));
            else if (PinnedLead[n] >= 0)
                RejectedPins.Add(new(pin.NeedId, pin.VolunteerId, "another volunteer is already pinned as this need's lead"));
            else if (PinnedTo[v] >= 0)
                RejectedPins.Add(new(pin.NeedId, pin.VolunteerId, "the volunteer is already pinned as the lead of another need"));
            else
            {
                PinnedLead[n] = v;
                PinnedTo[v] = n;
            }
        }
    }

    public int NeedCount => Needs.Length;
    public int VolunteerCount => Volunteers.Length;

    /// <summary>A volunteer may lead a team: lead-capable, or pinned to lead that very need (a pin overrides).</summary>
    public bool CanLead(int v, int n) => PinnedTo[v] == n || (LeadCapable[v] && PinnedTo[v] < 0);

    /// <summary>The largest team a need can have under the company cap, when there is a team at all.</summary>
    public int EffectiveMax(int n) => Math.Min(Needs[n].TeamSizeMax, MaxSameCompany * Math.Max(1, CompanyCount));
}
