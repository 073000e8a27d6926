using System.Net;
using System.Net.Sockets;

namespace ProBono.IntegrationTests.Infrastructure;

public static class Ports
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port nothing listens on right now, below Linux's ephemeral range (32768-60999), where a "port 0" pick
    /// would be: that range is also the pool of every outgoing connection, so a private server started a moment later
    /// could find its port taken by a client socket (the end-to-end platform died of it). 10000-19999: the end-to-end
    /// tests, another process, pick theirs in 20000-32767. Never the same port twice in this process.
    /// </summary>
    public static int Free()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(10_000, 20_000);
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
}

public static class TestPaths
{
    /// <summary>The folder holding ProBonoPlatform.sln, found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProBonoPlatform.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (ProBonoPlatform.sln) above the test binaries.");
    }
}
