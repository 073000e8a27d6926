using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Surveys;

namespace ProBono.Feedback.Mail;

/// <summary>The invitation mail's words in one language, for one respondent's survey; a part the copies cannot fill is null or left out.</summary>
internal sealed record SurveyMailText(
    string Subject, string Heading, string Title, string Greeting, string Thanks, string? About, string Ask, string Button, string? Closes,
    string Personal, string Fallback, string OtherLanguage, string OtherLanguageLink)
{
    public static SurveyMailText For(string language, string group, SurveySubject subject, string? firstName)
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
