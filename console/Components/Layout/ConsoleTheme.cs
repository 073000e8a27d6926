using MudBlazor;

namespace ProBono.StaffConsole.Components.Layout;

/// <summary>The console's colours: dark enough on white (and white on them) for WCAG AA contrast.</summary>
internal static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#7a3e00",
            Success = "#1b5e20",
            Error = "#b00020",
            Warning = "#7a4f00",
            Info = "#0b4f8a",
            AppbarBackground = "#1f4e79",
            TextSecondary = "rgba(0,0,0,0.70)",
        },
    };
}
