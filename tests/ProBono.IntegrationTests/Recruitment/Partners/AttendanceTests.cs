namespace ProBono.IntegrationTests.Recruitment.Partners;

/// <summary><c>GET /api/marathons/{mid}/attendance</c>: who came, as a partner (its own employees) and staff read it.</summary>
public sealed class AttendanceTests(PartnersFixture fixture) : IClassFixture<PartnersFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private HttpClient Partner(string partnerId) => recruitment.ClientWith(Tokens.Partner(partnerId));

    private MarathonSteps Steps => new(Staff, Partner);

    private static async Task<Dictionary<string, JsonElement>> Attendance(HttpClient client, Guid marathonId, string query = "")
    {
        var list = await MarathonSteps.Ok(await client.GetAsync($"/api/marathons/{marathonId}/attendance{query}"));
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, list.GetProperty("total").GetInt32());
        return items.ToDictionary(i => i.GetProperty("name").GetString()!);
    }

    private static string StatusOf(Dictionary<string, JsonElement> list, string name) => list[name].GetProperty("status").GetString()!;

    /// <summary>EDF: Ada confirmed and checked in, Bob confirmed and never came, Chloé withdrew, Dan stayed waitlisted. EY: Eve confirmed.</summary>
    private async Task<Guid> TheDayWithItsEdges(bool checkIn = true)
    {
        var marathonId = await Steps.AnOpenMarathon(new { partnerId = "edf", name = "EDF", quota = 3 }, new { partnerId = "ey", name = "EY", quota = 3 });
        var ada = await Steps.Register(marathonId, "edf", "A", "Ada", "Lovelace");
        await Steps.Register(marathonId, "edf", "B", "Bob", "Martin");
        var chloe = await Steps.Register(marathonId, "edf", "C", "Chloé", "Durand");
        await Steps.Withdraw(marathonId, chloe);
        await Steps.Register(marathonId, "edf", "D", "Dan", "Petit");
        await Steps.Register(marathonId, "edf", "W", "Wendy", "Roux"); // waitlisted: quota 3, Ada, Bob, Dan confirmed
        await Steps.Register(marathonId, "ey", "E", "Eve", "Moreau");
        await Steps.StartTheDay(marathonId);
        if (checkIn)
        {
            await Steps.CheckIn(marathonId, ada);
        }
        return marathonId;
    }

    [Fact]
    public async Task A_partner_sees_its_own_employees_who_held_a_place_with_their_status()
    {
        var marathonId = await TheDayWithItsEdges();

        var edf = await Attendance(Partner("edf"), marathonId);

        Assert.Equal(["Ada Lovelace", "Bob Martin", "Chloé Durand", "Dan Petit"], edf.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["checked-in", "confirmed", "cancelled", "confirmed"], edf.Keys.Order(StringComparer.Ordinal).Select(n => StatusOf(edf, n)));
        Assert.True(edf["Ada Lovelace"].GetProperty("checkedInAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.False(edf["Bob Martin"].TryGetProperty("checkedInAt", out _));
        Assert.Equal(["Eve Moreau"], (await Attendance(Partner("ey"), marathonId)).Keys);
    }

    [Fact]
    public async Task No_show_appears_only_once_the_marathon_is_completed()
    {
        var marathonId = await TheDayWithItsEdges();
        Assert.DoesNotContain("no-show", (await Attendance(Staff, marathonId)).Values.Select(i => i.GetProperty("status").GetString()));

        await Steps.Complete(marathonId);

        var edf = await Attendance(Staff, marathonId, "?partnerId=edf");
        Assert.Equal(("checked-in", "no-show", "cancelled", "no-show"),
            (StatusOf(edf, "Ada Lovelace"), StatusOf(edf, "Bob Martin"), StatusOf(edf, "Chloé Durand"), StatusOf(edf, "Dan Petit")));
    }

    [Fact]
    public async Task Staff_see_everyone_or_one_partner_and_a_partner_naming_another_is_refused()
    {
        var marathonId = await TheDayWithItsEdges();

        Assert.Equal(5, (await Attendance(Staff, marathonId)).Count);
        Assert.Equal(["Eve Moreau"], (await Attendance(Staff, marathonId, "?partnerId=ey")).Keys);
        Assert.Equal(4, (await Attendance(Partner("edf"), marathonId, "?partnerId=edf")).Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await Partner("edf").GetAsync($"/api/marathons/{marathonId}/attendance?partnerId=ey")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.GetAsync($"/api/marathons/{marathonId}/attendance?partnerId=thales")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Partner("thales").GetAsync($"/api/marathons/{marathonId}/attendance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.GetAsync($"/api/marathons/{Guid.NewGuid()}/attendance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await recruitment.ClientWith(Tokens.Volunteer(Guid.NewGuid())).GetAsync($"/api/marathons/{marathonId}/attendance")).StatusCode);
    }

    [Fact]
    public async Task The_list_is_paged_like_every_list()
    {
        var marathonId = await TheDayWithItsEdges(checkIn: false);

        var page = await MarathonSteps.Ok(await Staff.GetAsync($"/api/marathons/{marathonId}/attendance?page=2&pageSize=2"));

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await Staff.GetAsync($"/api/marathons/{marathonId}/attendance?pageSize=501")).StatusCode);
    }
}
