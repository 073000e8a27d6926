using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Contracts.Requests;
using ProBono.Recruitment.Volunteers;

namespace ProBono.IntegrationTests.Recruitment.Volunteers;

/// <summary>One Recruitment for the erasure tests; its queues spelled as MassTransit spells them, so a request can be sent to its contact queue.</summary>
public sealed class ErasureFixture : IAsyncLifetime
{
    public ServiceHost<RecruitmentProgram> Host { get; private set; } = null!;

    public string Queues { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var name = Isolation.Name("erasure");
        Queues = name.Replace('_', '-');
        Host = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, Queues);
        _ = Host.Server;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// A volunteer's last name and e-mail erased on request (docs/adr/0016): afterwards no table of Recruitment, the event
/// stream included, holds them, the API shows them as null, the contact request answers unknown, and nothing else changed.
/// </summary>
public sealed class PersonalDataErasureTests(ErasureFixture fixture) : IClassFixture<ErasureFixture>
{
    private readonly ServiceHost<RecruitmentProgram> recruitment = fixture.Host;

    private HttpClient Staff => recruitment.ClientWith(Tokens.Staff());

    private HttpClient Acme => recruitment.ClientWith(Tokens.Partner("acme"));

    [Fact]
    public async Task After_erasure_no_table_holds_the_last_name_or_email_and_the_rest_is_unchanged()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var marathonId = await AnOpenMarathon();
        var (erasedName, erasedEmail) = ($"Erasable{tag}", $"erasable-{tag}@acme.example");
        var (keptName, keptEmail) = ($"Kept{tag}", $"kept-{tag}@acme.example");

        var single = await Acme.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", Registration("E-1", erasedName, erasedEmail));
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        var volunteerId = (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("volunteerId").GetGuid();
        // the bulk import keeps the personal data outside the events too
        var bulk = await Acme.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers/bulk", new[] { Registration("E-2", keptName, keptEmail) });
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        var keptId = (await bulk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("volunteerId").GetGuid();

        var before = await Details(marathonId, volunteerId);
        Assert.Equal((erasedName, erasedEmail), (before.GetProperty("lastName").GetString(), before.GetProperty("email").GetString()));
        Assert.Equal((true, erasedEmail), await Contact(volunteerId));
        Assert.True(await RowsMentioning(erasedName) > 0, "the search finds the last name while it is there");
        Assert.True(await RowsMentioning(erasedEmail) > 0, "the search finds the e-mail while it is there");
        Assert.Equal(0, await EventsMentioning(keptName)); // the new registrations put neither in the event stream

        Assert.Equal(HttpStatusCode.Forbidden, (await Acme.DeleteAsync(Erasure(marathonId, volunteerId))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Staff.DeleteAsync(Erasure(marathonId, volunteerId))).StatusCode);

        var after = await Details(marathonId, volunteerId);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("lastName").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("email").ValueKind);
        // every other field as it was (status, employee reference, first name, skills, check-in...)
        var others = before.EnumerateObject().Where(p => p.Name is not ("lastName" or "email")).ToList();
        Assert.True(others.Count >= 10, "the comparison covers the volunteer's fields");
        Assert.All(others, p => Assert.Equal(p.Value.GetRawText(), after.GetProperty(p.Name).GetRawText()));
        var listed = (await Acme.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers?pageSize=500")).GetProperty("items")
            .EnumerateArray().ToDictionary(v => v.GetProperty("volunteerId").GetGuid());
        Assert.Equal(JsonValueKind.Null, listed[volunteerId].GetProperty("email").ValueKind);
        Assert.Equal((keptName, keptEmail), (listed[keptId].GetProperty("lastName").GetString(), listed[keptId].GetProperty("email").GetString()));
        var figures = (await Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathonId}/stats")).GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("partnerId").GetString() == "acme");
        Assert.Equal((2, 0), (figures.GetProperty("confirmed").GetInt32(), figures.GetProperty("waitlisted").GetInt32()));

        Assert.Equal(0, await RowsMentioning(erasedName));
        Assert.Equal(0, await RowsMentioning(erasedEmail));
        Assert.True(await RowsMentioning(keptEmail) > 0, "another volunteer's data is untouched");
        Assert.Equal((false, null), await Contact(volunteerId));
        Assert.Equal((true, keptEmail), await Contact(keptId));
    }

    [Fact]
    public async Task A_second_erasure_answers_204_and_records_nothing_more()
    {
        var marathonId = await AnOpenMarathon();
        var response = await Acme.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", Registration("E-3", "Twice", "twice@acme.example"));
        var volunteerId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("volunteerId").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await Staff.DeleteAsync(Erasure(marathonId, volunteerId))).StatusCode);
        var version = await StreamVersion(volunteerId);
        Assert.Equal(HttpStatusCode.NoContent, (await Staff.DeleteAsync(Erasure(marathonId, volunteerId))).StatusCode);

