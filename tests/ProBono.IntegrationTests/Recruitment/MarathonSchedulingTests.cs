using Microsoft.AspNetCore.Hosting;

namespace ProBono.IntegrationTests.Recruitment;

/// <summary>One Recruitment for the whole class, with its own database and queues.</summary>
public sealed class RecruitmentFixture() : RecruitmentHostFixture("recruitment");

/// <summary>Recruitment's marathon endpoints over HTTP, against real PostgreSQL and RabbitMQ.</summary>
public sealed class MarathonSchedulingTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    internal static object AMarathon(string name = "La Défense", params object[] partners) => new
    {
        name,
        venue = "Paris La Défense",
        date = "2030-11-16",
        registrationDeadline = "2030-11-01",
        hourlyValueEur = 80,
        partners = partners.Length > 0 ? partners : [new { partnerId = "edf", name = "EDF", quota = 12 }, new { partnerId = "ey", name = "EY", quota = 8 }],
    };

    private async Task<Guid> Schedule(object? body = null)
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", body ?? AMarathon());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
    }

    [Fact]
    public async Task Scheduling_answers_201_with_the_planned_marathon_its_location_and_version()
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", AMarathon());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("planned", body.GetProperty("status").GetString());
        var id = body.GetProperty("marathonId").GetGuid();
        Assert.Equal($"/api/marathons/{id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_scheduled_marathon_is_listed_and_shown_with_its_partners_and_defaults()
    {
        var id = await Schedule(AMarathon("Lyon Part-Dieu"));

        var list = await Staff.GetFromJsonAsync<JsonElement>("/api/marathons?pageSize=500");
        var item = list.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("marathonId").GetGuid() == id);
        Assert.Equal("Lyon Part-Dieu", item.GetProperty("name").GetString());
        Assert.Equal("2030-11-16", item.GetProperty("date").GetString());
        Assert.Equal("planned", item.GetProperty("status").GetString());
        Assert.True(list.GetProperty("total").GetInt32() >= 1);

        var details = await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}");
        Assert.Equal(7, details.GetProperty("hoursPerVolunteer").GetInt32());
        Assert.Equal(3, details.GetProperty("maxSameCompanyPerTeam").GetInt32());
        var partners = details.GetProperty("partners").EnumerateArray().ToList();
        Assert.Equal(["edf", "ey"], partners.Select(p => p.GetProperty("partnerId").GetString()));
        Assert.Equal(12, partners[0].GetProperty("quota").GetInt32());
        Assert.Equal(0, partners[0].GetProperty("confirmed").GetInt32());
        Assert.Equal(0, partners[0].GetProperty("waitlisted").GetInt32());
    }

    [Fact]
    public async Task A_partner_sees_only_the_marathons_it_takes_part_in_and_only_its_own_figures()
    {
        var withAcme = await Schedule(AMarathon("With Acme", new { partnerId = "acme-x", name = "Acme", quota = 3 }, new { partnerId = "globex-x", name = "Globex", quota = 3 }));
        var without = await Schedule(AMarathon("Without Acme", new { partnerId = "globex-x", name = "Globex", quota = 3 }));
        var acme = recruitment.ClientWith(Tokens.Partner("acme-x"));

        var list = await acme.GetFromJsonAsync<JsonElement>("/api/marathons?pageSize=500");
        var ids = list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("marathonId").GetGuid()).ToList();
        Assert.Contains(withAcme, ids);
        Assert.DoesNotContain(without, ids);

        var details = await acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{withAcme}");
        Assert.Equal(["acme-x"], details.GetProperty("partners").EnumerateArray().Select(p => p.GetProperty("partnerId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/api/marathons/{without}")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_answers_400_problem_details_naming_each_field_and_creates_nothing()
    {
        var before = (await Staff.GetFromJsonAsync<JsonElement>("/api/marathons")).GetProperty("total").GetInt32();

        var response = await Staff.PostAsJsonAsync("/admin/marathons", new
        {
            venue = "",
            date = "2030-11-16",
            hoursPerVolunteer = 0,
            partners = new object[] { new { partnerId = "Not A Slug", name = "X", quota = 0 }, new { partnerId = "ok", name = "Ok", quota = 1 }, new { partnerId = "ok", name = "Again", quota = 1 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "venue", "registrationDeadline", "hourlyValueEur", "hoursPerVolunteer", "partners[0].partnerId", "partners[0].quota", "partners[2].partnerId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}' in {errors}");
        }
        Assert.Equal(before, (await Staff.GetFromJsonAsync<JsonElement>("/api/marathons")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_missing_body_answers_400_naming_the_body(string content)
    {
        var id = await Schedule();

        foreach (var path in new[] { "/admin/marathons", $"/admin/marathons/{id}/partners" })
        {
            var response = await Staff.PostAsync(path, new StringContent(content, System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.Equal("A JSON body is required.", errors.GetProperty("body")[0].GetString());
        }
    }

    [Fact]
    public async Task A_control_character_in_a_name_answers_400_not_500()
    {
        // PostgreSQL refuses NUL in text (22P05): it must be refused before it reaches the store
        var scheduled = await Staff.PostAsJsonAsync("/admin/marathons", AMarathon("La D\u0000fense", new { partnerId = "edf", name = "E\u0000DF", quota = 12 }));
        var id = await Schedule();
        var joined = await Staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "thales", name = "Tha\u0000les", quota = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, scheduled.StatusCode);
        var errors = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), $"expected an error for 'name' in {errors}");
        Assert.True(errors.TryGetProperty("partners[0].name", out _), $"expected an error for 'partners[0].name' in {errors}");
        Assert.Equal(HttpStatusCode.BadRequest, joined.StatusCode);
        Assert.True((await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("open-registration")]
    [InlineData("close-registration")]
    [InlineData("start")]
    [InlineData("complete")]
    [InlineData("partners")]
    public async Task The_empty_marathon_id_is_a_marathon_that_does_not_exist_404(string command)
    {
        var response = command == "partners"
            ? await Staff.PostAsJsonAsync($"/admin/marathons/{Guid.Empty}/partners", new { partnerId = "csc", name = "CSC", quota = 5 })
            : await Staff.PostAsync($"/admin/marathons/{Guid.Empty}/{command}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_names_the_four_moves_and_declares_the_400_of_each_validated_body()
    {
        var document = await recruitment.ClientWith(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("operationId", out _)))
            .ToDictionary(o => o.Value.GetProperty("operationId").GetString()!, o => o.Value);

        foreach (var id in new[] { "OpenRegistration", "CloseRegistration", "StartMarathon", "CompleteMarathon" })
        {
            Assert.True(operations.ContainsKey(id), $"expected an operation '{id}'");
        }
        foreach (var id in new[] { "ScheduleMarathon", "AddPartner" })
        {
            var badRequest = operations[id].GetProperty("responses").GetProperty("400");
            Assert.True(badRequest.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{id}: {badRequest}");
        }
    }

    [Fact]
    public async Task Malformed_json_answers_400_problem_details()
    {
        var response = await Staff.PostAsync("/admin/marathons", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_date_in_the_past_is_a_rule_violation_422()
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Too late", venue = "Paris", date = "2016-11-16", registrationDeadline = "2016-11-01", hourlyValueEur = 50,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("partner", HttpStatusCode.Forbidden)]
    [InlineData("association", HttpStatusCode.Forbidden)]
    [InlineData("volunteer", HttpStatusCode.Forbidden)]
    public async Task Only_staff_may_schedule(string? role, HttpStatusCode expected)
    {
        var token = role switch
        {
            null => null,
            "partner" => Tokens.Partner("edf"),
            "association" => Tokens.Association(Guid.NewGuid()),
            _ => Tokens.Volunteer(Guid.NewGuid()),
        };

        var response = await recruitment.ClientWith(token).PostAsJsonAsync("/admin/marathons", AMarathon());

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var forged = Tokens.Mint("staff", key: "someone-else-s-signing-key-0123456789-abcdef");

        var response = await recruitment.ClientWith(forged).GetAsync("/api/marathons");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_status_moves_in_order_and_any_other_move_is_409()
    {
        var id = await Schedule();

        Assert.Equal(HttpStatusCode.Conflict, (await Staff.PostAsync($"/admin/marathons/{id}/start", null)).StatusCode);
        foreach (var (move, status) in new[]
                 {
                     ("open-registration", "registration-open"), ("close-registration", "registration-closed"),
                     ("start", "in-progress"), ("complete", "completed"),
                 })
        {
            var response = await Staff.PostAsync($"/admin/marathons/{id}/{move}", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(status, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        var again = await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal("completed", (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stale_If_Match_answers_412_and_changes_nothing()
    {
        var id = await Schedule();
        var open = new HttpRequestMessage(HttpMethod.Post, $"/admin/marathons/{id}/open-registration");
        open.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var opened = await Staff.SendAsync(open);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("\"2\"", opened.Headers.ETag?.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/admin/marathons/{id}/close-registration");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var response = await Staff.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("registration-open", (await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Partners_join_while_registration_is_not_closed_and_a_different_repeat_is_409()
    {
        var id = await Schedule();

        var joined = await Staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "thales", name = "Thales", quota = 5 });
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var partners = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("partners").EnumerateArray();
        Assert.Contains(partners, p => p.GetProperty("partnerId").GetString() == "thales" && p.GetProperty("quota").GetInt32() == 5);

        var same = await Staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "thales", name = "Thales", quota = 5 });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var other = await Staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "thales", name = "Thales", quota = 9 });
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);

        await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null);
        await Staff.PostAsync($"/admin/marathons/{id}/close-registration", null);
        var late = await Staff.PostAsJsonAsync($"/admin/marathons/{id}/partners", new { partnerId = "csc", name = "CSC", quota = 5 });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Staff.PostAsJsonAsync($"/admin/marathons/{Guid.NewGuid()}/partners", new { partnerId = "csc", name = "CSC", quota = 5 })).StatusCode);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_and_body_returns_the_first_response_and_creates_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var body = AMarathon($"Idempotent {key}");
        async Task<HttpResponseMessage> Post(object content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/admin/marathons") { Content = JsonContent.Create(content) };
            request.Headers.Add("Idempotency-Key", key);
            return await Staff.SendAsync(request);
        }

        var first = await Post(body);
        var second = await Post(body);
        var different = await Post(AMarathon("Something else"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        var list = await Staff.GetFromJsonAsync<JsonElement>("/api/marathons?pageSize=500");
        Assert.Single(list.GetProperty("items").EnumerateArray(), m => m.GetProperty("name").GetString() == $"Idempotent {key}");
    }

    [Fact]
    public async Task Paging_is_bounded_to_500()
    {
        var response = await Staff.GetAsync("/api/marathons?pageSize=501");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task Outside_Development_the_service_refuses_to_start_with_the_development_signing_key()
    {
        var name = Isolation.Name("production");
        await using var production = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, name)
            .WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Auth:SigningKey", Tokens.DevelopmentKey));

        var error = Assert.ThrowsAny<Exception>(() => production.Server);

        Assert.Contains("Refusing to start in the 'Production' environment with the public development signing key", error.ToString());
    }

    [Fact]
    public async Task Health_and_alive_answer_without_a_token()
    {
        var anonymous = recruitment.ClientWith(null);

        // readiness: healthy once the database answers and the bus is connected
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, what: "/health to answer 200");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
