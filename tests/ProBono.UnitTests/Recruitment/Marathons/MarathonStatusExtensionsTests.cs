using ProBono.Contracts;
using ProBono.Recruitment.Marathons;

namespace ProBono.UnitTests.Recruitment.Marathons;

public class MarathonStatusExtensionsTests
{
    [Theory]
    [InlineData(MarathonStatus.Planned, MarathonStatuses.Planned)]
    [InlineData(MarathonStatus.RegistrationOpen, MarathonStatuses.RegistrationOpen)]
    [InlineData(MarathonStatus.RegistrationClosed, MarathonStatuses.RegistrationClosed)]
    [InlineData(MarathonStatus.InProgress, MarathonStatuses.InProgress)]
    [InlineData(MarathonStatus.Completed, MarathonStatuses.Completed)]
    public void The_api_spells_each_status_as_the_contracts_do(MarathonStatus status, string expected) =>
        Assert.Equal(expected, status.ToApi());
}
