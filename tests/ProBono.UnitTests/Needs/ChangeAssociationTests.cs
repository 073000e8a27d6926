using ProBono.Needs;
using ProBono.Needs.Associations;
using static ProBono.UnitTests.Needs.NeedsValidators;

namespace ProBono.UnitTests.Needs;

/// <summary>Staff correct or complete an association's details: the receipt it issues names its address and RNA or SIREN.</summary>
public sealed class ChangeAssociationTests
{
    private static readonly Guid Id = Guid.Parse("01a25227-a287-7bc4-b486-337885a580ee");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Staff = new("staff", "chef-de-projet");

    private static readonly Specification<Association> Spec =
        Specification.For<Association>(Association.Evolution, e => Association.Create((AssociationRegistered)e));

    private static readonly AssociationRegistered Registered =
        new(Id, "1000 VISAGES", "Cinema for all.", "culture", "contact@1000visages.example", Staff, Now.AddDays(-30));

    [Fact]
    public void Given_fields_change_the_others_keep_their_values()
    {
        var outcome = Spec.Given(Registered)
            .When(a => ChangeAssociationSlice.Decide(a, new ChangeAssociationRequest(Address: " 12 rue de la Paix\n75002 Paris ", Rna: "W751234567"), Staff, Now));

        outcome.Then(new AssociationChanged(Id, "1000 VISAGES", "Cinema for all.", "culture", "contact@1000visages.example",
            "12 rue de la Paix\n75002 Paris", "W751234567", null, Staff, Now));
        var association = outcome.ThenState();
        Assert.Equal(("W751234567", (string?)null), (association.Rna, association.Siren));
        Assert.Equal(Registered.At, association.RegisteredAt);
    }

    [Fact]
    public void A_blank_legal_field_removes_it_and_the_same_values_again_change_nothing()
    {
        var completed = new AssociationChanged(Id, "1000 VISAGES", "Cinema for all.", "culture", "contact@1000visages.example",
            "Paris", "W751234567", "552081317", Staff, Now.AddDays(-1));

        Spec.Given(Registered, completed).When(a => ChangeAssociationSlice.Decide(a, new ChangeAssociationRequest(Siren: " "), Staff, Now))
            .Then(completed with { Siren = null, At = Now });
        Spec.Given(Registered, completed)
            .When(a => ChangeAssociationSlice.Decide(a, new ChangeAssociationRequest(Name: "1000 VISAGES", Rna: "W751234567"), Staff, Now))
            .ThenNothing();
        Spec.Given(Registered).When(a => ChangeAssociationSlice.Decide(a, new ChangeAssociationRequest(), Staff, Now)).ThenNothing();
    }

    [Fact]
    public void An_rna_is_W_and_9_digits_a_siren_passes_Luhn_and_the_required_fields_cannot_be_blanked()
    {
        AssertValid(new ChangeAssociationRequest(Rna: "W751234567", Siren: "552081317", Address: "1 rue A\n75001 Paris"));
        AssertValid(new ChangeAssociationRequest(Rna: "", Siren: " ", Address: ""));
        AssertInvalid(new ChangeAssociationRequest(Rna: "W75123456"), null, "rna");
        AssertInvalid(new ChangeAssociationRequest(Rna: "751234567W"), null, "rna");
        AssertInvalid(new ChangeAssociationRequest(Rna: "W７51234567"), null, "rna"); // a full-width digit is no ASCII digit
        AssertInvalid(new ChangeAssociationRequest(Siren: "552081318"), null, "siren");
        AssertInvalid(new ChangeAssociationRequest(Name: " ", ContactEmail: "Bob <bob@x.example>", CauseArea: "cooking"), null, "name", "contactEmail", "causeArea");
        AssertInvalid(new RegisterAssociationRequest("A", "B", "youth", "a@b.example", Rna: "X123"), null, "rna");
    }
}
