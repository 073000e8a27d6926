using ProBono.Contracts.Requests;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Names;
using static ProBono.UnitTests.Recruitment.Volunteers.RosterExamples;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>Recruitment's answer to Feedback's question for a document's names: full names, and nothing of an erased volunteer or of another marathon.</summary>
public sealed class FindVolunteerNamesTests
{
    private static Volunteer Snapshot(VolunteerRegistered registered, params object[] later) =>
        later.Aggregate(Volunteer.Create(registered), Volunteer.Evolution);

    [Fact]
    public void Each_id_asked_gets_its_full_name_in_the_order_asked_and_an_erased_or_foreign_volunteer_is_unknown()
    {
        var ada = Snapshot(Registered("E-1", VolunteerStatus.Confirmed, 0));
        var old = Snapshot(RegisteredWithPersonalData("E-2", VolunteerStatus.Confirmed, 1));
        var erased = Snapshot(RegisteredWithPersonalData("E-3", VolunteerStatus.Confirmed, 2), Erased("E-3"));
        var elsewhere = Snapshot(Registered("E-4", VolunteerStatus.Confirmed, 3) with { MarathonId = Guid.NewGuid() });
        var unknown = Guid.NewGuid();
        VolunteerPersonalData[] personal =
        [
            VolunteerPersonalData.Of(ada.Id, MarathonId, "Lovelace", "ada@acme.example"),
            VolunteerPersonalData.Of(elsewhere.Id, elsewhere.MarathonId, "Elsewhere", "e@acme.example"),
        ];

        var names = FindVolunteerNamesConsumer.Answer(MarathonId, [unknown, ada.Id, old.Id, erased.Id, elsewhere.Id], [ada, old, erased, elsewhere], personal);

        Assert.Equal(
        [
            new VolunteerName(unknown, false, null, null),
            new VolunteerName(ada.Id, true, "First E-1", "Lovelace"),
            // a registration recorded before the personal-data document: its snapshot's last name
            new VolunteerName(old.Id, true, "First E-2", "Last E-2"),
            new VolunteerName(erased.Id, false, null, null),
            new VolunteerName(elsewhere.Id, false, null, null),
        ], names);
    }
}
