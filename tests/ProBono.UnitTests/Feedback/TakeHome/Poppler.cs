using System.Diagnostics;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>
/// Reads a rendered PDF back with poppler's tools (installed by the README's apt-get line and by CI): its text as a
/// reader's viewer lays it out, its fonts, and its first page as a picture.
/// </summary>
internal static class Poppler
{
    /// <summary>The text of every page (pages separated by form feeds), no-break spaces read as spaces.</summary>
    public static string Text(string pdf) => Run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").Replace('\u00A0', ' ').Replace('\u202F', ' ');

    public static int Pages(string pdf) => Text(pdf).TrimEnd('\f').Split('\f').Length;

    public static string Fonts(string pdf) => Run("pdffonts", pdf);

    /// <summary>The first page as a PNG at 60 dpi; poppler must succeed.</summary>
    public static byte[] FirstPage(string pdf, int dpi = 60)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, Path.GetFileNameWithoutExtension(pdf) + "-page1");
        Run("pdftoppm", "-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "1", "-l", "1", "-singlefile", pdf, prefix);
        return File.ReadAllBytes(prefix + ".png");
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (apt-get install poppler-utils).");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        return output;
    }
}
