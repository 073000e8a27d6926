using System.Text.Json;
using ProBono.Contracts;
using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Volunteers;
using ProBono.ServiceDefaults.Http;

namespace ProBono.UnitTests.Recruitment.Marathons;

/// <summary>Statuses are spelled in one place: the API's JSON options; messages and integration events read them from there.</summary>
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

    [Fact]
    public void Every_status_is_spelled_as_the_json_bodies_spell_it()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);

        Assert.All(Enum.GetValues<MarathonStatus>(), s => Assert.Equal(JsonSerializer.Serialize(s, options), $"\"{s.ToApi()}\""));
        Assert.All(Enum.GetValues<VolunteerStatus>(), s => Assert.Equal(JsonSerializer.Serialize(s, options), $"\"{ApiSpelling.Of(s)}\""));
    }

    [Fact]
    public void A_spelling_reads_back_to_its_status_exactly()
    {
        Assert.True(ApiSpelling.TryParse<MarathonStatus>("registration-open", out var open));
        Assert.Equal(MarathonStatus.RegistrationOpen, open);
        Assert.False(ApiSpelling.TryParse<MarathonStatus>("RegistrationOpen", out _));
        Assert.False(ApiSpelling.TryParse<MarathonStatus>(null, out _));
        Assert.Equal(["confirmed", "waitlisted", "withdrawn"], ApiSpelling.All<VolunteerStatus>());
    }
}
