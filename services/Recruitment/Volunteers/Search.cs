using System.Globalization;
using System.Text;

namespace ProBono.Recruitment.Volunteers;

/// <summary>
/// Text folded for search at the desk: lower case, accents removed, so <c>aurelie</c> finds <c>Aurélie</c>. Stored folded
/// beside what it indexes, so a search is one <c>like</c> on an indexed marathon's rows, not a fold per row per query.
/// </summary>
internal static class Search
{
    public static string Key(params string?[] parts) => string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Fold(p!)));

    /// <summary>Lower case without diacritics; the LIKE wildcards <c>%</c> and <c>\</c> dropped, so a query matches text only.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c is not ('%' or '\\'))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
