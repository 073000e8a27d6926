using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ProBono.ServiceDefaults.Telemetry;

public static class TelemetrySetup
{
    /// <summary>The operators' instruments (<see cref="ProBonoMeters"/>).</summary>
    public static IServiceCollection AddProBonoMeters(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<RegistrationMeters>();
        services.TryAddSingleton<FeedbackMeters>();
        services.TryAddSingleton<FormationMeters>();
        services.TryAddSingleton<FailedMessageMeters>();
        return services;
    }
}
