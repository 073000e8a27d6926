using System.Globalization;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>
/// A volunteer mail's words in the volunteer's language (French by default, English), for one kind of mail. The
/// services run with invariant globalization, so dates are written with month names of their own.
/// </summary>
internal sealed record VolunteerMailText(
    string Subject, string Greeting, string Lead, string? Badge, string? BadgeHint, string? Calendar, string? Ask,
    string? ConfirmButton, string? Fallback, string Closing, string? OtherLanguage, string? OtherLanguageLink)
{
    private static readonly string[] FrenchMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>"16 novembre 2030", "16 November 2030".</summary>
    public static string DateIn(string language, DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {(language == "en" ? EnglishMonths : FrenchMonths)[date.Month - 1]} {date.Year}");

    public static VolunteerMailText For(string language, string kind, string firstName, string marathon, DateOnly day, string venue, string? badge, int? place)
    {
        var date = DateIn(language, day);
        return language == "en" ? English(kind, firstName, marathon, date, venue, badge, place) : French(kind, firstName, marathon, date, venue, badge, place);
    }

    private static VolunteerMailText French(string kind, string firstName, string marathon, string date, string venue, string? badge, int? place)
    {
        var withBadge = kind is VolunteerMailKinds.Confirmed or VolunteerMailKinds.Promoted;
        var (subject, lead) = kind switch
        {
            VolunteerMailKinds.Confirmed => ($"{marathon} – {date} : votre place est confirmée",
                $"Votre inscription au {marathon} est confirmée : rendez-vous le {date}, à {venue}."),
            VolunteerMailKinds.Promoted => ($"{marathon} – {date} : une place s'est libérée pour vous",
                $"Une place s'est libérée : votre participation au {marathon} est confirmée. Rendez-vous le {date}, à {venue}."),
            VolunteerMailKinds.Waitlisted => ($"{marathon} – {date} : vous êtes sur la liste d'attente",
                $"Les places de votre entreprise pour le {marathon} ({date}, {venue}) sont prises : vous êtes n° {place} sur sa liste d'attente. " +
                "Si une place se libère, elle est à vous et nous vous l'écrirons."),
            VolunteerMailKinds.Week => ($"{marathon} – {date} : c'est dans une semaine",
                $"Le {marathon} a lieu dans une semaine : le {date}, à {venue}. Nous comptons sur vous !"),
            _ => ($"{marathon} – {date} : c'est demain, confirmez votre venue",
                $"Le {marathon} a lieu demain, le {date}, à {venue}."),
        };
        var day = kind == VolunteerMailKinds.Day;
        return new VolunteerMailText(
            subject, $"Bonjour {firstName},", lead,
            badge is null || kind == VolunteerMailKinds.Waitlisted ? null : $"Votre badge : {badge}",
            withBadge ? "Présentez ce code, ou le QR code ci-dessous, à l'accueil le jour J." : null,
            withBadge ? "L'événement est joint à ce message (fichier .ics) pour votre agenda." : null,
            day ? "Dites-nous si vous venez : si vous ne pouvez pas, votre place ira à une personne de la liste d'attente." : null,
            day ? "Confirmer ou annuler ma venue" : null,
            day ? "Si le bouton ne fonctionne pas, ouvrez cette adresse :" : null,
            "L'équipe du Marathon Pro Bono",
            day ? "In English:" : null,
            day ? "Read the attendance page in English" : null);
    }

    private static VolunteerMailText English(string kind, string firstName, string marathon, string date, string venue, string? badge, int? place)
    {
        var withBadge = kind is VolunteerMailKinds.Confirmed or VolunteerMailKinds.Promoted;
        var (subject, lead) = kind switch
        {
            VolunteerMailKinds.Confirmed => ($"{marathon} – {date}: your place is confirmed",
                $"Your registration for {marathon} is confirmed: see you on {date}, at {venue}."),
            VolunteerMailKinds.Promoted => ($"{marathon} – {date}: a place opened up for you",
                $"A place opened up: you are now confirmed for {marathon}. See you on {date}, at {venue}."),
            VolunteerMailKinds.Waitlisted => ($"{marathon} – {date}: you are on the waitlist",
                $"Your company's places for {marathon} ({date}, {venue}) are taken: you are number {place} on its waitlist. " +
                "If a place opens up, it is yours and we will write to you."),
            VolunteerMailKinds.Week => ($"{marathon} – {date}: one week to go",
                $"{marathon} takes place in one week: on {date}, at {venue}. We are counting on you!"),
            _ => ($"{marathon} – {date}: it's tomorrow, please confirm you are coming",
                $"{marathon} takes place tomorrow, {date}, at {venue}."),
        };
        var day = kind == VolunteerMailKinds.Day;
        return new VolunteerMailText(
            subject, $"Hello {firstName},", lead,
            badge is null || kind == VolunteerMailKinds.Waitlisted ? null : $"Your badge: {badge}",
            withBadge ? "Show this code, or the QR code below, at the welcome desk on the day." : null,
            withBadge ? "The event is attached to this message (.ics file) for your calendar." : null,
            day ? "Tell us whether you are coming: if you cannot, your place goes to someone on the waitlist." : null,
            day ? "Confirm or cancel my attendance" : null,
            day ? "If the button does not work, open this address:" : null,
            "The Pro Bono Marathon team",
            day ? "En français :" : null,
            day ? "Lire la page de présence en français" : null);
    }
}
