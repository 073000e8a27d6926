using Microsoft.AspNetCore.Components.Authorization;
using ProBono.StaffConsole.Session;

namespace ProBono.StaffConsole.Language;

/// <summary>
/// The console's words in the person's language. A static page reads it from the request (session claim, cookie,
/// Accept-Language); an interactive one, which has no request of its own, from the session's claim.
/// </summary>
internal sealed partial class Texts(IHttpContextAccessor accessor, AuthenticationStateProvider authentication)
{
    private string? lang;

    public string Lang => lang ??= Resolve();

    public string this[string key] => Table.TryGetValue(key, out var text) ? (Lang == Languages.English ? text.En : text.Fr) : key;

    /// <summary>A text with placeholders ({0}, {1}) filled in.</summary>
    public string Format(string key, params object?[] values) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], values);

    public static bool Has(string key) => Table.ContainsKey(key);

    public static IEnumerable<string> Keys => Table.Keys;

    /// <summary>One text in one language, for the tests that check both are written.</summary>
    public static string Text(string key, string language) => language == Languages.English ? Table[key].En : Table[key].Fr;

    private string Resolve()
    {
        if (accessor.HttpContext is { } http)
        {
            return Languages.Of(http);
        }
        var state = authentication.GetAuthenticationStateAsync();
        return state.IsCompletedSuccessfully && Languages.Known(state.Result.User.FindFirst(StaffSession.LanguageClaim)?.Value) is { } chosen
            ? chosen
            : Languages.French;
    }

    /// <summary>A date as the person reads it: 16 novembre 2026, or 16 November 2026.</summary>
    public string Date(DateOnly date) =>
        $"{date.Day} {(Lang == Languages.English ? MonthsEn : MonthsFr)[date.Month - 1]} {date.Year}";

    /// <summary>Whole euros as the person reads them: 1 120 € or €1,120 (the process has no culture data: invariant globalisation).</summary>
    public string Euros(decimal value)
    {
        var grouped = Math.Round(value, 0, MidpointRounding.AwayFromZero).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return Lang == Languages.English ? $"€{grouped}" : $"{grouped.Replace(',', '\u202f')} €";
    }

    public string Time(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] MonthsFr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    private static readonly string[] MonthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
}
