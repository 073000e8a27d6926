using System.Globalization;
using System.Net.Sockets;
using JasperFx;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.EventSourcing;

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

/// <summary>The event store's exceptions a caller can act on: a concurrent change (409, or 412 under If-Match), an idempotency key in use (409) and the database away (503).</summary>
internal sealed class StoreProblems : IExceptionProblems
{
    public ProblemDetails? For(HttpContext http, Exception exception)
    {
        switch (exception)
        {
            // a concurrent writer moved the stream between our read and our append, or took the unique row we insert
            case ConcurrencyException or EventStreamUnexpectedMaxEventIdException or DocumentAlreadyExistsException:
                return new ProblemDetails
                {
                    Status = http.Request.Headers.IfMatch.Count > 0 ? 412 : 409,
                    Title = "Concurrent change",
                    Detail = "The resource was changed by another request; read it again and retry.",
                };
            case KeyInUse inUse:
                http.Response.Headers.RetryAfter = KeyInUse.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return new ProblemDetails { Status = 409, Title = "State conflict", Detail = inUse.Message };
            case var _ when DatabaseUnavailable.Is(exception):
                http.Response.Headers.RetryAfter = DatabaseUnavailable.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return new ProblemDetails
                {
                    Status = 503,
                    Title = "Service unavailable",
                    Detail = "The service's database cannot be reached; nothing was changed. Try again shortly.",
                };
            default:
                return null;
        }
    }
}
