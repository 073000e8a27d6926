using System.Globalization;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;

namespace ProBono.Feedback.Surveys;

/// <summary>
/// What a survey is about, as the page and the mail name it: the marathon and its date, for a volunteer the association
/// its team helped and that need, for an association its need; and until when it can be answered. Null where Feedback's
/// copies do not say (a copy not arrived yet): the words then leave that part out.
/// </summary>
internal sealed record SurveySubject(string? Marathon, DateOnly? Date, string? Association, string? Need, DateTimeOffset? ClosesAt)
{
    private static readonly TimeZoneInfo Paris = FindParis();

    /// <summary>
    /// When a group's survey closes: completion + the marathon's survey days, as the campaign recorded it when it opened
    /// (the completion is when the campaign opened: Feedback opens it on hearing of the completion); the follow-up's own.
    /// </summary>
    public static DateTimeOffset ClosingOf(SurveyCampaign campaign, string group = SurveyGroups.Volunteer) => campaign.ClosingOf(group);

    /// <summary>Pure: the subject of one respondent's survey from the marathon's copies.</summary>
    public static SurveySubject Of(
        MarathonForImpact? marathon, SurveyCampaign? campaign, string group, string respondentId, IEnumerable<TeamForImpact> teams,
        IEnumerable<NeedForImpact> needs)
    {
        var byId = needs.ToDictionary(n => n.Id);
        IEnumerable<NeedForImpact> concerned = group switch
        {
            SurveyGroups.Volunteer when Guid.TryParse(respondentId, out var volunteer) => teams
                .Where(t => t.Members.Value?.Any(m => m.VolunteerId == volunteer) == true)
                .Select(t => byId.GetValueOrDefault(t.NeedId)).OfType<NeedForImpact>(),
            SurveyGroups.Association when Guid.TryParse(respondentId, out var association) => byId.Values
                .Where(n => n.AssociationId == association && teams.Any(t => t.NeedId == n.Id)),
            SurveyGroups.AssociationFollowUp when Guid.TryParse(respondentId, out var association) => byId.Values
                .Where(n => n.AssociationId == association && teams.Any(t => t.NeedId == n.Id && t.Delivered)),
            _ => [],
        };
        var first = concerned.OrderBy(n => n.Title, StringComparer.Ordinal).ThenBy(n => n.Id).FirstOrDefault();
        return new SurveySubject(marathon?.Name, marathon?.Date, group == SurveyGroups.Volunteer ? first?.AssociationName : null, first?.Title,
            campaign is null ? null : ClosingOf(campaign, group));
    }

    /// <summary>The subject of one invitation's survey (the page): a batch of indexed reads of its marathon's copies; its own closing.</summary>
    public static async Task<SurveySubject> Load(IQuerySession session, SurveyInvitation invitation, CancellationToken ct) =>
        (await LoadMarathons(session, [invitation.MarathonId], ct))(invitation.MarathonId, invitation.Group, invitation.RespondentId)
        .ClosingAt(invitation.ClosesAt);

    /// <summary>The subject with an invitation's own closing, when it has one (those issued before closings were kept have none).</summary>
    public SurveySubject ClosingAt(DateTimeOffset? closesAt) => closesAt is null ? this : this with { ClosesAt = closesAt };

    /// <summary>The subjects of the invitations of these marathons (the mailer's page): one batch of reads for them all.</summary>
    public static async Task<Func<Guid, string, string, SurveySubject>> LoadMarathons(IQuerySession session, IReadOnlyCollection<Guid> marathonIds, CancellationToken ct)
    {
        var ids = marathonIds.Distinct().ToArray();
        var batch = session.CreateBatchQuery();
        var marathons = batch.LoadMany<MarathonForImpact>().ById(ids);
        var campaigns = batch.LoadMany<SurveyCampaign>().ById(ids);
        var teams = batch.Query<TeamForImpact>().Where(t => ids.Contains(t.MarathonId)).ToList();
        var needs = batch.Query<NeedForImpact>().Where(n => ids.Contains(n.MarathonId)).ToList();
        await batch.Execute(ct);
        var marathonById = (await marathons).ToDictionary(m => m.Id);
        var campaignById = (await campaigns).ToDictionary(c => c.Id);
        var teamsOf = (await teams).ToLookup(t => t.MarathonId);
        var needsOf = (await needs).ToLookup(n => n.MarathonId);
        return (marathonId, group, respondentId) => Of(
            marathonById.GetValueOrDefault(marathonId), campaignById.GetValueOrDefault(marathonId), group, respondentId, teamsOf[marathonId], needsOf[marathonId]);
    }

    /// <summary>The marathon's date in the language's words ("16 novembre 2030", "16 November 2030").</summary>
    public string? DateIn(string language) => Date is { } date ? Words(date, language) : null;

    /// <summary>The closing, in Paris time and the language's words ("30 novembre 2030 à 18 h 00", "30 November 2030 at 18:00").</summary>
    public string? ClosesIn(string language)
    {
        if (ClosesAt is not { } closes)
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(closes, Paris);
        var day = Words(DateOnly.FromDateTime(local.DateTime), language);
        return language == "en"
            ? $"{day} at {local.Hour:00}:{local.Minute:00}"
            : $"{day} à {local.Hour} h {local.Minute:00}";
    }

    // the services run with invariant globalisation (no culture data): the month names are spelt here
    private static readonly string[] FrenchMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static string Words(DateOnly date, string language) =>
        $"{(language != "en" && date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture))} " +
        $"{(language == "en" ? EnglishMonths : FrenchMonths)[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    private static TimeZoneInfo FindParis()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
