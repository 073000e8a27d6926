using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.AddingPartners;
using ProBono.Recruitment.Marathons.Scheduling;
using static ProBono.UnitTests.Recruitment.RecruitmentValidators;

namespace ProBono.UnitTests.Recruitment.Marathons.AddingPartners;

/// <summary>The body of adding a partner, alone: the same rules as a partner entry of a schedule, at the top level.</summary>
public class PartnerRequestValidatorTests
{
    [Fact]
    public void A_valid_partner_becomes_its_quota_with_its_name_trimmed()
    {
        var request = new PartnerRequest("thales", " Thales ", 5);

        AssertValid(request);
        Assert.Equal(new PartnerQuota("thales", "Thales", 5), request.ToPartner());
    }

    [Fact]
    public void Each_missing_field_is_named_at_the_top_level()
    {
        var failed = AssertInvalid(new PartnerRequest(null, null, null), "partnerId", "name", "quota");

        Assert.Equal(["'name' is required."], failed.Errors["name"]);
    }

    [Theory]
    [InlineData("Thales", "Thales", 5, "partnerId")]
    [InlineData("thales", "Tha\u0000les", 5, "name")]
    [InlineData("thales", "Thales", 0, "quota")]
    [InlineData("thales", "Thales", 10_001, "quota")]
    public void A_bad_field_is_refused(string partnerId, string name, int quota, string field) =>
        AssertInvalid(new PartnerRequest(partnerId, name, quota), field);
}
