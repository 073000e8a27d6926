using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ProBono.Feedback.SurveyPage;

/// <summary>The survey page's words, in French and English, and the page around them.</summary>
internal sealed record SurveyPageText(
    string Title, string Intro, string Required, string NpsLow, string NpsHigh, string RatingLow, string RatingHigh, string SatisfactionLow,
    string SatisfactionHigh, string Comment, string Send, string FixErrors, string OtherLanguage, string ThanksTitle, string ThanksText,
    string UsedTitle, string UsedText, string UnknownTitle, string UnknownText, string UnreadableTitle, string UnreadableText, string ChooseNps,
    string ChooseRating, string TextTooLong, string TextInvisibleCharacter, string Marathon, string Closes, string HelpedWithNeed, string Helped,
    string YourNeed, string ClosedTitle, string ClosedText, string FollowUpTitle, string FollowUpIntro, string ChooseOne)
{
    private static readonly SurveyPageText French = new(
        "Votre avis sur le Marathon Pro Bono",
        "Quelques questions, deux minutes : vos réponses nous aident à préparer le prochain marathon.",
        "obligatoire", "0 : pas du tout probable", "10 : très probable", "1 : pas du tout d'accord", "5 : tout à fait d'accord",
        "1 : très insatisfait(e)", "5 : très satisfait(e)",
        "Un commentaire ? (facultatif)", "Envoyer mes réponses", "Certaines réponses sont à corriger : voyez les messages sous les questions.",
        "Read this survey in English",
        "Merci !", "Vos réponses sont bien enregistrées. Merci d'avoir pris le temps de répondre.",
        "Questionnaire déjà rempli", "Ce questionnaire a déjà reçu une réponse : une seule réponse par invitation. Merci !",
        "Questionnaire introuvable", "Il n'y a pas de questionnaire à cette adresse. Vérifiez le lien reçu par e-mail.",
        "Réponses illisibles", "Vos réponses n'ont pas pu être lues. Rouvrez le lien reçu par e-mail et envoyez-les à nouveau.",
        "Choisissez une note de 0 à 10.", "Choisissez une note de 1 à 5.", "Ce texte dépasse {0} caractères : raccourcissez-le.",
        "Ce texte contient un caractère invisible non autorisé : retirez-le ou retapez le texte.",
        "{0}, le {1}", "Vous pouvez répondre jusqu'au {0} (heure de Paris).", "Votre équipe a aidé {0} : « {1} ».", "Votre équipe a aidé {0}.",
        "Votre besoin : « {0} ».",
        "Questionnaire fermé", "Ce questionnaire est fermé : les réponses ne sont plus recueillies. Merci de votre intérêt !",
        "Que devient votre livrable ?",
        "Quelques mois après le marathon, trois questions, une minute : vos réponses nous disent ce que le travail des bénévoles a changé.",
        "Choisissez une réponse.");

    private static readonly SurveyPageText English = new(
        "Your view of the Pro Bono Marathon",
        "A few questions, two minutes: your answers help us prepare the next marathon.",
        "required", "0: not at all likely", "10: extremely likely", "1: strongly disagree", "5: strongly agree",
        "1: very dissatisfied", "5: very satisfied",
        "Any comment? (optional)", "Send my answers", "Some answers need fixing: see the messages under the questions.",
        "Lire ce questionnaire en français",
        "Thank you!", "Your answers are saved. Thank you for taking the time to answer.",
        "Survey already answered", "This survey has already been answered: one response per invitation. Thank you!",
        "Survey not found", "There is no survey at this address. Check the link in the e-mail you received.",
        "Answers not readable", "Your answers could not be read. Open the link in your e-mail again and send them once more.",
        "Choose a score from 0 to 10.", "Choose a score from 1 to 5.", "This text is longer than {0} characters: please shorten it.",
        "This text holds an invisible character that is not allowed: remove it or type the text again.",
        "{0}, {1}", "You can answer until {0} (Paris time).", "Your team helped {0}: “{1}”.", "Your team helped {0}.",
        "Your need: “{0}”.",
        "Survey closed", "This survey has closed: answers are no longer taken. Thank you for your interest!",
        "What became of your deliverable?",
        "Some months after the marathon, three questions, one minute: your answers tell us what the volunteers' work changed.",
        "Choose an answer.");

    // letters of any script stay as they are (the page is UTF-8); markup characters are still encoded
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text as HTML for the page.</summary>
    public static string Encode(string value) => Encoder.Encode(value);

    public static SurveyPageText For(string language) => language == "en" ? English : French;

    public string Thanks => Message(ThanksTitle, ThanksText);

    public string Used => Message(UsedTitle, UsedText);

    public string Unknown => Message(UnknownTitle, UnknownText);

    public string Unreadable => Message(UnreadableTitle, UnreadableText);

    public string Closed => Message(ClosedTitle, ClosedText);

    private static string Message(string title, string text) =>
        $"<h1>{Encode(title)}</h1><p>{Encode(text)}</p>";

    /// <summary>The page around <paramref name="body"/> (already HTML): readable on a phone, visible focus, no script, no outside resource.</summary>
    public static string Layout(string body, string language) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{Encode(For(language).Title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 40rem; padding: 1rem; color: #1a1a1a; }
        h1 { font-size: 1.5rem; }
        .question { border: 1px solid #ccc; border-radius: .5rem; margin: 1rem 0; padding: .75rem 1rem; }
        legend, label[for] { font-weight: 600; }
        .scale { display: flex; flex-wrap: wrap; gap: .25rem; }
        .scale label { display: inline-flex; align-items: center; justify-content: center; min-width: 2.75rem; min-height: 2.75rem; font-weight: 400; border: 1px solid #888; border-radius: .375rem; cursor: pointer; }
        .scale input { position: absolute; opacity: 0; }
        .choices { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
        .choices label { display: inline-flex; align-items: center; gap: .375rem; min-height: 2.75rem; font-weight: 400; cursor: pointer; }
        .choices input { width: 1.25rem; height: 1.25rem; }
        .scale input:checked + span { font-weight: 700; }
        .scale label:has(input:checked) { background: #0b5394; color: #fff; border-color: #0b5394; }
        .scale label:has(input:focus-visible), textarea:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #f1c232; outline-offset: 2px; }
        .ends { display: flex; justify-content: space-between; font-size: .875rem; color: #555; margin: .25rem 0 0; }
        textarea { width: 100%; box-sizing: border-box; font: inherit; }
        button { font: inherit; font-weight: 600; padding: .75rem 1.5rem; border: 0; border-radius: .375rem; background: #0b5394; color: #fff; cursor: pointer; }
        .error, .errors { color: #a50e0e; }
        .required { font-weight: 400; color: #555; }
        </style>
        </head>
        <body>
        <main>
        {{body}}
        </main>
        </body>
        </html>
        """;
}
