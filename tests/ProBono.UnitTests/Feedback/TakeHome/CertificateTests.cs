using System.Security.Claims;
using ProBono.Contracts;
using ProBono.Feedback.Copies;
using ProBono.Feedback.TakeHome;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.UnitTests.Feedback.TakeHome;

/// <summary>Who has a volunteer's certificate, and when there is one to have.</summary>
public sealed class CertificateTests
{
    private static readonly Guid VolunteerId = new("0e0e0e0e-1111-4222-8333-444455556666");

    private static MarathonForImpact Marathon(string status) => new()
    {
        Id = Guid.NewGuid(), Name = "Marathon", Date = new DateOnly(2030, 11, 16), Status = new Latest<string> { Value = status, Version = 9 },
    };

    private static VolunteerForImpact Volunteer(bool checkedIn) => new() { Id = VolunteerId, PartnerId = "edf", CheckedIn = checkedIn };

    private static ClaimsPrincipal User(string role, string? claim = null, string? value = null) =>
        new(new ClaimsIdentity([new Claim("role", role), .. claim is null ? Array.Empty<Claim>() : [new Claim(claim, value!)]], "test", "sub", "role"));

    [Fact]
    public void Only_a_volunteer_checked_in_at_a_completed_marathon_has_one()
    {
        CertificateLoading.Decide(Marathon(MarathonStatuses.Completed), Volunteer(checkedIn: true));

        Assert.Throws<StateConflict>(() => CertificateLoading.Decide(Marathon(MarathonStatuses.InProgress), Volunteer(checkedIn: true)));
        Assert.Throws<StateConflict>(() => CertificateLoading.Decide(Marathon(MarathonStatuses.Completed), Volunteer(checkedIn: false)));
    }

    [Fact]
    public void The_volunteer_its_partner_and_staff_have_it_and_no_one_else()
    {
        var volunteer = Volunteer(checkedIn: true);

        Assert.True(CertificateLoading.MayHave(User("staff"), volunteer));
        Assert.True(CertificateLoading.MayHave(User("partner", "partner_id", "edf"), volunteer));
        Assert.True(CertificateLoading.MayHave(User("volunteer", "volunteer_id", VolunteerId.ToString()), volunteer));
        Assert.False(CertificateLoading.MayHave(User("partner", "partner_id", "ey"), volunteer));
        Assert.False(CertificateLoading.MayHave(User("volunteer", "volunteer_id", Guid.NewGuid().ToString()), volunteer));
        Assert.False(CertificateLoading.MayHave(User("association", "association_id", Guid.NewGuid().ToString()), volunteer));
    }
}
