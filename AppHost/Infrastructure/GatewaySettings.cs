using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// The gateway's own settings given to the AppHost (<c>-- --Gateway:RateLimit:PermitsPerMinute=1000000</c>, or in its
/// appsettings) reach the gateway as <c>Gateway__...</c> variables. <c>Gateway:Port</c> stays with the AppHost: it is
/// the endpoint's port, not a gateway setting.
/// </summary>
internal static class GatewaySettings
{
    public static IResourceBuilder<ProjectResource> WithGatewaySettings(this IResourceBuilder<ProjectResource> gateway, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection("Gateway").AsEnumerable())
        {
            if (value is null || string.Equals(key, "Gateway:Port", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            gateway.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }
        return gateway;
    }
}
