using System.Net;
using System.Net.Sockets;

namespace ProBono.Testing;

/// <summary>
/// Loopback ports for servers a test starts (one source, linked into each test project). Below Linux's ephemeral range
/// (32768-60999), not port 0: a client socket can take an ephemeral port between the pick and the server's bind
/// (docs/adr/0005). Never the same port twice in one process, so two servers of one run do not pick each other's.
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
