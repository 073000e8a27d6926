using ProBono.Teams.Formation.Optimising;

namespace ProBono.UnitTests.Teams.Formation;

/// <summary>Seeded random marathons for the tests, and helpers to read proposals.</summary>
internal static class FormationInstances
{
    private static readonly string[] SkillPool = ["pm", "design", "dev", "finance", "legal", "comms", "data", "hr"];
    private static readonly string[] CausePool = ["education", "health", "environment", "culture", "inclusion"];

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:x12}");

    public static FormationInput Random(int seed, int volunteers, int needs, int companies, int maxSame,
        int skills = 6, int pins = 0, int sizeMin = 2, int sizeSpread = 3)
    {
        var random = new Random(seed);
        var volunteerList = Enumerable.Range(0, volunteers).Select(i => new FormationVolunteer(
            Guid(random), $"partner-{random.Next(companies)}",
            [.. Enumerable.Range(0, random.Next(3)).Select(_ => SkillPool[random.Next(skills)]).Distinct()],
            random.NextDouble() < 0.3,
            [.. Enumerable.Range(0, random.Next(3)).Select(_ => CausePool[random.Next(CausePool.Length)]).Distinct()])).ToList();
        var needList = Enumerable.Range(0, needs).Select(i =>
        {
            var min = sizeMin + random.Next(2);
            return new FormationNeed(Guid(random), CausePool[random.Next(CausePool.Length)],
                [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => SkillPool[random.Next(skills)]).Distinct()
                    .Select(s => new SkillSlots(s, 1 + random.Next(2)))],
                min, min + random.Next(sizeSpread));
        }).ToList();
        var pinList = needList.Take(Math.Min(pins, needs)).Zip(volunteerList.OrderBy(_ => random.Next()).Take(pins))
            .Select(p => new PinnedLead(p.First.NeedId, p.Second.VolunteerId)).ToList();
        return new(needList, volunteerList, maxSame, pinList);
    }

    /// <summary>The 2016 marathon's shape: 100 volunteers of 8 companies for 10 needs, teams of 6–10, 3 per company.</summary>
    public static FormationInput Marathon2016(int seed = 2016) =>
        Random(seed, volunteers: 100, needs: 10, companies: 8, maxSame: 3, skills: 8, pins: 2, sizeMin: 6, sizeSpread: 5);

    public static string Fingerprint(FormationProposal p) =>
        string.Join(';', p.Teams.Select(t => $"{t.NeedId}:{t.LeadVolunteerId}:{string.Join(',', t.Members)}"))
        + "|" + string.Join(',', p.Unassigned)
        + "|" + string.Join(',', p.Unstaffable.Select(u => $"{u.NeedId}:{u.Reason}"))
        + "|" + string.Join(',', p.BrokenPins.Select(b => $"{b.NeedId}:{b.VolunteerId}:{b.Reason}"));

    public static FormationInput Shuffled(FormationInput input, int seed)
    {
        var random = new Random(seed);
        return input with
        {
            Needs = [.. input.Needs.OrderBy(_ => random.Next())],
            Volunteers = [.. input.Volunteers.OrderBy(_ => random.Next())
                .Select(v => v with { Skills = [.. v.Skills.Reverse()], Causes = [.. v.Causes.Reverse()] })],
            Pins = [.. input.Pins.Reverse()],
        };
    }

    private static Guid Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
