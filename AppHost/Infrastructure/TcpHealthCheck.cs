using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProBono.AppHost.Infrastructure;

/// <summary>Healthy once something accepts TCP connections on the port (the local servers listen only when ready).</summary>
internal sealed class TcpHealthCheck(string host, int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(host, port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Nothing accepts connections on {host}:{port} yet.");
        }
    }
}
