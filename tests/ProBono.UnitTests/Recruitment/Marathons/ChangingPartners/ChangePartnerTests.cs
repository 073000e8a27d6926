using ProBono.Recruitment.Marathons;
using ProBono.Recruitment.Marathons.ChangingPartners;
using ProBono.Recruitment.Volunteers;
using static ProBono.UnitTests.Recruitment.Marathons.MarathonExamples;

namespace ProBono.UnitTests.Recruitment.Marathons.ChangingPartners;

/// <summary>The rules of <see cref="ChangePartnerSlice.Decide"/> and <see cref="ChangePartnerSlice.Promote"/>.</summary>
public class ChangePartnerTests
{
    private static RosterFigures Roster(int confirmed, int waitlisted = 0, int quota = 12) =>
        new(RosterIds.Roster(MarathonId, Acme.PartnerId), MarathonId, Acme.PartnerId, Acme.Name, quota, confirmed + waitlisted, confirmed, waitlisted, 0);

    private static PartnerChange Change(string? name = null, int? quota = null, string? contactEmail = null, string? legalName = null,
        string? siren = null, string? address = null) =>
        new(Acme.PartnerId, name, quota, contactEmail, legalName, siren, address);

    private static Volunteer Waitlisted(string employeeRef, int arrival) => new(
        RosterIds.Volunteer(MarathonId, Acme.PartnerId, employeeRef), MarathonId, Acme.PartnerId, Acme.Name, employeeRef,
        new VolunteerProfile($"First {employeeRef}", ["finance"], false, [], null), VolunteerStatus.Waitlisted, false, arrival, "direct", Now);

    private static readonly PartnerQuota AcmeWithContact = Acme with
    {
        ContactEmail = "csr@acme.example", LegalName = "Acme Corporation SA", Siren = "552081317", Address = "1 place de la Défense\n92400 Courbevoie",
    };

    [Theory]
    [MemberData(nameof(EveryStatus), MemberType = typeof(MarathonExamples))]
    public void Contact_and_legal_data_change_at_any_time_and_the_event_carries_the_partner_as_it_now_is(MarathonStatus status)
    {
        Spec.Given(HistoryUpTo(status))
            .When(m => ChangePartnerSlice.Decide(m, Roster(3), Change(
                contactEmail: "csr@acme.example", legalName: "Acme Corporation SA", siren: "552081317", address: "1 place de la Défense\n92400 Courbevoie"), Now))
            .Then(new PartnerChanged(MarathonId, AcmeWithContact, Now));
    }

    [Fact]
    public void The_marathon_knows_the_partner_as_changed()
    {
        var marathon = Spec.Given(Scheduled(Acme, Globex))
            .When(m => ChangePartnerSlice.Decide(m, Roster(0), Change(name: "Acme Group", contactEmail: "csr@acme.example"), Now))
            .ThenState();

        Assert.Equal(Acme with { Name = "Acme Group", ContactEmail = "csr@acme.example" }, marathon.Partners["acme"]);
        Assert.Equal(Globex, marathon.Partners["globex"]);
    }

    [Fact]
    public void Fields_left_out_keep_their_value_and_a_blank_one_is_removed()
    {
        Spec.Given(Scheduled(AcmeWithContact))
            .When(m => ChangePartnerSlice.Decide(m, Roster(0), Change(siren: "", address: ""), Now))
            .Then(new PartnerChanged(MarathonId, AcmeWithContact with { Siren = null, Address = null }, Now));
    }

    [Fact]
    public void The_same_values_again_change_nothing()
    {
        Spec.Given(Scheduled(AcmeWithContact), Opened)
            .When(m => ChangePartnerSlice.Decide(m, Roster(0), Change(name: Acme.Name, quota: Acme.Quota, contactEmail: "csr@acme.example"), Now))
            .ThenNothing();
    }

