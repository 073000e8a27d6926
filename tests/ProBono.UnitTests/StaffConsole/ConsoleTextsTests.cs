using System.Text.RegularExpressions;
using ProBono.StaffConsole.Language;

namespace ProBono.UnitTests.StaffConsole;

/// <summary>Every text the console shows exists in French and in English.</summary>
public sealed partial class ConsoleTextsTests
{
    [Fact]
    public void Every_text_a_page_names_is_written_in_both_languages()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Checkout.Root, "console"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        // a key ending in a dot is a prefix the page completes ("status." + status): the next test checks those
        var keys = sources.SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Where(k => !k.EndsWith('.')).Distinct().ToList();

        Assert.True(keys.Count > 50, $"only {keys.Count} keys found: the scan reads nothing");
        var missing = keys.Where(k => !Texts.Has(k)).ToList();
        var halfWritten = Texts.Keys.Where(k => string.IsNullOrWhiteSpace(Texts.Text(k, Languages.French)) || string.IsNullOrWhiteSpace(Texts.Text(k, Languages.English))).ToList();
        Assert.True(missing.Count == 0, $"texts named but not written: {string.Join(", ", missing)}");
        Assert.True(halfWritten.Count == 0, $"texts without both languages: {string.Join(", ", halfWritten)}");
    }

    [Fact]
    public void Every_status_the_api_names_has_its_words()
    {
        string[] statuses = ["planned", "registration-open", "registration-closed", "in-progress", "completed",
            "submitted", "qualified", "published", "staffed", "delivered", "rejected", "withdrawn"];

        var missing = statuses.Where(s => !Texts.Has("status." + s)).ToList();
        Assert.True(missing.Count == 0, $"statuses without words: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"T(?:\[|\.Format\()""([a-z0-9.\-]+)""")]
    private static partial Regex Key();
}
