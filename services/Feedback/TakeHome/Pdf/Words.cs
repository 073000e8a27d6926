using System.Globalization;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>
/// Numbers, amounts, dates and times as a French or English reader writes them. The services run with invariant
/// globalisation (no culture data), so the separators and month names are spelt here. French separates thousands and
/// the euro sign with no-break spaces, so "1 234,56 €" never splits across two lines.
/// </summary>
internal static class Words
{
    public const string French = "fr";
    public const string English = "en";
    private const char NoBreak = '\u00A0';

    private static readonly string[] FrenchMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly TimeZoneInfo? Paris = FindParis();

    /// <summary>"fr" unless "en" was asked for: French is the platform's default language.</summary>
    public static string Language(string? lang) => string.Equals(lang, English, StringComparison.OrdinalIgnoreCase) ? English : French;

    /// <summary>fr "1 234,56 €", en "€1,234.56".</summary>
    public static string Money(decimal amount, string lang)
    {
        var digits = Grouped(Math.Abs(amount), "N2", lang);
        var sign = amount < 0 ? "−" : "";
        return lang == English ? $"{sign}€{digits}" : $"{sign}{digits}{NoBreak}€";
    }

    /// <summary>fr "1 000", en "1,000".</summary>
    public static string Count(long value, string lang) => (value < 0 ? "−" : "") + Grouped(Math.Abs(value), "N0", lang);

    /// <summary>A figure kept to its decimals (an NPS of 33.3, a satisfaction of 4.25), with the language's decimal mark.</summary>
    public static string Figure(decimal value, string lang)
    {
        var text = Math.Abs(value).ToString("0.##", CultureInfo.InvariantCulture);
        return (value < 0 ? "−" : "") + (lang == English ? text : text.Replace('.', ','));
    }

    /// <summary>fr "60 %", en "60%".</summary>
    public static string Percent(decimal rate, string lang) =>
        lang == English ? $"{Figure(rate * 100, lang)}%" : $"{Figure(rate * 100, lang)}{NoBreak}%";

    /// <summary>fr "16 novembre 2030" ("1er" on the first), en "16 November 2030".</summary>
    public static string LongDate(DateOnly date, string lang) =>
        lang == English
            ? $"{date.Day.ToString(CultureInfo.InvariantCulture)} {EnglishMonths[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}"
            : $"{(date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture))} {FrenchMonths[date.Month - 1]} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The wall-clock time in Paris ("09:05"), preceded by the day ("17/11 09:05") when it is not <paramref name="day"/>.
    /// A host without the time-zone database shows UTC and says so, rather than a time that looks local and is not.
    /// </summary>
    public static string ParisTime(DateTimeOffset instant, DateOnly day)
    {
        var local = Paris is null ? instant.ToUniversalTime() : TimeZoneInfo.ConvertTime(instant, Paris);
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture) + (Paris is null ? " UTC" : "");
        return DateOnly.FromDateTime(local.DateTime) == day ? time : $"{local.ToString("dd/MM", CultureInfo.InvariantCulture)} {time}";
    }

    private static string Grouped(decimal value, string format, string lang)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        return lang == English ? text : text.Replace(',', NoBreak).Replace('.', ',');
    }

    private static TimeZoneInfo? FindParis()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
