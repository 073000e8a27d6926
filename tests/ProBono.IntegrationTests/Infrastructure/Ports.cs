using ProBono.Testing;

namespace ProBono.IntegrationTests.Infrastructure;

public static class Ports
{
    /// <summary>
    /// A loopback port nothing listens on right now (<see cref="LoopbackPorts"/>), in 10000-19999: the end-to-end tests,
    /// another process, pick theirs in 20000-32767.
    /// </summary>
    public static int Free() => LoopbackPorts.Free(10_000, 20_000);
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
