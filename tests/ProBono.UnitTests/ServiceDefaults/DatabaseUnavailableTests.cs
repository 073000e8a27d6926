using System.Net.Sockets;
using Npgsql;
using ProBono.ServiceDefaults.EventSourcing;

namespace ProBono.UnitTests.ServiceDefaults;

public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void Connections_give_up_within_seconds_unless_the_connection_string_says_otherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(DatabaseUnavailable.FailFast("Host=db;Username=u;Password=p"));
        Assert.Equal((3, 10), (defaults.Timeout, defaults.CommandTimeout));

        var own = new NpgsqlConnectionStringBuilder(DatabaseUnavailable.FailFast("Host=db;Timeout=20;Command Timeout=60"));
        Assert.Equal((20, 60), (own.Timeout, own.CommandTimeout));
    }

    [Fact]
    public void An_unreachable_database_is_told_from_a_bug()
    {
        Assert.True(DatabaseUnavailable.Is(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseUnavailable.Is(new InvalidOperationException("wrapped", new SocketException((int)SocketError.TimedOut))));
        Assert.False(DatabaseUnavailable.Is(new InvalidOperationException("a bug")));
        Assert.False(DatabaseUnavailable.Is(new NpgsqlException("syntax error")));
    }
}
