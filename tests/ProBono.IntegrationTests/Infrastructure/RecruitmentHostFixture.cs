namespace ProBono.IntegrationTests.Infrastructure;

/// <summary>One Recruitment for a test class, started (migrations, daemon, bus), with its own database and queues.</summary>
public abstract class RecruitmentHostFixture(string isolationName) : IAsyncLifetime
{
    public ServiceHost<RecruitmentProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var name = Isolation.Name(isolationName);
        Host = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, name);
        _ = Host.Server;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
