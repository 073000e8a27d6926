namespace ProBono.Teams.Formation.Optimising;

/// <summary>Teams being built one volunteer at a time, keeping the company cap and the team maximum as they go;
/// the constructive solvers (greedy baseline, flow heuristic) share it.</summary>
internal sealed class TeamsUnderConstruction
{
    private readonly FormationProblem problem;
    private readonly Dictionary<int, int>[] companyCount;

    public FormationSolution Solution { get; }
    public List<int>[] Members { get; }

    public TeamsUnderConstruction(FormationProblem problem)
    {
        this.problem = problem;
        Solution = new FormationSolution(problem);
        Members = [.. Enumerable.Range(0, problem.NeedCount).Select(_ => new List<int>())];
        companyCount = [.. Enumerable.Range(0, problem.NeedCount).Select(_ => new Dictionary<int, int>())];
        for (var n = 0; n < problem.NeedCount; n++)
            if (problem.PinnedLead[n] >= 0 && problem.Needs[n].TeamSizeMax >= 1 && problem.MaxSameCompany >= 1)
                Add(problem.PinnedLead[n], n);
    }

    /// <summary>Teams to improve: an existing solution's, pinned leads where it put them.</summary>
    public TeamsUnderConstruction(FormationProblem problem, FormationSolution existing)
    {
        this.problem = problem;
        Solution = new FormationSolution(problem);
        Members = [.. Enumerable.Range(0, problem.NeedCount).Select(_ => new List<int>())];
        companyCount = [.. Enumerable.Range(0, problem.NeedCount).Select(_ => new Dictionary<int, int>())];
        for (var v = 0; v < problem.VolunteerCount; v++)
            if (existing.TeamOf[v] >= 0) Add(v, existing.TeamOf[v]);
    }

    public bool IsFree(int v) => Solution.TeamOf[v] < 0 && problem.PinnedTo[v] < 0;

    public int CompanyCount(int n, int company) => companyCount[n].GetValueOrDefault(company);

    public int Companies(int n) => companyCount[n].Count;

    public bool CanAdd(int v, int n) =>
        IsFree(v) && Members[n].Count < problem.Needs[n].TeamSizeMax && CompanyCount(n, problem.CompanyOf[v]) < problem.MaxSameCompany;

    public void Add(int v, int n)
    {
        Solution.TeamOf[v] = n;
        Members[n].Add(v);
        var c = problem.CompanyOf[v];
        companyCount[n][c] = CompanyCount(n, c) + 1;
    }

    public void Remove(int v)
    {
        var n = Solution.TeamOf[v];
        Solution.TeamOf[v] = -1;
        Members[n].Remove(v);
        var c = problem.CompanyOf[v];
        if (--companyCount[n][c] == 0) companyCount[n].Remove(c);
    }

    public bool HasLead(int n) => Members[n].Any(v => problem.CanLead(v, n));

    /// <summary>Meets the size minimum and the two-companies rule, so the team can stand.</summary>
    public bool Stands(int n) =>
        Members[n].Count >= Math.Max(1, problem.Needs[n].TeamSizeMin)
        && Members[n].Count <= problem.Needs[n].TeamSizeMax
        && (!problem.MixCompanies || Companies(n) >= 2);

    /// <summary>Gives up a team that cannot stand: its members go back to the pool (a pinned lead stays pinned, free).</summary>
    public void Disband(int n)
    {
        foreach (var v in Members[n].ToArray()) Remove(v);
    }

    /// <summary>Disbands what cannot stand and hands the assignment over.</summary>
    public FormationSolution Finish()
    {
        for (var n = 0; n < problem.NeedCount; n++)
            if (!Stands(n)) Disband(n);
        return Solution;
    }
}