    [Fact]
    public void A_partner_that_takes_no_part_is_not_found()
    {
        var notFound = Spec.Given(Scheduled(Acme))
            .When(m => ChangePartnerSlice.Decide(m, Roster(0), Change(name: "X") with { PartnerId = "globex" }, Now))
            .ThenThrows<NotFound>();

        Assert.Contains("globex", notFound.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MarathonStatus.Planned)]
    [InlineData(MarathonStatus.RegistrationOpen)]
    public void The_quota_changes_while_partners_may_still_join(MarathonStatus status)
    {
        Spec.Given(HistoryUpTo(status))
            .When(m => ChangePartnerSlice.Decide(m, Roster(5), Change(quota: 20), Now))
            .Then(new PartnerChanged(MarathonId, Acme with { Quota = 20 }, Now));
    }

    [Theory]
    [InlineData(MarathonStatus.RegistrationClosed)]
    [InlineData(MarathonStatus.InProgress)]
    [InlineData(MarathonStatus.Completed)]
    public void The_quota_no_longer_changes_once_registration_is_closed(MarathonStatus status)
    {
        var conflict = Spec.Given(HistoryUpTo(status))
            .When(m => ChangePartnerSlice.Decide(m, Roster(5), Change(quota: 20, contactEmail: "csr@acme.example"), Now))
            .ThenThrows<StateConflict>();

        Assert.Contains(status.ToApi(), conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quota_below_the_confirmed_volunteers_is_refused_and_says_how_many_are_confirmed()
    {
        var conflict = Spec.Given(Scheduled(Acme), Opened)
            .When(m => ChangePartnerSlice.Decide(m, Roster(confirmed: 9), Change(quota: 8), Now))
            .ThenThrows<StateConflict>();

        Assert.Equal(409, conflict.Status);
        Assert.Contains("9 confirmed", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("at least 9", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quota_lowered_to_the_confirmed_volunteers_is_accepted()
    {
        Spec.Given(Scheduled(Acme), Opened)
            .When(m => ChangePartnerSlice.Decide(m, Roster(confirmed: 9), Change(quota: 9), Now))
            .Then(new PartnerChanged(MarathonId, Acme with { Quota = 9 }, Now));
    }

    [Fact]
    public void A_raised_quota_confirms_the_first_waitlisted_volunteers_in_arrival_order()
    {
        var decided = ChangePartnerSlice.Decide(Spec.Given(Scheduled(Acme), Opened).State!, Roster(12, waitlisted: 3), Change(quota: 14, name: "Acme Group"), Now);

        var promoted = ChangePartnerSlice.Promote(decided, Roster(12, waitlisted: 3), [Waitlisted("w3", 14), Waitlisted("w1", 12), Waitlisted("w2", 13)], Now);

        Assert.Equal(["w1", "w2"], promoted.Select(p => p.Profile.FirstName[6..]));
        Assert.All(promoted, p => Assert.Equal("Acme Group", p.PartnerName));
        Assert.All(promoted, p => Assert.Equal(Now, p.ConfirmedAt));
    }

    [Fact]
    public void A_quota_raised_beyond_the_waitlist_confirms_all_of_it()
    {
        var decided = ChangePartnerSlice.Decide(Spec.Given(Scheduled(Acme), Opened).State!, Roster(12, waitlisted: 1), Change(quota: 30), Now);

        Assert.Single(ChangePartnerSlice.Promote(decided, Roster(12, waitlisted: 1), [Waitlisted("w1", 12)], Now));
    }

    [Fact]
    public void Nothing_is_promoted_without_a_raised_quota()
    {
        var roster = Roster(12, waitlisted: 2);
        var contactOnly = ChangePartnerSlice.Decide(Spec.Given(Scheduled(Acme), Opened).State!, roster, Change(contactEmail: "csr@acme.example"), Now);

        Assert.Empty(ChangePartnerSlice.Promote(contactOnly, roster, [Waitlisted("w1", 12)], Now));
        Assert.Empty(ChangePartnerSlice.Promote([], roster, [Waitlisted("w1", 12)], Now));
    }

    [Fact]
    public void The_rosters_figures_follow_the_partners_name_and_quota()
    {
        var figures = RosterFigures.Evolution(Roster(3, quota: 12), new PartnerChanged(MarathonId, Acme with { Name = "Acme Group", Quota = 20 }, Now));

        Assert.Equal(("Acme Group", 20, 3), (figures.PartnerName, figures.Quota, figures.Confirmed));
    }
}