        Assert.Equal(version, await StreamVersion(volunteerId));
        await using var session = recruitment.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(volunteerId);
        Assert.Single(events, e => e.Data is VolunteerPersonalDataErased);
    }

    [Fact]
    public async Task An_unknown_volunteer_or_another_marathons_is_404_as_problem_json()
    {
        var marathonId = await AnOpenMarathon();
        var response = await Acme.PostAsJsonAsync($"/api/marathons/{marathonId}/volunteers", Registration("E-4", "Other", "other@acme.example"));
        var volunteerId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("volunteerId").GetGuid();

        var unknown = await Staff.DeleteAsync(Erasure(marathonId, Guid.NewGuid()));
        var elsewhere = await Staff.DeleteAsync(Erasure(Guid.NewGuid(), volunteerId));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal("Other", (await Details(marathonId, volunteerId)).GetProperty("lastName").GetString());
    }

    private static string Erasure(Guid marathonId, Guid volunteerId) => $"/admin/marathons/{marathonId}/volunteers/{volunteerId}/personal-data";

    private static object Registration(string employeeRef, string lastName, string email) => new
    {
        employeeRef,
        firstName = "Ada",
        lastName,
        email,
        skills = new[] { "finance" },
        leadCapable = false,
        causePreferences = Array.Empty<string>(),
    };

    private async Task<Guid> AnOpenMarathon()
    {
        var response = await Staff.PostAsJsonAsync("/admin/marathons", new
        {
            name = "Erasure",
            venue = "Paris",
            date = "2030-11-16",
            registrationDeadline = "2030-11-01",
            hourlyValueEur = 80,
            partners = new[] { new { partnerId = "acme", name = "Acme", quota = 5 } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marathonId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Staff.PostAsync($"/admin/marathons/{id}/open-registration", null)).StatusCode);
        return id;
    }

    private async Task<JsonElement> Details(Guid marathonId, Guid volunteerId) =>
        await Staff.GetFromJsonAsync<JsonElement>($"/api/marathons/{marathonId}/volunteers/{volunteerId}");

    private async Task<long> StreamVersion(Guid volunteerId)
    {
        await using var session = recruitment.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(volunteerId))!.Version;
    }

    /// <summary>Feedback's question, sent as Feedback sends it: to Recruitment's contact queue over RabbitMQ.</summary>
    private async Task<(bool Known, string? Email)> Contact(Guid volunteerId)
    {
        var client = recruitment.Services.GetRequiredService<IBus>().CreateRequestClient<FindVolunteerContact>(
            new Uri($"exchange:{fixture.Queues}-find-volunteer-contact?durable=false&autodelete=true"), RequestTimeout.After(s: 30));
        var reply = await client.GetResponse<VolunteerContact>(new FindVolunteerContact(volunteerId));
        return (reply.Message.Known, reply.Message.Email);
    }

    /// <summary>Rows of every table of Recruitment's schema (events, documents, outbox, everything) whose text contains <paramref name="text"/>.</summary>
    private async Task<int> RowsMentioning(string text)
    {
        await using var session = recruitment.Store.QuerySession();
        var tables = await session.AdvancedSql.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = 'recruitment' and table_type = 'BASE TABLE'", CancellationToken.None);
        Assert.Contains("mt_events", tables);
        var rows = 0;
        foreach (var table in tables)
        {
            var found = await session.AdvancedSql.QueryAsync<int>(
                $"select count(*)::int from recruitment.\"{table}\" t where t::text like '%' || ? || '%'", CancellationToken.None, text);
            rows += found[0];
        }
        return rows;
    }

    private async Task<int> EventsMentioning(string text)
    {
        await using var session = recruitment.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<int>(
            "select count(*)::int from recruitment.mt_events e where e::text like '%' || ? || '%'", CancellationToken.None, text))[0];
    }
}
