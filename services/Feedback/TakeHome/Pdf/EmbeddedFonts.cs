using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>
/// DejaVu Sans, regular and bold, from the service's own assembly: a fresh host has no fonts installed, and PDFsharp's
/// Core build finds none by itself. Every family a document asks for is answered with DejaVu Sans (italic simulated).
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lazy<byte[]> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly Lock Gate = new();
    private static volatile bool installed;

    /// <summary>
    /// Sets the resolver, once, before the first document: PDFsharp's font settings are static and accept a resolver
    /// only before any font was used, so concurrent first requests must not race to set it.
    /// </summary>
    public static void Install()
    {
        if (installed)
        {
            return;
        }
        lock (Gate)
        {
            if (installed)
            {
                return;
            }
            switch (GlobalFontSettings.FontResolver)
            {
                case null:
                    GlobalFontSettings.FontResolver = new EmbeddedFonts();
                    break;
                case EmbeddedFonts:
                    break;
                default:
                    throw new InvalidOperationException(
                        $"PDFsharp already has a font resolver ({GlobalFontSettings.FontResolver.GetType().Name}); the take-home documents need {nameof(EmbeddedFonts)}.");
            }
            installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, italic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => Regular.Value,
        BoldFace => Bold.Value,
        _ => null,
    };

    private static byte[] Load(string file)
    {
        var name = $"ProBono.Feedback.Fonts.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the Feedback assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
