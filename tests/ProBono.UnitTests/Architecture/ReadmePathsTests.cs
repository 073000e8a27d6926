using System.Text.RegularExpressions;

namespace ProBono.UnitTests.Architecture;

/// <summary>
/// The README sends a newcomer to paths: each one it names must exist, so that a move or a rename that forgets the
/// README fails here instead of misleading the next reader.
/// </summary>
public sealed partial class ReadmePathsTests
{
    private static readonly string Root = Checkout.Root;
    private static readonly string Readme = File.ReadAllText(Path.Combine(Root, "README.md"));

    private static readonly string[] TopLevel = ["AppHost/", "ServiceDefaults/", "services/", "gateway/", "console/", "tools/", "tests/", "docs/", ".ci/", ".config/", "clients/", "samples/"];

    [Fact]
    public void Every_path_the_readme_names_exists()
    {
        var missing = NamedPaths(Readme).Where(p => !Exists(p)).ToList();

        Assert.True(missing.Count == 0, $"README.md names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_entry_of_the_code_map_exists()
    {
        var missing = CodeMapEntries(Readme).Where(p => !Exists(p)).ToList();

        Assert.True(missing.Count == 0, $"README.md's map of the code names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_checks_see_the_paths_and_catch_a_stale_one()
    {
        // a guard against the rules above passing because they read nothing
        Assert.Contains("docs/operating.md", NamedPaths(Readme));
        Assert.Contains("ServiceDefaults/EventSourcing/", CodeMapEntries(Readme));
        var stale = "See `services/Contracts/Requests/` and [the ADRs](docs/adr/0099-gone.md).\n## A map of the code\n\n```\nservices/\n  Gone/  x\n```\n";
        Assert.Equal(["services/Contracts/Requests/", "docs/adr/0099-gone.md"], NamedPaths(stale).Where(p => !Exists(p)));
        Assert.Equal(["services/Gone/"], CodeMapEntries(stale).Where(p => !Exists(p)));
    }

    /// <summary>Relative link targets, and backticked words that begin with a top-level folder; placeholders are skipped.</summary>
    private static List<string> NamedPaths(string markdown)
    {
        var backticked = Backticked().Matches(markdown).Select(m => m.Groups[1].Value.Split(' ')[0]);
        var links = Link().Matches(markdown).Select(m => m.Groups[1].Value);
        return [.. backticked.Concat(links)
            .Select(p => p.TrimEnd('.', ',', ')'))
            .Where(p => TopLevel.Any(t => p.StartsWith(t, StringComparison.Ordinal)))
            .Where(p => p.IndexOfAny(['<', '{', '*', '…', '$']) < 0)
            .Distinct()];
    }

    /// <summary>The first word of each line of the code map's block, as a path built from its indentation (two spaces a level).</summary>
    private static List<string> CodeMapEntries(string markdown)
    {
        var section = markdown[markdown.IndexOf("## A map of the code", StringComparison.Ordinal)..];
        var block = section.Split("```")[1];
        var entries = new List<string>();
        var parents = new List<string>();
        foreach (var line in block.Split('\n').Where(l => l.Trim().Length > 0))
        {
            var depth = (line.Length - line.TrimStart().Length) / 2;
            var name = line.Trim().Split(' ')[0];
            parents.RemoveRange(depth, parents.Count - depth);
            var path = string.Concat(parents) + name;
            entries.Add(path);
            if (name.EndsWith('/'))
            {
                parents.Add(name);
            }
        }
        return entries;
    }

    private static bool Exists(string relative) =>
        File.Exists(Path.Combine(Root, relative)) || Directory.Exists(Path.Combine(Root, relative.TrimEnd('/')));

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\]\(([^)#\s]+)\)")]
    private static partial Regex Link();
}
