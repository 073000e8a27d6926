using System.Globalization;

namespace ProBono.Feedback.Reports;

/// <summary>
/// The words and numbers of the report's documents in French (the default, as the survey page) or English. French
/// writes decimals with a comma, as a French reader and French Excel expect.
/// </summary>
internal sealed record ReportText(
    string Lang,
    string ChartTitle,
    string Nps,
    string Satisfaction,
    string Groups,
    string Volunteers,
    string Associations,
    string Partners,
    string PartnersEmployees,
    string NoResponse,
    string Unnamed,
    string SummaryFigure,
    string SummaryLabel,
    string SummaryValue,
    IReadOnlyDictionary<string, string> Labels)
{
    public static readonly ReportText French = new(
        "fr", "{0} : NPS et satisfaction", "NPS (−100 à 100)", "Satisfaction (1 à 5)", "Groupes", "Bénévoles", "Associations",
        "Entreprises partenaires", "Entreprises (réponses de leurs salariés)", "pas de réponse", "(nom inconnu)", "indicateur", "libellé", "valeur",
        new Dictionary<string, string>
        {
            ["marathon"] = "Marathon", ["date"] = "Date",
            ["impact.volunteers"] = "Bénévoles inscrits (places confirmées)", ["impact.volunteersCheckedIn"] = "Bénévoles venus (pointés)",
            ["impact.hours"] = "Heures données", ["impact.valueEur"] = "Valeur des heures (EUR)", ["impact.teams"] = "Équipes",
            ["impact.deliverables"] = "Livrables remis",
            ["followUp.invited"] = "Suivi à quelques mois : associations invitées", ["followUp.responded"] = "Suivi : répondants (n)",
            ["followUp.inUse"] = "Suivi : livrable utilisé", ["followUp.partlyInUse"] = "Suivi : livrable utilisé en partie",
            ["followUp.notInUse"] = "Suivi : livrable non utilisé", ["followUp.nps"] = "Suivi : NPS",
            ["invited"] = "invités", ["responded"] = "répondants (n)", ["responseRate"] = "taux de réponse", ["nps"] = "NPS", ["csat"] = "satisfaction moyenne (1 à 5)",
            ["volunteer"] = "Bénévoles", ["association"] = "Associations", ["partner"] = "Entreprises partenaires",
        });

    public static readonly ReportText English = new(
        "en", "{0}: NPS and satisfaction", "NPS (−100 to 100)", "Satisfaction (1 to 5)", "Groups", "Volunteers", "Associations",
        "Partner companies", "Companies (their employees' answers)", "no response", "(name not known)", "figure", "label", "value",
        new Dictionary<string, string>
        {
            ["marathon"] = "Marathon", ["date"] = "Date",
            ["impact.volunteers"] = "Volunteers registered (confirmed places)", ["impact.volunteersCheckedIn"] = "Volunteers who came (checked in)",
            ["impact.hours"] = "Hours given", ["impact.valueEur"] = "Value of the hours (EUR)", ["impact.teams"] = "Teams",
            ["impact.deliverables"] = "Deliverables handed over",
            ["followUp.invited"] = "Follow-up some months on: associations invited", ["followUp.responded"] = "Follow-up: responded (n)",
            ["followUp.inUse"] = "Follow-up: deliverable in use", ["followUp.partlyInUse"] = "Follow-up: deliverable partly in use",
            ["followUp.notInUse"] = "Follow-up: deliverable not in use", ["followUp.nps"] = "Follow-up: NPS",
            ["invited"] = "invited", ["responded"] = "responded (n)", ["responseRate"] = "response rate", ["nps"] = "NPS", ["csat"] = "mean satisfaction (1 to 5)",
            ["volunteer"] = "Volunteers", ["association"] = "Associations", ["partner"] = "Partner companies",
        });

    public static ReportText Of(string lang) => lang == "en" ? English : French;

    /// <summary>A figure as the report computed it (its decimals kept), with this language's decimal mark.</summary>
    public string Number(decimal value) =>
        Lang == "fr" ? value.ToString(CultureInfo.InvariantCulture).Replace('.', ',') : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"Bénévoles : taux de réponse", "Volunteers: response rate" (French puts a space before the colon).</summary>
    public string Of(string whole, string part) => Lang == "fr" ? $"{whole} : {part}" : $"{whole}: {part}";

    public string Label(string key) => Labels.TryGetValue(key, out var label) ? label : key;
}
