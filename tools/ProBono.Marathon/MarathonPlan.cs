namespace ProBono.Marathon;

/// <summary>
/// Everything a marathon is made of before it happens, in API.md's words: the event, its partner companies and their
/// quotas, the associations and their needs, the volunteers the partners register, and how the day and the surveys go.
/// The player sends exactly this; the invariants compare the platform's answers with it.
/// </summary>
public sealed record MarathonPlan(
    string Name,
    string Venue,
    DateOnly Date,
    DateOnly RegistrationDeadline,
    int HoursPerVolunteer,
    decimal HourlyValueEur,
    int MaxSameCompanyPerTeam,
    IReadOnlyList<PartnerPlan> Partners,
    IReadOnlyList<AssociationPlan> Associations,
    IReadOnlyList<VolunteerPlan> Volunteers,
    int PinnedLeads,
    DayPlan Day,
    SurveyPlan Surveys)
{
    public IEnumerable<(AssociationPlan Association, NeedPlan Need)> Needs =>
        Associations.SelectMany(a => a.Needs.Select(n => (a, n)));
}

/// <summary>A partner company; its contact and legal data go on its survey invitation and its tax pack.</summary>
public sealed record PartnerPlan(
    string PartnerId, string Name, int Quota, string? ContactEmail = null, string? LegalName = null, string? Siren = null, string? Address = null);

/// <summary>An association and its needs; its address and RNA or SIREN go on the receipt it issues to the partners.</summary>
public sealed record AssociationPlan(
    string Name, string Mission, string CauseArea, string ContactEmail, IReadOnlyList<NeedPlan> Needs,
    string? Address = null, string? Rna = null, string? Siren = null);

public sealed record NeedPlan(string Title, string Description, string Deliverable, IReadOnlyList<SkillSlots> RequiredSkills, int MinTeamSize, int MaxTeamSize);

public sealed record SkillSlots(string Skill, int Count);

public sealed record VolunteerPlan(
    string PartnerId,
    string EmployeeRef,
    string FirstName,
    string LastName,
    string Email,
    IReadOnlyList<string> Skills,
    bool LeadCapable,
    IReadOnlyList<string> CausePreferences,
    decimal? HourlyCostEur,
    string? Source,
    string? Language = null,
    decimal? AnnualCostEur = null);

/// <summary>The day: who comes (a share of the confirmed volunteers, chosen by the seed) and the milestones each team reports.</summary>
public sealed record DayPlan(double CheckInRate, IReadOnlyList<string> Milestones, int Seed);

/// <summary>The share of each group's invitations answered, and the seed that draws the answers.</summary>
public sealed record SurveyPlan(double VolunteerRate, double AssociationRate, double PartnerRate, int Seed)
{
    public double RateOf(string group) => group switch
    {
        "volunteer" => VolunteerRate,
        "association" => AssociationRate,
        "partner" => PartnerRate,
        _ => 0,
    };
}

/// <summary>API.md's vocabulary.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> Skills =
        ["communication", "marketing", "digital", "design", "project-management", "strategy", "finance", "legal", "hr", "it", "data", "sales", "fundraising"];

    public static readonly IReadOnlyList<string> Causes =
        ["education", "employment", "culture", "health", "environment", "social-inclusion", "disability", "youth", "housing"];
}
