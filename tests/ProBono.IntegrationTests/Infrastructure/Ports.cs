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
