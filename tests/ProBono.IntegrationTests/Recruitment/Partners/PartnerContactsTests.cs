namespace ProBono.IntegrationTests.Recruitment.Partners;

/// <summary>One Recruitment for the partner and attendance tests, with its own database and queues.</summary>
public sealed class PartnersFixture() : RecruitmentHostFixture("partners");

/// <summary>A partner's contact and legal data over HTTP: changed by staff, checked, shown to staff and to the partner itself.</summary>
public sealed class PartnerContactsTests(PartnersFixture fixture) : IClassFixture<PartnersFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private HttpClient Partner(string partnerId) => recruitment.ClientWith(Tokens.Partner(partnerId));

    private MarathonSteps Steps => new(Staff, Partner);

    private static object APartner(string partnerId, int quota = 2) => new { partnerId, name = partnerId.ToUpperInvariant(), quota };

    private async Task<JsonElement> PartnerLine(HttpClient client, Guid marathonId, string partnerId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("partners").EnumerateArray()
            .Single(p => p.GetProperty("partnerId").GetString() == partnerId);

    private Task<HttpResponseMessage> Change(Guid marathonId, string partnerId, object body) =>
        Staff.PutAsJsonAsync($"/admin/marathons/{marathonId}/partners/{partnerId}", body);

    [Fact]
    public async Task Staff_set_a_partners_contact_and_legal_data_and_see_them_and_the_partner_sees_its_own_only()
    {
        var marathonId = await Steps.AnOpenMarathon(APartner("edf"), APartner("ey"));

        var response = await Change(marathonId, "edf", new
        {
            contactEmail = " rse@edf.example ", legalName = "Électricité de France SA", siren = "552081317", address = "22-30 avenue de Wagram\n75008 Paris",
        });

        var changed = await MarathonSteps.Ok(response);
        Assert.Equal(("edf", "EDF", 2, "rse@edf.example", "Électricité de France SA", "552081317", "22-30 avenue de Wagram\n75008 Paris"), (
            changed.GetProperty("partnerId").GetString(), changed.GetProperty("name").GetString(), changed.GetProperty("quota").GetInt32(),
            changed.GetProperty("contactEmail").GetString(), changed.GetProperty("legalName").GetString(), changed.GetProperty("siren").GetString(),
            changed.GetProperty("address").GetString()));
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag); // scheduled, opened, changed
        var seenByStaff = await PartnerLine(Staff, marathonId, "edf");
        Assert.Equal("rse@edf.example", seenByStaff.GetProperty("contactEmail").GetString());
        Assert.Equal("552081317", seenByStaff.GetProperty("siren").GetString());
        Assert.False((await PartnerLine(Staff, marathonId, "ey")).TryGetProperty("contactEmail", out _));

        var seenByEdf = (await Partner("edf").GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("partners");
        Assert.Equal("Électricité de France SA", Assert.Single(seenByEdf.EnumerateArray()).GetProperty("legalName").GetString());
        var seenByEy = (await Partner("ey").GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}")).GetProperty("partners");
        Assert.DoesNotContain("rse@edf.example", seenByEy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_left_out_keeps_its_value_and_a_blank_one_removes_it()
    {
        var marathonId = await Steps.AnOpenMarathon(new { partnerId = "edf", name = "EDF", quota = 2, contactEmail = "rse@edf.example", siren = "552081317" });

        await MarathonSteps.Ok(await Change(marathonId, "edf", new { siren = "", legalName = "EDF SA" }));

        var line = await PartnerLine(Staff, marathonId, "edf");
        Assert.Equal("rse@edf.example", line.GetProperty("contactEmail").GetString());
        Assert.Equal("EDF SA", line.GetProperty("legalName").GetString());
        Assert.False(line.TryGetProperty("siren", out _));
    }

    [Fact]
    public async Task A_bad_siren_and_a_bad_email_answer_400_naming_both_and_change_nothing()
    {
        var marathonId = await Steps.AnOpenMarathon(APartner("edf"));

        var response = await Change(marathonId, "edf", new { name = "EDF Group", contactEmail = "EDF <rse@edf.example>", siren = "552081318" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("contactEmail", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("siren", out _), errors.ToString());
        Assert.Equal("EDF", (await PartnerLine(Staff, marathonId, "edf")).GetProperty("name").GetString());

        var addedBadly = await Staff.PostAsJsonAsync($"/admin/marathons/{marathonId}/partners", new { partnerId = "ey", name = "EY", quota = 1, contactEmail = "rse@[10.0.0.1]" });
        Assert.Equal(HttpStatusCode.BadRequest, addedBadly.StatusCode);
    }

    [Fact]
    public async Task An_unknown_partner_or_marathon_answers_404()
    {
        var marathonId = await Steps.AnOpenMarathon(APartner("edf"));

        Assert.Equal(HttpStatusCode.NotFound, (await Change(marathonId, "thales", new { legalName = "Thales SA" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Change(Guid.NewGuid(), "edf", new { legalName = "EDF SA" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Partner("edf").PutAsJsonAsync($"/admin/marathons/{marathonId}/partners/edf", new { name = "Mine" })).StatusCode);
    }

    [Fact]
    public async Task A_quota_below_the_confirmed_volunteers_is_a_409_and_a_raised_one_confirms_the_waitlist_in_arrival_order()
    {
        var marathonId = await Steps.AnOpenMarathon(APartner("edf", quota: 2));
        var volunteers = new List<Guid>();
        foreach (var i in Enumerable.Range(0, 5))
        {
            volunteers.Add(await Steps.Register(marathonId, "edf", $"E-{i}", $"Camille{i}", "Martin"));
        }

        var lowered = await Change(marathonId, "edf", new { quota = 1 });
        Assert.Equal(HttpStatusCode.Conflict, lowered.StatusCode);
        Assert.Contains("2 confirmed", await lowered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var raised = await MarathonSteps.Ok(await Change(marathonId, "edf", new { quota = 4 }));
        Assert.Equal((4, 4, 1), (raised.GetProperty("quota").GetInt32(), raised.GetProperty("confirmed").GetInt32(), raised.GetProperty("waitlisted").GetInt32()));
        var statuses = new List<string?>();
        foreach (var volunteer in volunteers)
        {
            statuses.Add((await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers/{volunteer}")).GetProperty("status").GetString());
        }
        Assert.Equal(["confirmed", "confirmed", "confirmed", "confirmed", "waitlisted"], statuses);
        // the next registration is decided on the new quota: the place is taken, so waitlisted
        var next = await Staff.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", new
        {
            partnerId = "edf", employeeRef = "E-9", firstName = "Noa", lastName = "Petit", email = "e-9@edf.example", skills = new[] { "hr" },
            leadCapable = false, causePreferences = Array.Empty<string>(),
        });
        Assert.Equal("waitlisted", (await MarathonSteps.Ok(next)).GetProperty("status").GetString());

        await Steps.Move(marathonId, "close-registration");
        var closed = await Change(marathonId, "edf", new { quota = 10, contactEmail = "rse@edf.example" });
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        await MarathonSteps.Ok(await Change(marathonId, "edf", new { contactEmail = "rse@edf.example" }));
    }

    [Fact]
    public async Task A_stale_If_Match_answers_412()
    {
        var marathonId = await Steps.AnOpenMarathon(APartner("edf"));
        var request = new HttpRequestMessage(HttpMethod.Put, $"/admin/marathons/{marathonId}/partners/edf")
        {
            Content = JsonContent.Create(new { legalName = "EDF SA" }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Staff.SendAsync(request)).StatusCode);
    }
}
