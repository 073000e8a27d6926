using System.Security.Cryptography;
using System.Text;
using ProBono.Teams.Formation.Optimising;
using ProBono.Teams.Copies;

namespace ProBono.Teams.Formation;

/// <summary>
/// What a formation is computed from, as Teams knows it now: the marathon's open needs that have no team yet, its
/// confirmed volunteers without a seat, its company rule and its pins. <see cref="Fingerprint"/> names exactly that state
/// (each need's and volunteer's upstream version), so a commit can tell whether its proposal is outdated.
/// </summary>
internal sealed record FormationInputs(
    MarathonForFormation Marathon,
    IReadOnlyList<NeedForFormation> Needs,
    IReadOnlyList<VolunteerForFormation> Volunteers,
    IReadOnlyDictionary<Guid, Guid> Pins)
{
    public FormationInput ToOptimiserInput() => new(
        [.. Needs.Select(n => new FormationNeed(n.Id, n.Cause ?? "", [.. n.RequiredSkills.Select(s => new SkillSlots(s.Skill, s.Count))], n.TeamSizeMin, n.TeamSizeMax))],
        [.. Volunteers.Select(v => new FormationVolunteer(v.Id, v.PartnerId, v.Skills, v.LeadCapable, v.Causes))],
        Marathon.MaxSameCompanyPerTeam,
        [.. Pins.Where(p => Needs.Any(n => n.Id == p.Key)).Select(p => new PinnedLead(p.Key, p.Value))]);

    public string Fingerprint()
    {
        var text = new StringBuilder().Append("max=").Append(Marathon.MaxSameCompanyPerTeam).Append('\n');
        foreach (var need in Needs.OrderBy(n => n.Id))
        {
            text.Append("n:").Append(need.Id.ToString("N")).Append(':').Append(need.PublishedVersion).Append(':').Append(need.Withdrawn.Version).Append('\n');
        }
        foreach (var volunteer in Volunteers.OrderBy(v => v.Id))
        {
            text.Append("v:").Append(volunteer.Id.ToString("N")).Append(':').Append(volunteer.Status.Version).Append('\n');
        }
        foreach (var (need, volunteer) in Pins.OrderBy(p => p.Key))
        {
            text.Append("p:").Append(need.ToString("N")).Append(':').Append(volunteer.ToString("N")).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Reads the inputs of <paramref name="marathon"/>'s formation: three indexed queries by marathon.</summary>
    public static async Task<FormationInputs> Load(IQuerySession session, MarathonForFormation marathon, Formation? formation, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var needs = batch.Query<NeedForFormation>().Where(n => n.MarathonId == marathon.Id).ToList();
        var volunteers = batch.Query<VolunteerForFormation>().Where(v => v.MarathonId == marathon.Id).ToList();
        var seats = batch.Query<TeamSeat>().Where(s => s.MarathonId == marathon.Id).ToList();
        var teams = batch.Query<Team>().Where(t => t.MarathonId == marathon.Id).ToList();
        await batch.Execute(ct);

        var seated = (await seats).Select(s => s.Id).ToHashSet();
        var staffed = (await teams).Select(t => t.Need.NeedId).ToHashSet();
        return new FormationInputs(
            marathon,
            [.. (await needs).Where(n => n.IsOpen && !staffed.Contains(n.Id)).OrderBy(n => n.Id)],
            [.. (await volunteers).Where(v => v.IsConfirmed && !seated.Contains(v.Id)).OrderBy(v => v.Id)],
            formation?.Pins ?? new Dictionary<Guid, Guid>());
    }
}
