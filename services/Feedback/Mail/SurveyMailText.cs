using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Surveys;

namespace ProBono.Feedback.Mail;

/// <summary>The invitation mail's words in one language, for one respondent's survey; a part the copies cannot fill is null or left out.</summary>
internal sealed record SurveyMailText(
    string Subject, string Heading, string Title, string Greeting, string Thanks, string? About, string Ask, string Button, string? Closes,
    string Personal, string Fallback, string OtherLanguage, string OtherLanguageLink)
{
    /// <param name="reminder">A reminder: the subject says so, and the first lines say the survey is still waiting for an answer.</param>
    public static SurveyMailText For(string language, string group, SurveySubject subject, string? firstName, bool reminder = false)
    {
        var words = group == SurveyGroups.AssociationFollowUp ? FollowUp(language, subject, firstName) : Survey(language, group, subject, firstName);
        if (!reminder)
        {
            return words;
        }
        return language == "en"
            ? words with { Subject = $"Reminder: {words.Subject}", Thanks = $"We have not received your answer yet: there is still time. {words.Thanks}" }
            : words with { Subject = $"Rappel : {words.Subject}", Thanks = $"Nous n'avons pas encore reçu votre réponse : il est encore temps. {words.Thanks}" };
    }

    /// <summary>The follow-up's words: some months on, is the deliverable in use and what changed.</summary>
    private static SurveyMailText FollowUp(string language, SurveySubject subject, string? firstName)
    {
        var hello = firstName is { Length: > 0 } ? $" {firstName}" : "";
        var date = subject.DateIn(language);
        var closes = subject.ClosesIn(language);
        var need = subject.Need;
        if (language == "en")
        {
            var marathon = subject.Marathon ?? "the Pro Bono Marathon";
            var named = date is null ? marathon : $"{marathon} ({date})";
            return new SurveyMailText(
                $"{named}: what became of your deliverable?",
                date is null ? "Pro Bono Marathon" : $"Pro Bono Marathon · {date}",
                $"Some months after {marathon}",
                $"Hello{hello},",
                date is null ? $"Some months ago, volunteers worked for you at {marathon}." : $"On {date}, volunteers worked for you at {marathon}.",
                need is null ? null : $"Your need: “{need}”.",
                "Three questions, one minute: is the deliverable in use, and what has changed since?",
                "Answer the follow-up",
                closes is null ? null : $"You can answer until {closes} (Paris time).",
                "This link is yours alone; please do not share it.",
                "If the button does not work, open this address:",
                "En français :",
                "Lire ce message et répondre en français");
        }
        var name = subject.Marathon ?? "Marathon Pro Bono";
        var french = date is null ? name : $"{name} ({date})";
        return new SurveyMailText(
            $"{french} : que devient votre livrable ?",
            date is null ? "Marathon Pro Bono" : $"Marathon Pro Bono · {date}",
            $"Quelques mois après {name}",
            $"Bonjour{hello},",
            date is null ? $"Il y a quelques mois, des bénévoles ont travaillé pour vous lors de {name}." : $"Le {date}, des bénévoles ont travaillé pour vous lors de {name}.",
            need is null ? null : $"Votre besoin : « {need} ».",
            "Trois questions, une minute : le livrable est-il utilisé, et qu'est-ce qui a changé depuis ?",
            "Répondre au suivi",
            closes is null ? null : $"Vous pouvez répondre jusqu'au {closes} (heure de Paris).",
            "Ce lien est personnel : merci de ne pas le partager.",
            "Si le bouton ne fonctionne pas, ouvrez cette adresse :",
            "In English:",
            "Read this message and answer in English");
    }

    private static SurveyMailText Survey(string language, string group, SurveySubject subject, string? firstName)
    {
        var hello = firstName is { Length: > 0 } ? $" {firstName}" : "";
        var date = subject.DateIn(language);
        var closes = subject.ClosesIn(language);
        if (language == "en")
        {
            var marathon = subject.Marathon ?? "the Pro Bono Marathon";
            var named = date is null ? marathon : $"{marathon} ({date})";
            return new SurveyMailText(
                $"{named}: your view in two minutes",
                date is null ? "Pro Bono Marathon" : $"Pro Bono Marathon · {date}",
                $"Your view of {marathon}",
                $"Hello{hello},",
                date is null ? $"Thank you for taking part in {marathon}." : $"Thank you for taking part in {marathon} on {date}.",
                (group, subject.Association, subject.Need) switch
                {
                    (SurveyGroups.Volunteer, { } association, { } need) => $"Your team helped {association}: “{need}”.",
                    (SurveyGroups.Volunteer, { } association, null) => $"Your team helped {association}.",
                    (SurveyGroups.Association, _, { } need) => $"Your need: “{need}”.",
                    _ => null,
                },
                "Two minutes of your time help us prepare the next one.",
                "Answer the survey",
                closes is null ? null : $"You can answer until {closes} (Paris time).",
                "This link is yours alone; please do not share it.",
                "If the button does not work, open this address:",
                "En français :",
                "Lire ce message et répondre en français");
        }
        var name = subject.Marathon ?? "Marathon Pro Bono";
        var french = date is null ? name : $"{name} ({date})";
        return new SurveyMailText(
            $"{french} : votre avis en deux minutes",
            date is null ? "Marathon Pro Bono" : $"Marathon Pro Bono · {date}",
            $"Votre avis sur {name}",
            $"Bonjour{hello},",
            date is null ? $"Merci d'avoir participé à {name}." : $"Merci d'avoir participé à {name}, le {date}.",
            (group, subject.Association, subject.Need) switch
            {
                (SurveyGroups.Volunteer, { } association, { } need) => $"Votre équipe a aidé {association} : « {need} ».",
                (SurveyGroups.Volunteer, { } association, null) => $"Votre équipe a aidé {association}.",
                (SurveyGroups.Association, _, { } need) => $"Votre besoin : « {need} ».",
                _ => null,
            },
            "Deux minutes de votre temps nous aident à préparer le prochain.",
            "Répondre au questionnaire",
            closes is null ? null : $"Vous pouvez répondre jusqu'au {closes} (heure de Paris).",
            "Ce lien est personnel : merci de ne pas le partager.",
            "Si le bouton ne fonctionne pas, ouvrez cette adresse :",
            "In English:",
            "Read this message and answer in English");
    }
}
