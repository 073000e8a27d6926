using ProBono.Recruitment.Marathons.AddingPartners;
using ProBono.Recruitment.Marathons.ChangingPartners;
using ProBono.Recruitment.Marathons.Scheduling;
using static ProBono.UnitTests.Recruitment.RecruitmentValidators;

namespace ProBono.UnitTests.Recruitment.Marathons.ChangingPartners;

/// <summary>The body of changing a partner, and the same contact and legal data where a partner is added or scheduled.</summary>
public class ChangePartnerRequestValidatorTests
{
    [Fact]
    public void An_empty_change_is_valid_and_changes_nothing()
    {
        var request = new ChangePartnerRequest(null, null, null, null, null, null);

        AssertValid(request);
        Assert.Equal(new PartnerChange("edf", null, null, null, null, null, null), request.ToChange("edf"));
    }

    [Fact]
    public void Every_field_is_trimmed_and_a_blank_optional_field_means_remove_it()
    {
        var request = new ChangePartnerRequest(" EDF ", 20, " csr@edf.example ", "  ", " 552081317 ", "");

        AssertValid(request);
        Assert.Equal(new PartnerChange("edf", "EDF", 20, "csr@edf.example", "", "552081317", ""), request.ToChange("edf"));
    }

    [Theory]
    [InlineData(null, 0, null, null, "quota")]
    [InlineData("", null, null, null, "name")]
    [InlineData(null, null, "EDF <csr@edf.example>", null, "contactEmail")]
    [InlineData(null, null, "csr@[10.0.0.1]", null, "contactEmail")]
    [InlineData(null, null, null, "552081318", "siren")]
    [InlineData(null, null, null, "55208131", "siren")]
    public void A_bad_field_is_refused(string? name, int? quota, string? contactEmail, string? siren, string field) =>
        AssertInvalid(new ChangePartnerRequest(name, quota, contactEmail, null, siren, null), field);

    [Fact]
    public void An_address_spans_lines_but_holds_no_other_control_character()
    {
        AssertValid(new ChangePartnerRequest(null, null, null, null, null, "Tour EDF\r\n20 place de la Défense\n92050 Paris La Défense"));
        AssertInvalid(new ChangePartnerRequest(null, null, null, "EDF\nSA", null, "Tour\u0000EDF"), "legalName", "address");
    }

    [Fact]
    public void Adding_a_partner_takes_the_same_optional_data()
    {
        var request = new PartnerRequest("edf", "EDF", 10, " csr@edf.example ", "Électricité de France", "552081317", " ");

        AssertValid(request);
        Assert.Equal(new ProBono.Recruitment.Marathons.PartnerQuota("edf", "EDF", 10, "csr@edf.example", "Électricité de France", "552081317"), request.ToPartner());
        AssertInvalid(request with { ContactEmail = "csr@edf", Siren = "123456789" }, "contactEmail", "siren");
    }

    [Fact]
    public void Scheduling_names_a_bad_partner_field_by_its_path()
    {
        var request = new ScheduleMarathonRequest("La Défense", "Paris", new DateOnly(2030, 11, 16), new DateOnly(2030, 11, 1), null, 80m, null,
            [new PartnerRequest("edf", "EDF", 10, Siren: "552081318")]);

        AssertInvalid(request, "partners[0].siren");
    }
}
