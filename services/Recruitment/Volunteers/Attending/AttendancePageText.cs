using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ProBono.Recruitment.Volunteers.Attending;

/// <summary>The attendance page's words, in French and English, and the page around them.</summary>
internal sealed record AttendancePageText(
    string Title, string Marathon, string Question, string ConfirmButton, string CancelButton, string CancelHint, string AlreadyConfirmed,
    string OtherLanguage, string ConfirmedTitle, string ConfirmedText, string CancelledTitle, string CancelledText, string NoPlaceTitle,
    string NoPlaceText, string TooLateTitle, string TooLateText, string UnknownTitle, string UnknownText, string UnreadableTitle, string UnreadableText)
{
    private static readonly AttendancePageText French = new(
        "Votre venue au Marathon Pro Bono",
        "{0}, le {1}, à {2}",
        "Venez-vous ?",
        "Je viens",
        "Je ne peux pas venir",
        "Si vous ne pouvez pas venir, votre place ira à la première personne de la liste d'attente de votre entreprise.",
        "Vous avez déjà confirmé votre venue. Vous pouvez encore annuler si un empêchement survient.",
        "Read this page in English",
        "Merci, à demain !", "Votre venue est confirmée : {0}, le {1}, à {2}.",
        "Votre place est annulée", "C'est noté : vous ne viendrez pas au {0} du {1}. Merci de nous avoir prévenus, votre place revient à une autre personne.",
        "Pas de place à votre nom", "Vous n'avez pas de place confirmée au {0} du {1} : il n'y a rien à confirmer.",
        "Il est trop tard pour répondre", "Le {0} du {1} a commencé ou est terminé : votre réponse ne peut plus être enregistrée. Rien n'a été changé.",
        "Page introuvable", "Il n'y a rien à cette adresse. Vérifiez le lien reçu par e-mail.",
        "Réponse illisible", "Votre réponse n'a pas pu être lue. Rouvrez le lien reçu par e-mail et choisissez à nouveau.");

    private static readonly AttendancePageText English = new(
        "Your attendance at the Pro Bono Marathon",
        "{0}, {1}, at {2}",
        "Are you coming?",
        "I am coming",
        "I cannot come",
        "If you cannot come, your place goes to the first person on your company's waitlist.",
        "You have already confirmed that you are coming. You can still cancel if something comes up.",
        "Lire cette page en français",
        "Thank you, see you tomorrow!", "Your attendance is confirmed: {0}, {1}, at {2}.",
        "Your place is cancelled", "Noted: you will not come to {0} on {1}. Thank you for telling us; your place goes to someone else.",
        "No place in your name", "You hold no confirmed place at {0} on {1}: there is nothing to confirm.",
        "Too late to answer", "{0} on {1} has started or is over: your answer can no longer be recorded. Nothing was changed.",
        "Page not found", "There is nothing at this address. Check the link in the e-mail you received.",
        "Answer not readable", "Your answer could not be read. Open the link in your e-mail again and choose once more.");

    public static AttendancePageText For(string language) => language == "en" ? English : French;

    // letters of any script stay as they are (the page is UTF-8); markup characters are still encoded
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string value) => Encoder.Encode(value);

    /// <summary>A title and its paragraph, as HTML.</summary>
    public static string Message(string title, string text) => $"<h1>{Encode(title)}</h1><p>{Encode(text)}</p>";

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
        .answers { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
        button { font: inherit; font-weight: 600; padding: .75rem 1.5rem; border-radius: .375rem; cursor: pointer; }
        button.confirm { border: 0; background: #0b5394; color: #fff; }
        button.cancel { border: 2px solid #a50e0e; background: #fff; color: #a50e0e; }
        button:focus-visible, a:focus-visible { outline: 3px solid #f1c232; outline-offset: 2px; }
        .hint, .note { color: #555; }
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
