using System.Collections.Frozen;
using System.Text;

namespace ProBono.Recruitment.Volunteers;

/// <summary>
/// Text folded for search at the desk: lower case, accents removed, so <c>aurelie</c> finds <c>Aurélie</c>. Stored folded
/// beside what it indexes, so a search is one <c>like</c> over a marathon's rows. The services run with invariant
/// globalization (no ICU, so no Unicode decomposition): the Latin letters with diacritics are folded by a table.
/// </summary>
internal static class Search
{
    private static readonly FrozenDictionary<char, string> Folds = BuildFolds();

    public static string Key(params string?[] parts) => string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Fold(p!)));

    /// <summary>Lower case without diacritics; the LIKE wildcards <c>%</c> and <c>\</c> dropped, so a query matches text only.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            var lower = char.ToLowerInvariant(c);
            if (Folds.TryGetValue(lower, out var plain))
            {
                folded.Append(plain);
            }
            else if (lower is not ('%' or '\\') && (lower < '\u0300' || lower > '\u036f')) // combining marks typed apart
            {
                folded.Append(lower);
            }
        }
        return folded.ToString();
    }

    private static FrozenDictionary<char, string> BuildFolds()
    {
        (string Letters, string Plain)[] groups =
        [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
            ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("ð", "d"), ("þ", "th"),
        ];
        return groups.SelectMany(g => g.Letters.Select(c => (c, g.Plain))).ToFrozenDictionary(p => p.c, p => p.Plain);
    }
}
