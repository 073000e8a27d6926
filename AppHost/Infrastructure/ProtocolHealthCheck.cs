using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// Healthy once the server on the port answers its own protocol's greeting — not merely once something accepts
/// TCP connections there (another program holding the port must not pass for our server).
/// </summary>
internal sealed class ProtocolHealthCheck(string host, int port, byte[] greeting, Func<byte, bool> isAnswer, string server) : IHealthCheck
{
    /// <summary>PostgreSQL's SSLRequest; a PostgreSQL server answers 'S' or 'N'.</summary>
    public static ProtocolHealthCheck Postgres(string host, int port) =>
        new(host, port, [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F], b => b is (byte)'S' or (byte)'N', "PostgreSQL");

    /// <summary>The AMQP 0-9-1 protocol header; a RabbitMQ node answers with a method frame (type 1: Connection.Start).</summary>
    public static ProtocolHealthCheck RabbitMq(string host, int port) =>
        new(host, port, "AMQP\0\0\u0009\u0001"u8.ToArray(), b => b == 1, "RabbitMQ");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(greeting, timeout.Token);
            var answer = new byte[1];
            return await stream.ReadAsync(answer, timeout.Token) == 1 && isAnswer(answer[0])
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"What listens on {host}:{port} does not answer like {server}.");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{server} does not answer on {host}:{port} yet.");
        }
    }
}
