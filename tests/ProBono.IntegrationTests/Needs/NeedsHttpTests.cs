using static ProBono.IntegrationTests.Needs.NeedsFixture;

namespace ProBono.IntegrationTests.Needs;

/// <summary>Every endpoint of API.md's "Needs" section over HTTP, by role, against real PostgreSQL and RabbitMQ.</summary>
public sealed class NeedsHttpTests(NeedsFixture needs) : IClassFixture<NeedsFixture>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (fields.Length > 0)
        {
            var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
            Assert.Equal(fields.Order(StringComparer.Ordinal), errors);
        }
    }

    private async Task<long> NeedsOf(HttpClient client, Guid marathonId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/needs?marathonId={marathonId}")).GetProperty("total").GetInt64();

    [Fact]
    public async Task Staff_register_an_association_and_read_it_back()
    {
        var response = await needs.Staff.PostAsJsonAsync("/admin/associations", new
        {
            name = " Les Restos ", mission = "Food aid.\nAnd more.", causeArea = "social-inclusion", contactEmail = "contact@restos.example",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var id = (await Json(response)).GetProperty("associationId").GetGuid();
        Assert.Equal($"/admin/needs/associations/{id}", response.Headers.Location?.OriginalString); // the gateway's path
        var read = await needs.Staff.GetFromJsonAsync<JsonElement>($"/admin/associations/{id}");
        Assert.Equal(("Les Restos", "social-inclusion"), (read.GetProperty("name").GetString(), read.GetProperty("causeArea").GetString()));
        var listed = await needs.Staff.GetFromJsonAsync<JsonElement>("/admin/associations?pageSize=500");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), a => a.GetProperty("associationId").GetGuid() == id);
    }

    [Fact]
    public async Task A_bad_association_is_a_400_per_field_and_only_staff_register_one()
    {
        var before = (await needs.Staff.GetFromJsonAsync<JsonElement>("/admin/associations")).GetProperty("total").GetInt64();

        var refused = await needs.Staff.PostAsJsonAsync("/admin/associations", new { name = "", mission = "x", causeArea = "cooking", contactEmail = "nope" });
        await AssertProblem(refused, HttpStatusCode.BadRequest, "name", "causeArea", "contactEmail");
        var asPartner = await needs.Partner("edf").PostAsJsonAsync("/admin/associations", new { name = "A", mission = "B", causeArea = "youth", contactEmail = "a@b.example" });
        await AssertProblem(asPartner, HttpStatusCode.Forbidden);
        await AssertProblem(await needs.Host.ClientWith(null).GetAsync("/admin/associations"), HttpStatusCode.Unauthorized);

        Assert.Equal(before, (await needs.Staff.GetFromJsonAsync<JsonElement>("/admin/associations")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Staff_complete_an_association_s_legal_data_and_a_refused_change_changes_nothing()
    {
        var created = await needs.Staff.PostAsJsonAsync("/admin/associations", new
        {
            name = "Toit Solidaire", mission = "Housing.", causeArea = "housing", contactEmail = "contact@toit.example", rna = "W931234567",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var registered = await Json(created);
        var id = registered.GetProperty("associationId").GetGuid();
        Assert.Equal("W931234567", registered.GetProperty("rna").GetString());

        var changed = await needs.Staff.PutAsJsonAsync($"/admin/associations/{id}", new { address = "3 rue du Toit\n93200 Saint-Denis", siren = "552081317" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        var read = await needs.Staff.GetFromJsonAsync<JsonElement>($"/admin/associations/{id}");
        Assert.Equal(("Toit Solidaire", "3 rue du Toit\n93200 Saint-Denis", "W931234567", "552081317"),
            (read.GetProperty("name").GetString(), read.GetProperty("address").GetString(), read.GetProperty("rna").GetString(), read.GetProperty("siren").GetString()));

        // refused: a bad RNA (400), a stale If-Match (412), an unknown association (404), a partner (403); nothing changes
        await AssertProblem(await needs.Staff.PutAsJsonAsync($"/admin/associations/{id}", new { rna = "W12", name = "Renamed" }), HttpStatusCode.BadRequest, "rna");
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/admin/associations/{id}") { Content = JsonContent.Create(new { name = "Renamed" }) })
        {
            stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
            await AssertProblem(await needs.Staff.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        }
        await AssertProblem(await needs.Staff.PutAsJsonAsync($"/admin/associations/{Guid.NewGuid()}", new { name = "Nobody" }), HttpStatusCode.NotFound);
        await AssertProblem(await needs.Partner("edf").PutAsJsonAsync($"/admin/associations/{id}", new { name = "Mine" }), HttpStatusCode.Forbidden);
        var after = await needs.Staff.GetAsync($"/admin/associations/{id}");
        Assert.Equal("\"2\"", after.Headers.ETag?.Tag);
        Assert.Equal("Toit Solidaire", (await Json(after)).GetProperty("name").GetString());

        // the same values again: 200, nothing appended; a blank siren removes it
        var again = await needs.Staff.PutAsJsonAsync($"/admin/associations/{id}", new { siren = "552081317" });
        Assert.Equal("\"2\"", again.Headers.ETag?.Tag);
        var removed = await needs.Staff.PutAsJsonAsync($"/admin/associations/{id}", new { siren = "" });
        var withoutSiren = await Json(removed);
        Assert.False(withoutSiren.TryGetProperty("siren", out var siren) && siren.ValueKind != JsonValueKind.Null, $"siren removed: {withoutSiren}");
        Assert.Equal("W931234567", withoutSiren.GetProperty("rna").GetString());
    }

    [Fact]
    public async Task An_association_submits_its_need_which_starts_submitted_with_an_ETag()
    {
        var marathon = await needs.AMarathon();
        var association = await needs.AnAssociation();

        var response = await needs.Association(association).PostAsJsonAsync("/api/needs", ANeed(marathon));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var created = await Json(response);
        Assert.Equal("submitted", created.GetProperty("status").GetString());
        var id = created.GetProperty("needId").GetGuid();
        Assert.EndsWith($"/api/needs/{id}", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var read = await needs.Association(association).GetAsync($"/api/needs/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var need = await Json(read);
        Assert.Equal((association, "1000 VISAGES", "culture"), (need.GetProperty("associationId").GetGuid(), need.GetProperty("associationName").GetString(), need.GetProperty("cause").GetString()));
        Assert.Equal(6, need.GetProperty("teamSize").GetProperty("max").GetInt32());
        var history = Assert.Single(need.GetProperty("history").EnumerateArray());
        Assert.Equal(("submitted", "association", association.ToString()),
            (history.GetProperty("action").GetString(), history.GetProperty("by").GetProperty("role").GetString(), history.GetProperty("by").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Staff_submit_for_an_association_they_name()
    {
        var marathon = await needs.AMarathon();
        var association = await needs.AnAssociation();

        await AssertProblem(await needs.Staff.PostAsJsonAsync("/api/needs", ANeed(marathon)), HttpStatusCode.BadRequest, "associationId");
        var id = await Submit(needs.Staff, ANeed(marathon, association));

        Assert.Equal(association, (await needs.Need(id)).GetProperty("associationId").GetGuid());
    }

    [Fact]
    public async Task Submissions_the_rules_refuse_change_nothing()
    {
        var open = await needs.AMarathon();
        var closed = await needs.AMarathon("registration-closed");
        var association = await needs.AnAssociation();
        var client = needs.Association(association);

        // a marathon Needs never heard of: 422; after registration closed: 409; an association staff never registered: 422
        await AssertProblem(await client.PostAsJsonAsync("/api/needs", ANeed(Guid.NewGuid())), HttpStatusCode.UnprocessableEntity);
        await AssertProblem(await client.PostAsJsonAsync("/api/needs", ANeed(closed)), HttpStatusCode.Conflict);
        await AssertProblem(await needs.Association(Guid.NewGuid()).PostAsJsonAsync("/api/needs", ANeed(open)), HttpStatusCode.UnprocessableEntity);
        // another association's id in the body: 403; partners and volunteers do not submit needs
        await AssertProblem(await client.PostAsJsonAsync("/api/needs", ANeed(open, Guid.NewGuid())), HttpStatusCode.Forbidden);
        await AssertProblem(await needs.Partner("edf").PostAsJsonAsync("/api/needs", ANeed(open, association)), HttpStatusCode.Forbidden);
        await AssertProblem(await needs.Host.ClientWith(Tokens.Volunteer(Guid.NewGuid())).PostAsJsonAsync("/api/needs", ANeed(open, association)), HttpStatusCode.Forbidden);

        Assert.Equal(0, await NeedsOf(needs.Staff, open));
        Assert.Equal(0, await NeedsOf(needs.Staff, closed));
    }

    [Fact]
    public async Task Invalid_needs_are_a_400_naming_each_field_and_store_nothing()
    {
        var marathon = await needs.AMarathon();
        var client = needs.Association(await needs.AnAssociation());

        await AssertProblem(await client.PostAsJsonAsync("/api/needs", new { marathonId = marathon }), HttpStatusCode.BadRequest,
            "title", "description", "deliverable", "requiredSkills", "teamSize");
        await AssertProblem(await client.PostAsJsonAsync("/api/needs", new
        {
            marathonId = marathon, title = "T", description = "D", deliverable = "B",
            requiredSkills = new object[] { new { skill = "juggling", count = 1 }, new { skill = "design", count = 0 } },
            teamSize = new { min = 0, max = 25 },
        }), HttpStatusCode.BadRequest, "requiredSkills[0].skill", "requiredSkills[1].count", "teamSize.min", "teamSize.max");
        // a control character is refused before anything else is read
        await AssertProblem(await client.PostAsJsonAsync("/api/needs", new
        {
            marathonId = marathon, title = "T\u0000", description = "D", deliverable = "B",
            requiredSkills = new[] { new { skill = "design", count = 1 } }, teamSize = new { min = 1, max = 2 },
        }), HttpStatusCode.BadRequest, "title");
        // more required slots (3 + 3) than the largest team (5)
        await AssertProblem(await client.PostAsJsonAsync("/api/needs", new
        {
            marathonId = marathon, title = "T", description = "D", deliverable = "B",
            requiredSkills = new object[] { new { skill = "finance", count = 3 }, new { skill = "legal", count = 3 } },
            teamSize = new { min = 2, max = 5 },
        }), HttpStatusCode.BadRequest, "requiredSkills");
        await AssertProblem(await client.PostAsync("/api/needs", JsonContent.Create<object?>(null)), HttpStatusCode.BadRequest);

        Assert.Equal(0, await NeedsOf(needs.Staff, marathon));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_and_body_again_answers_the_first_need_and_creates_nothing()
    {
        var marathon = await needs.AMarathon();
        var client = needs.Association(await needs.AnAssociation());
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/needs") { Content = JsonContent.Create(ANeed(marathon)) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await Send();
        var again = await Send();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal((await Json(first)).GetProperty("needId").GetGuid(), (await Json(again)).GetProperty("needId").GetGuid());
        Assert.Equal(1, await NeedsOf(needs.Staff, marathon));
    }

    [Fact]
    public async Task Staff_qualify_with_new_skills_and_notes_then_publish_and_each_answer_carries_the_new_ETag()
    {
        var marathon = await needs.AMarathon();
        var id = await Submit(needs.Association(await needs.AnAssociation()), ANeed(marathon));

        var qualified = await needs.Staff.PostAsJsonAsync($"/admin/{id}/qualify", new
        {
            requiredSkills = new[] { new { skill = "sales", count = 2 } }, teamSize = new { min = 3, max = 5 }, notes = "Sales matter most.",
        });
        Assert.Equal(HttpStatusCode.OK, qualified.StatusCode);
        Assert.Equal("\"2\"", qualified.Headers.ETag?.Tag);
        var need = await Json(qualified);
        Assert.Equal("qualified", need.GetProperty("status").GetString());
        Assert.Equal("sales", Assert.Single(need.GetProperty("requiredSkills").EnumerateArray()).GetProperty("skill").GetString());
        Assert.Equal("Sales matter most.", Assert.Single(need.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString());

        using var publish = new HttpRequestMessage(HttpMethod.Post, $"/admin/{id}/publish");
        publish.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        var published = await needs.Staff.SendAsync(publish);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("\"3\"", published.Headers.ETag?.Tag);
        Assert.Equal(["submitted", "qualified", "published"], (await needs.Need(id)).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_stale_If_Match_is_a_412_and_appends_nothing()
    {
        var id = await Submit(needs.Association(await needs.AnAssociation()), ANeed(await needs.AMarathon()));
        await needs.Move(id, "qualify");

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/admin/{id}/publish");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await AssertProblem(await needs.Staff.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var read = await needs.Staff.GetAsync($"/api/needs/{id}");
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        Assert.Equal("qualified", (await Json(read)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Moves_out_of_order_are_409_and_a_rejection_needs_a_reason()
    {
        var client = needs.Association(await needs.AnAssociation());
        var marathon = await needs.AMarathon();
        var submitted = await Submit(client, ANeed(marathon));
        var rejected = await Submit(client, ANeed(marathon));

        await AssertProblem(await needs.Staff.PostAsync($"/admin/{submitted}/publish", null), HttpStatusCode.Conflict);
        await AssertProblem(await needs.Staff.PostAsJsonAsync($"/admin/{rejected}/reject", new { reason = "" }), HttpStatusCode.BadRequest, "reason");
        await needs.Move(rejected, "reject", new { reason = "Not a one-day mission." });
        await AssertProblem(await needs.Staff.PostAsync($"/admin/{rejected}/publish", null), HttpStatusCode.Conflict);
        await AssertProblem(await needs.Staff.PostAsJsonAsync($"/admin/{rejected}/qualify", new { }), HttpStatusCode.Conflict);
        await AssertProblem(await needs.Staff.PostAsync($"/admin/{Guid.NewGuid()}/publish", null), HttpStatusCode.NotFound);
        // qualifying may not leave more slots than the team holds (3 slots submitted; a team of at most 2)
        await AssertProblem(await needs.Staff.PostAsJsonAsync($"/admin/{submitted}/qualify", new { teamSize = new { min = 1, max = 2 } }), HttpStatusCode.BadRequest, "teamSize.max");

        Assert.Equal("submitted", (await needs.Need(submitted)).GetProperty("status").GetString());
        var settled = await needs.Need(rejected);
        Assert.Equal(("rejected", "Not a one-day mission."), (settled.GetProperty("status").GetString(), settled.GetProperty("rejectionReason").GetString()));
    }

    [Fact]
    public async Task Each_role_sees_what_API_md_says_and_another_tenant_s_need_is_not_revealed()
    {
        var marathon = await needs.AMarathon();
        var (mine, other) = (await needs.AnAssociation("Mine"), await needs.AnAssociation("Other"));
        var submitted = await Submit(needs.Association(mine), ANeed(marathon, title: "Still submitted"));
        var published = await Submit(needs.Association(mine), ANeed(marathon, title: "Published"));
        await needs.Move(published, "qualify", new { notes = "Internal note." });
        await needs.Move(published, "publish");
        var others = await Submit(needs.Association(other), ANeed(marathon, title: "Someone else's"));

        async Task<IReadOnlyList<Guid>> Listed(HttpClient client, string query = "") =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/needs?marathonId={marathon}{query}")).GetProperty("items").EnumerateArray().Select(n => n.GetProperty("needId").GetGuid())];

        Assert.Equal([submitted, published, others], await Listed(needs.Staff));
        Assert.Equal([submitted, published], await Listed(needs.Association(mine)));
        Assert.Equal([published], await Listed(needs.Partner("edf")));
        Assert.Empty(await Listed(needs.Partner("edf"), "&status=submitted"));
        Assert.Equal([submitted, others], await Listed(needs.Staff, "&status=submitted"));

        // another association's need, and a partner asking for an unpublished one: 404, nothing of it shown
        var hidden = await needs.Association(other).GetAsync($"/api/needs/{submitted}");
        await AssertProblem(hidden, HttpStatusCode.NotFound);
        await AssertProblem(await needs.Partner("edf").GetAsync($"/api/needs/{submitted}"), HttpStatusCode.NotFound);
        // a partner sees a published need without the staff's notes and history
        var seen = await needs.Partner("edf").GetFromJsonAsync<JsonElement>($"/api/needs/{published}");
        Assert.Equal("Published", seen.GetProperty("title").GetString());
        Assert.False(seen.TryGetProperty("notes", out _));
        Assert.False(seen.TryGetProperty("history", out _));
        Assert.True((await needs.Need(published)).TryGetProperty("notes", out _)); // staff do see them
        // volunteers read no needs; staff only qualify and see the board
        await AssertProblem(await needs.Host.ClientWith(Tokens.Volunteer(Guid.NewGuid())).GetAsync("/api/needs"), HttpStatusCode.Forbidden);
        await AssertProblem(await needs.Association(mine).PostAsJsonAsync($"/admin/{submitted}/qualify", new { }), HttpStatusCode.Forbidden);
        await AssertProblem(await needs.Partner("edf").GetAsync($"/admin/marathons/{marathon}/board"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Only_the_owner_or_staff_withdraw_and_withdrawing_twice_is_a_409()
    {
        var marathon = await needs.AMarathon();
        var (owner, other) = (await needs.AnAssociation(), await needs.AnAssociation("Other"));
        var first = await Submit(needs.Association(owner), ANeed(marathon));
        var second = await Submit(needs.Association(owner), ANeed(marathon));

        await AssertProblem(await needs.Association(other).PostAsync($"/api/needs/{first}/withdraw", null), HttpStatusCode.NotFound);
        await AssertProblem(await needs.Partner("edf").PostAsync($"/api/needs/{first}/withdraw", null), HttpStatusCode.Forbidden);
        Assert.Equal("submitted", (await needs.Need(first)).GetProperty("status").GetString());

        var withdrawn = await needs.Association(owner).PostAsJsonAsync($"/api/needs/{first}/withdraw", new { reason = "Solved otherwise." });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(("withdrawn", "Solved otherwise."), ((await Json(withdrawn)).GetProperty("status").GetString(), (await needs.Need(first)).GetProperty("withdrawalReason").GetString()));
        await AssertProblem(await needs.Association(owner).PostAsync($"/api/needs/{first}/withdraw", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await needs.Staff.PostAsync($"/api/needs/{second}/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task Lists_page_with_a_true_total_and_refuse_bad_filters()
    {
        var marathon = await needs.AMarathon();
        var client = needs.Association(await needs.AnAssociation());
        for (var i = 0; i < 3; i++)
        {
            await Submit(client, ANeed(marathon, title: $"Need {i}"));
        }

        var second = await needs.Staff.GetFromJsonAsync<JsonElement>($"/api/needs?marathonId={marathon}&page=2&pageSize=2");
        Assert.Equal(3, second.GetProperty("total").GetInt32());
        Assert.Equal("Need 2", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
        var past = await needs.Staff.GetFromJsonAsync<JsonElement>($"/api/needs?marathonId={marathon}&page=9&pageSize=2");
        Assert.Equal((0, 3), (past.GetProperty("items").GetArrayLength(), past.GetProperty("total").GetInt32()));
        await AssertProblem(await needs.Staff.GetAsync("/api/needs?status=open"), HttpStatusCode.BadRequest, "status");
        await AssertProblem(await needs.Staff.GetAsync("/api/needs?marathonId=42"), HttpStatusCode.BadRequest, "marathonId");
        await AssertProblem(await needs.Staff.GetAsync("/api/needs?pageSize=501"), HttpStatusCode.BadRequest);
    }
}
