using System.Net.Sockets;
using Npgsql;

namespace ProBono.ServiceDefaults.Problems;

/// <summary>
/// PostgreSQL out of reach: the request answers 503 problem+json with <c>Retry-After</c> within seconds instead of a
/// 500 or a hang. Nothing is half-written: every write is one transaction, so an interrupted one rolls back whole.
/// </summary>
internal static class DatabaseUnavailable
{
    /// <summary>Seconds a client should wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    // Npgsql waits 15 s for a connection and 30 s for a command by default: longer than a caller should hang
    private const int ConnectTimeoutSeconds = 3;
    private const int CommandTimeoutSeconds = 10;

    /// <summary>Short connect and command timeouts, unless the connection string sets its own.</summary>
    public static string FailFast(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }; // holds only what is set
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = ConnectTimeoutSeconds;
        }
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            builder.CommandTimeout = CommandTimeoutSeconds;
        }
        return builder.ConnectionString;
    }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the database could not be reached or went away.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when p.SqlState is "57P01" or "57P02" or "57P03" or "53300": // shutdown, crash, starting, too many connections
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }
        return false;
    }
}
