using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// How many traces the services keep (<c>Telemetry:TraceSamplingRatio</c>, default 1), since under load the dashboard
/// ingesting every trace takes CPU the services need (ADR 4). Below 1, OpenTelemetry's <c>parentbased_traceidratio</c>
/// sampler: the gateway decides for each request and the services follow the caller's decision.
/// </summary>
internal static class Telemetry
{
    public const string SamplingRatioKey = "Telemetry:TraceSamplingRatio";
    // the services drop the daemon's and the relay's root spans unless this is true (ServiceDefaults' BackgroundSpans)
    public const string BackgroundSpansKey = "Telemetry:BackgroundSpans";

    public static double SamplingRatio(IConfiguration configuration)
    {
        var configured = configuration[SamplingRatioKey];
        if (configured is null)
        {
            return 1.0;
        }
        if (!double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
        {
            throw new DistributedApplicationException($"{SamplingRatioKey} '{configured}' is not a number from 0 to 1 (for example 0.1).");
        }
        return ratio;
    }

    /// <summary>Call once every project is added: it applies to each of them.</summary>
    public static void ApplySampling(IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration[BackgroundSpansKey] is { } keepBackground)
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
            {
                builder.CreateResourceBuilder(project).WithEnvironment("Telemetry__BackgroundSpans", keepBackground);
            }
        }
        var ratio = SamplingRatio(builder.Configuration);
        if (ratio >= 1.0)
        {
            return; // Aspire's always_on
        }
        var argument = ratio.ToString("R", CultureInfo.InvariantCulture);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            // added after Aspire's own OTLP settings, so these win over OTEL_TRACES_SAMPLER=always_on
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", argument);
        }
    }
}
