using System.Globalization;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// The French figures a tax pack is valued with: the hours of a full-time year (<c>Tax:AnnualHours</c>, 1,607 by default)
/// and the PASS (plafond annuel de la sécurité sociale) of each year (<c>Tax:Pass:{year}</c>; appsettings.json ships the
/// years known). A new year's PASS is a setting, not a release.
/// </summary>
internal sealed record TaxSettings(int AnnualHours, IReadOnlyDictionary<int, decimal> PassByYear)
{
    public const int DefaultAnnualHours = 1607;

    /// <summary>The settings of <paramref name="configuration"/>; a PASS or an hour count that is not a positive number stops the service at start.</summary>
    public static TaxSettings Of(IConfiguration configuration)
    {
        var hours = configuration.GetValue("Tax:AnnualHours", DefaultAnnualHours);
        if (hours <= 0)
        {
            throw new InvalidOperationException($"Tax:AnnualHours must be a positive number of hours; it is {hours}.");
        }
        var passes = new Dictionary<int, decimal>();
        foreach (var year in configuration.GetSection("Tax:Pass").GetChildren())
        {
            if (!int.TryParse(year.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
                || !decimal.TryParse(year.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var pass) || pass <= 0)
            {
                throw new InvalidOperationException($"Tax:Pass:{year.Key} must name a year and hold a positive amount in euros; it is '{year.Value}'.");
            }
            passes[y] = pass;
        }
        return passes.Count == 0
            ? throw new InvalidOperationException("No PASS is set (Tax:Pass:{year}): a tax pack cannot be valued without one.")
            : new TaxSettings(hours, passes);
    }

    /// <summary>The PASS of <paramref name="year"/>, else the latest year's that is known (provisional until the year's is set).</summary>
    public (decimal Pass, int Of, bool Provisional) PassOf(int year) =>
        PassByYear.TryGetValue(year, out var pass) ? (pass, year, false) : (PassByYear[PassByYear.Keys.Max()], PassByYear.Keys.Max(), true);
}

/// <summary>Reads <see cref="TaxSettings"/> when the service starts, so a malformed PASS stops it then, not at the first tax pack.</summary>
internal sealed class TaxSettingsCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<TaxSettings>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
