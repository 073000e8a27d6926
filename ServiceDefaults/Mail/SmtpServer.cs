using Microsoft.Extensions.Configuration;
using MimeKit;

namespace ProBono.ServiceDefaults.Mail;

/// <summary>
/// The mail server a service sends through (<c>ConnectionStrings:smtp</c>: <c>smtp://host:port</c>, or <c>host[:port]</c>;
/// port 25 by default) and the sender every mail names (<c>Mail:From</c>, with the display name <c>Mail:FromName</c>).
/// Locally the AppHost gives each mailing service its smtp4dev; a deployment names its own server.
/// </summary>
public sealed record SmtpServer(string Host, int Port, MailboxAddress From)
{
    public const string ConnectionName = "smtp";
    public const string DefaultFromAddress = "marathon@probono.example";
    public const string DefaultFromName = "Marathon Pro Bono";

    /// <summary>Null without <c>ConnectionStrings:smtp</c>: the service then sends no mail.</summary>
    public static SmtpServer? Of(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionName) is not { Length: > 0 } smtp)
        {
            return null;
        }
        var server = new Uri(smtp.Contains("://", StringComparison.Ordinal) ? smtp : $"smtp://{smtp}");
        var from = new MailboxAddress(configuration["Mail:FromName"] ?? DefaultFromName, configuration["Mail:From"] ?? DefaultFromAddress);
        return new SmtpServer(server.Host, server.Port > 0 ? server.Port : 25, from);
    }
}
