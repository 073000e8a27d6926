using System.Net;
using System.Net.Sockets;

namespace ProBono.Testing;

/// <summary>
/// Loopback ports for servers a test starts, compiled into each test project that needs them (one source, linked).
/// Picked below Linux's ephemeral range (32768-60999), not by binding port 0: that range is also the pool of every
/// outgoing connection, and a port handed out there was taken by a client socket between the pick and the server's bind
/// (Recruitment exited "address already in use" and the end-to-end platform never started). Never the same port twice
/// in one process, so two servers of one test run do not pick each other's.
/// </summary>
internal static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port in [<paramref name="from"/>, <paramref name="to"/>) nothing listens on right now.</summary>
    public static int Free(int from, int to)
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(from, to);
                if (!HandedOut.Add(port))
                {
                    continue;
                }
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // in use: try another
                }
            }
        }
    }

    /// <summary>Whether something accepts connections on loopback <paramref name="port"/> now.</summary>
    public static async Task<bool> Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
