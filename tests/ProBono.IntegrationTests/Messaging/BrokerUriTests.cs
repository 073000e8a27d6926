using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;

namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// <c>ConnectionStrings:messaging</c> goes to MassTransit as it is (MessagingSetup): the URI forms the AppHost,
/// the tests and an operator write must mean what they say. (The other messaging tests connect through the first form.)
/// </summary>
public sealed class BrokerUriTests
{
    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "127.0.0.1", 5672, "/", "guest", "guest")]
    [InlineData("amqp://guest:guest@localhost:5672", "localhost", 5672, "/", "guest", "guest")]
    [InlineData("amqp://app:s%40cret@broker:5673/%2F", "broker", 5673, "/", "app", "s@cret")]
    [InlineData("amqp://app:pw@broker:5672/probono", "broker", 5672, "probono", "app", "pw")]
    public void MassTransit_reads_host_port_virtual_host_and_credentials_from_the_uri(
        string uri, string host, int port, string virtualHost, string username, string password)
    {
        var settings = new RabbitMqHostConfigurator(new Uri(uri)).Settings;

        Assert.Equal((host, port, virtualHost, username, password),
            (settings.Host, settings.Port, settings.VirtualHost, settings.Username, settings.Password));
    }

    [Fact]
    public async Task A_uri_without_credentials_connects_as_guest_as_before()
    {
        var servers = await ProBono.IntegrationTests.Infrastructure.TestServers.Get();
        var broker = new Uri(servers.RabbitMq);
        var withoutCredentials = new UriBuilder(broker) { UserName = "", Password = "" }.Uri;
        Assert.Equal("", withoutCredentials.UserInfo);

        var factory = new RabbitMqHostConfigurator(withoutCredentials).Settings.GetConnectionFactory();
        await using var connection = await factory.CreateConnectionAsync();

        Assert.True(connection.IsOpen);
        Assert.Equal("guest", factory.UserName);
    }
}
