using Microsoft.Extensions.Configuration;
using ProBono.ServiceDefaults.Mail;

namespace ProBono.UnitTests.ServiceDefaults.Mail;

/// <summary>Where a mailing service finds its mail server and the sender its mails name.</summary>
public sealed class SmtpServerTests
{
    private static SmtpServer? Of(params (string Key, string Value)[] settings) =>
        SmtpServer.Of(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Without_a_connection_string_there_is_no_server() => Assert.Null(Of());

    [Fact]
    public void The_server_comes_from_the_smtp_connection_string_with_the_platforms_sender_by_default()
    {
        var server = Of(("ConnectionStrings:smtp", "smtp://127.0.0.1:2525"))!;

        Assert.Equal(("127.0.0.1", 2525), (server.Host, server.Port));
        Assert.Equal((SmtpServer.DefaultFromName, SmtpServer.DefaultFromAddress), (server.From.Name, server.From.Address));
        Assert.Equal(25, Of(("ConnectionStrings:smtp", "mail.example.org"))!.Port);
    }

    [Fact]
    public void The_sender_and_its_display_name_are_settings()
    {
        var server = Of(("ConnectionStrings:smtp", "mail.example.org:587"), ("Mail:From", "noreply@probono.example"), ("Mail:FromName", "Pro Bono"))!;

        Assert.Equal(("mail.example.org", 587), (server.Host, server.Port));
        Assert.Equal(("Pro Bono", "noreply@probono.example"), (server.From.Name, server.From.Address));
    }
}
