using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProBono.AppHost.Infrastructure;

/// <summary>
/// The local SMTP server every mail of the platform goes to: smtp4dev (the Rnwood.Smtp4dev dotnet tool of the repository's
/// tool manifest), a resource on the dashboard with its web page, which shows the mails that were sent (the latest
/// <c>Mail:MessagesToKeep</c>, 1,000 by default: see <see cref="MailCatcherArguments"/>). Only for local runs:
/// `Mail:Catcher=false` leaves it out, and `ConnectionStrings:smtp` names a real server instead.
/// </summary>
internal static class MailCatcher
{
    public const string ConnectionName = "smtp";

    /// <summary>Adds smtp4dev (restoring the tool manifest first) and returns the SMTP connection string services get.</summary>
    public static string? Add(IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(ConnectionName) is { } given)
        {
            return given;
        }
        if (!builder.Configuration.GetValue("Mail:Catcher", true))
        {
            return null;
        }
        var smtpPort = builder.Configuration.GetValue("Mail:SmtpPort", 2525);
        var webPort = builder.Configuration.GetValue("Mail:WebPort", 5025);
        var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        RestoreTools(repository);

        builder.Services.AddHealthChecks().AddCheck("smtp-port", new TcpHealthCheck("127.0.0.1", smtpPort));
        var keep = Math.Max(1, builder.Configuration.GetValue("Mail:MessagesToKeep", MailCatcherArguments.DefaultMessagesToKeep));
        builder.AddExecutable("mail", "dotnet", repository,
                ["tool", "run", "smtp4dev", "--", .. MailCatcherArguments.For(smtpPort, webPort, keep)])
            .WithHttpEndpoint(port: webPort, targetPort: webPort, name: "http", isProxied: false)
            .WithEndpoint(port: smtpPort, targetPort: smtpPort, scheme: "tcp", name: "smtp", isProxied: false)
            .WithHealthCheck("smtp-port")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Mails sent (smtp4dev)");
        return $"smtp://127.0.0.1:{smtpPort}";
    }

    /// <summary>`dotnet tool restore` once, so the README's run command needs nothing else; a failure says what to do.</summary>
    private static void RestoreTools(string repository)
    {
        using var restore = Process.Start(new ProcessStartInfo("dotnet", "tool restore")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new DistributedApplicationException("Could not start `dotnet tool restore` for the mail catcher.");
        var errors = restore.StandardError.ReadToEndAsync();
        _ = restore.StandardOutput.ReadToEnd();
        restore.WaitForExit();
        if (restore.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"`dotnet tool restore` failed ({errors.Result.Trim()}): the mail catcher (smtp4dev) cannot start. " +
                "Run it by hand in the repository, or start with `-- --Mail:Catcher=false`.");
        }
    }

    private sealed class TcpHealthCheck(string host, int port) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException e)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"Nothing answers on {host}:{port}.", e);
            }
        }
    }
}
