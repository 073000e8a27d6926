using System.Security.Claims;
using ProBono.ServiceDefaults.Auth;

namespace ProBono.UnitTests.ServiceDefaults;

public sealed class TenantTests
{
    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", "sub", "role"));

    [Fact]
    public void A_partner_association_or_volunteer_is_its_id_and_staff_is_its_sub()
    {
        var association = Guid.NewGuid();
        var volunteer = Guid.NewGuid();

        Assert.Equal("partner:edf", User(("sub", "a"), ("role", "partner"), ("partner_id", "edf")).Tenant());
        Assert.Equal($"association:{association}", User(("sub", "a"), ("role", "association"), ("association_id", association.ToString())).Tenant());
        Assert.Equal($"volunteer:{volunteer}", User(("sub", "a"), ("role", "volunteer"), ("volunteer_id", volunteer.ToString())).Tenant());
        Assert.Equal("staff:alice", User(("sub", "alice"), ("role", "staff")).Tenant());
    }

    [Fact]
    public void Two_tokens_of_one_partner_are_one_tenant()
    {
        Assert.Equal(
            User(("sub", "one"), ("role", "partner"), ("partner_id", "edf")).Tenant(),
            User(("sub", "two"), ("role", "partner"), ("partner_id", "edf")).Tenant());
    }

    [Fact]
    public void An_anonymous_caller_has_no_tenant() => Assert.Null(new ClaimsPrincipal(new ClaimsIdentity()).Tenant());

    [Theory]
    [InlineData(null, "staff", null, null)]
    [InlineData("s", "admin", null, null)]
    [InlineData("s", null, null, null)]
    [InlineData("s", "partner", null, null)]
    [InlineData("s", "association", "association_id", "nope")]
    [InlineData("s", "volunteer", "partner_id", "edf")]
    public void A_malformed_token_is_refused(string? sub, string? role, string? claim, string? value)
    {
        (string Type, string? Value)[] all = [("sub", sub), ("role", role), (claim ?? "none", value)];

        Assert.NotNull(ProBonoAuthentication.WhyRefused(User([.. all.Where(c => c.Value is not null).Select(c => (c.Type, c.Value!))])));
    }

    [Fact]
    public void A_well_formed_token_is_accepted() =>
        Assert.Null(ProBonoAuthentication.WhyRefused(User(("sub", "s"), ("role", "volunteer"), ("volunteer_id", Guid.NewGuid().ToString()))));
}
