using ProBono.Feedback.Campaigns;

namespace ProBono.Feedback.Surveys;

/// <summary>The kinds of question: NPS (0–10), a rating (1–5: how much one agrees), a free text and one choice among options.</summary>
internal static class QuestionKinds
{
    public const string Nps = "nps";
    public const string Rating = "rating";
    public const string Text = "text";
    public const string Choice = "choice";
}

/// <summary>One option of a choice question: the value sent, and its words in French and English.</summary>
internal sealed record ChoiceOption(string Value, string French, string English)
{
    public string Text(string language) => language == "en" ? English : French;
}

/// <summary>
/// One question of a group's survey, in French and English. <see cref="Mandatory"/> marks a question answered in
/// <c>answers</c> that must be answered (NPS and satisfaction always must).
/// </summary>
internal sealed record SurveyQuestion(
    string Id, string Kind, string French, string English, IReadOnlyList<ChoiceOption>? Options = null, bool Mandatory = false)
{
    public const int MaxTextLength = 2000;

    public bool Required => Mandatory || Id is SurveyQuestions.NpsId or SurveyQuestions.SatisfactionId;

    public int? Min => Kind switch { QuestionKinds.Nps => 0, QuestionKinds.Rating => 1, _ => null };

    public int? Max => Kind switch { QuestionKinds.Nps => 10, QuestionKinds.Rating => 5, _ => null };

    public string Text(string language) => language == "en" ? English : French;
}

/// <summary>
/// Each group's questions. NPS and satisfaction come first and are answered by the body's own fields; the
/// others are answered in <c>answers</c> by their id.
/// </summary>
internal static class SurveyQuestions
{
    public const string NpsId = "nps";
    public const string SatisfactionId = "satisfaction";
    public const string ImprovementId = "improvement";

    private static readonly SurveyQuestion Satisfaction = new(SatisfactionId, QuestionKinds.Rating,
        "Dans l'ensemble, êtes-vous satisfait(e) du marathon ?", "Overall, how satisfied are you with the marathon?");

    private static readonly SurveyQuestion Improvement = new(ImprovementId, QuestionKinds.Text,
        "Que devrions-nous améliorer ?", "What should we improve?");

    private static readonly IReadOnlyList<SurveyQuestion> Volunteer =
    [
        new(NpsId, QuestionKinds.Nps,
            "Quelle est la probabilité que vous recommandiez le marathon à un(e) collègue ?",
            "How likely are you to recommend the marathon to a colleague?"),
        Satisfaction,
        new("time-reasonable", QuestionKinds.Rating, "Le temps demandé était raisonnable.", "The time asked was reasonable."),
        new("impact-visible", QuestionKinds.Rating, "L'impact de mon travail était visible.", "The impact of my work was visible."),
        new("cross-company", QuestionKinds.Rating,
            "J'ai bien travaillé avec des personnes d'autres entreprises.", "I worked well with people from other companies."),
        Improvement,
    ];

    private static readonly IReadOnlyList<SurveyQuestion> Association =
    [
        new(NpsId, QuestionKinds.Nps,
            "Quelle est la probabilité que vous recommandiez le marathon à une autre association ?",
            "How likely are you to recommend the marathon to another association?"),
        Satisfaction,
        new("outside-view-useful", QuestionKinds.Rating, "Le regard extérieur a été utile.", "The outside view was useful."),
        new("deliverable-usable", QuestionKinds.Rating, "Le livrable est utilisable tel quel.", "The deliverable is usable as it is."),
        new("people-to-apply", QuestionKinds.Rating, "Nous avons les personnes pour le mettre en œuvre.", "We have the people to apply it."),
        Improvement,
    ];

    private static readonly IReadOnlyList<SurveyQuestion> Partner =
    [
        new(NpsId, QuestionKinds.Nps,
            "Quelle est la probabilité que vous recommandiez le marathon à une autre entreprise ?",
            "How likely are you to recommend the marathon to another company?"),
        Satisfaction,
        new("cohesion", QuestionKinds.Rating,
            "L'événement a renforcé la cohésion entre nos collaborateurs.", "The event strengthened cohesion between our employees."),
        new("skills-showcased", QuestionKinds.Rating,
            "Il a mis en valeur les compétences de nos collaborateurs.", "It showed our employees' skills."),
        Improvement,
    ];

    public const string InUseId = "in-use";
    public const string ChangedId = "changed";

    /// <summary>Some months on: is the deliverable in use, what changed, and would they recommend the marathon now.</summary>
    private static readonly IReadOnlyList<SurveyQuestion> AssociationFollowUp =
    [
        new(InUseId, QuestionKinds.Choice, "Le livrable réalisé pendant le marathon est-il utilisé aujourd'hui ?",
            "Is the deliverable made during the marathon in use today?",
            [
                new(FollowUpAnswers.Yes, "Oui", "Yes"), new(FollowUpAnswers.Partly, "En partie", "Partly"),
                new(FollowUpAnswers.No, "Non", "No"),
            ],
            Mandatory: true),
        new(ChangedId, QuestionKinds.Text, "Qu'est-ce qui a changé pour votre association depuis ?", "What has changed for your association since?"),
        new(NpsId, QuestionKinds.Nps,
            "Aujourd'hui, quelle est la probabilité que vous recommandiez le marathon à une autre association ?",
            "Today, how likely are you to recommend the marathon to another association?"),
    ];

    public static IReadOnlyList<SurveyQuestion> For(string group) => group switch
    {
        SurveyGroups.Volunteer => Volunteer,
        SurveyGroups.Association => Association,
        SurveyGroups.Partner => Partner,
        SurveyGroups.AssociationFollowUp => AssociationFollowUp,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "Not a survey group."),
    };

    /// <summary>The questions answered in <c>answers</c> (all but NPS and satisfaction).</summary>
    public static IReadOnlyList<SurveyQuestion> InAnswers(string group) => [.. For(group).Where(q => q.Id is not (NpsId or SatisfactionId))];

    /// <summary>Whether the group's survey asks for satisfaction (the follow-up does not).</summary>
    public static bool AsksSatisfaction(string group) => For(group).Any(q => q.Id == SatisfactionId);
}
