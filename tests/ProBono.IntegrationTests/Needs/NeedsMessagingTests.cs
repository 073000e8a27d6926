using ProBono.IntegrationTests.Messaging;
using static ProBono.IntegrationTests.Needs.NeedsFixture;

namespace ProBono.IntegrationTests.Needs;

/// <summary>What Needs says on RabbitMQ, what it hears from Teams (once, however often it is told), and its board.</summary>
public sealed class NeedsMessagingTests(NeedsFixture needs) : IClassFixture<NeedsFixture>
{
    private const string TeamFormedUrn = "probono:teams:team-formed:v1";

    private static object TeamFormed(Guid teamId, Guid marathonId, Guid needId) => new
    {
        teamId, marathonId, needId, members = new[] { new { volunteerId = Guid.NewGuid(), partnerId = "edf", checkedIn = false } },
        leadVolunteerId = (Guid?)null, version = 1, formedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task A_published_need_reaches_RabbitMQ_as_NeedPublished_and_its_withdrawal_as_NeedWithdrawn()
    {
        var published = await needs.Broker.Watch("probono:needs:need-published:v1");
        var withdrawn = await needs.Broker.Watch("probono:needs:need-withdrawn:v1");

        var (needId, marathonId, associationId) = await needs.APublishedNeed();

        var message = (await published.First(m => m.GetProperty("needId").GetGuid() == needId)).Message;
        Assert.Equal((marathonId, associationId), (message.GetProperty("marathonId").GetGuid(), message.GetProperty("associationId").GetGuid()));
        Assert.Equal(("A sales brochure", "A sales brochure", "culture", "1000 VISAGES"),
            (message.GetProperty("title").GetString(), message.GetProperty("deliverable").GetString(), message.GetProperty("cause").GetString(), message.GetProperty("associationName").GetString()));
        // where Feedback sends the association's survey
        Assert.Equal("contact@1000visages.example", message.GetProperty("contactEmail").GetString());
        Assert.Equal([("marketing", 2), ("design", 1)], message.GetProperty("requiredSkills").EnumerateArray().Select(s => (s.GetProperty("skill").GetString(), s.GetProperty("count").GetInt32())));
        Assert.Equal((4, 6, 3L), (message.GetProperty("teamSizeMin").GetInt32(), message.GetProperty("teamSizeMax").GetInt32(), message.GetProperty("version").GetInt64()));

        Assert.Equal(HttpStatusCode.OK, (await needs.Association(associationId).PostAsync($"/api/needs/{needId}/withdraw", null)).StatusCode);
        var gone = (await withdrawn.First(m => m.GetProperty("needId").GetGuid() == needId)).Message;
        Assert.Equal((marathonId, 4L), (gone.GetProperty("marathonId").GetGuid(), gone.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task An_association_reaches_RabbitMQ_as_it_now_is_when_registered_and_when_staff_change_its_legal_data()
    {
        var changes = await needs.Broker.Watch("probono:needs:association-changed:v1");

        var associationId = await needs.AnAssociation();
        var registered = (await changes.First(m => m.GetProperty("associationId").GetGuid() == associationId)).Message;
        Assert.Equal(("1000 VISAGES", JsonValueKind.Null, JsonValueKind.Null, 1L), (registered.GetProperty("name").GetString(),
            registered.GetProperty("address").ValueKind, registered.GetProperty("rna").ValueKind, registered.GetProperty("version").GetInt64()));

        var put = await needs.Staff.PutAsJsonAsync($"/admin/associations/{associationId}", new { address = "12 rue de la Paix\n75002 Paris", rna = "W751234567" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var changed = (await changes.First(m => m.GetProperty("associationId").GetGuid() == associationId && m.GetProperty("version").GetInt64() == 2)).Message;
        Assert.Equal(("1000 VISAGES", "12 rue de la Paix\n75002 Paris", "W751234567", JsonValueKind.Null), (changed.GetProperty("name").GetString(),
            changed.GetProperty("address").GetString(), changed.GetProperty("rna").GetString(), changed.GetProperty("siren").ValueKind));
        // its contact address is for its survey, which travels with its needs; a person's data never leaves
        Assert.False(changed.TryGetProperty("contactEmail", out _));
    }

    [Fact]
    public async Task TeamFormed_delivered_twice_moves_the_need_to_staffed_once()
    {
        var (needId, marathonId, _) = await needs.APublishedNeed();
        var teamId = Guid.NewGuid();
        using var consumed = ConsumeWatch.On(needs.Host.Services);
        using var inbox = new InboxWatch(needs.QueuePrefix);
        var messageId = Guid.NewGuid();
        var sameFactAgain = Guid.NewGuid(); // Teams' relay republishing after a crash sends the fact under a new id

        await needs.Send("team-formed", TeamFormedUrn, messageId, TeamFormed(teamId, marathonId, needId));
        await needs.Send("team-formed", TeamFormedUrn, messageId, TeamFormed(teamId, marathonId, needId));
        await needs.Send("team-formed", TeamFormedUrn, sameFactAgain, TeamFormed(teamId, marathonId, needId));
        await consumed.Consumed(messageId, times: 2);
        await consumed.Consumed(sameFactAgain, times: 1);

        // the need would stay staffed once without an inbox too (staffing a staffed need does nothing): count the
        // inbox's own decisions, so the exact repeat shows as dropped by it, not as applied twice
        await inbox.Decided(messageId, deliveries: 2);
        await inbox.Decided(sameFactAgain, deliveries: 1);
        Assert.Equal((1, 1), (inbox.Applied(messageId), inbox.Repeats(messageId)));
        Assert.Equal((1, 0), (inbox.Applied(sameFactAgain), inbox.Repeats(sameFactAgain))); // a new id: the need's own logic ignores it

        var need = await needs.Need(needId);
        Assert.Equal("staffed", need.GetProperty("status").GetString());
        Assert.Equal(teamId, need.GetProperty("teamId").GetGuid());
        Assert.Equal(1, need.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("action").GetString() == "staffed"));
        var read = await needs.Staff.GetAsync($"/api/needs/{needId}");
        Assert.Equal("\"4\"", read.Headers.ETag?.Tag); // submitted, qualified, published, staffed: one event for three deliveries
    }

    [Fact]
    public async Task MissionCompleted_delivers_the_need_and_a_staffed_need_is_no_longer_withdrawn()
    {
        var (needId, marathonId, associationId) = await needs.APublishedNeed();
        var teamId = Guid.NewGuid();
        using var consumed = ConsumeWatch.On(needs.Host.Services);

        var formed = Guid.NewGuid();
        await needs.Send("team-formed", TeamFormedUrn, formed, TeamFormed(teamId, marathonId, needId));
        await consumed.Consumed(formed, 1);
        var refused = await needs.Association(associationId).PostAsync($"/api/needs/{needId}/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var completed = Guid.NewGuid();
        await needs.Send("mission-completed", "probono:teams:mission-completed:v1", completed, new
        {
            teamId, marathonId, needId, members = Array.Empty<object>(), leadVolunteerId = (Guid?)null,
            deliverableTitle = "The brochure", deliverableUrl = "https://example.org/brochure.pdf", version = 5, completedAt = DateTimeOffset.UtcNow,
        });
        await consumed.Consumed(completed, 1);

        var need = await needs.Need(needId);
        Assert.Equal("delivered", need.GetProperty("status").GetString());
        Assert.Equal("https://example.org/brochure.pdf", need.GetProperty("delivered").GetProperty("url").GetString());
        Assert.Equal(["submitted", "qualified", "published", "staffed", "delivered"], need.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task A_replaced_deliverable_updates_the_delivered_need_by_version_whatever_the_order_and_however_often()
    {
        var (needId, marathonId, _) = await needs.APublishedNeed();
        var teamId = Guid.NewGuid();
        using var consumed = ConsumeWatch.On(needs.Host.Services);
        object Mission(long version, string title, string? url, string? description, bool correction) => new
        {
            teamId, marathonId, needId, members = Array.Empty<object>(), leadVolunteerId = (Guid?)null,
            deliverableTitle = title, deliverableUrl = url, deliverableDescription = description, correction, version,
            completedAt = DateTimeOffset.UtcNow,
        };
        async Task Deliver(object mission, int times = 1)
        {
            var id = Guid.NewGuid();
            for (var i = 0; i < times; i++)
            {
                await needs.Send("mission-completed", "probono:teams:mission-completed:v1", id, mission);
            }
            await consumed.Consumed(id, times);
        }

        // the replacement (team version 4) arrives first, twice; then the first deliverable (version 2), late
        await Deliver(Mission(4, "Flyers", null, "500 printed flyers", correction: true), times: 2);
        await Deliver(Mission(2, "Brochure", "https://example.org/b.pdf", null, correction: false));
        var need = await needs.Need(needId);
        Assert.Equal("delivered", need.GetProperty("status").GetString());
        var delivered = need.GetProperty("delivered");
        Assert.Equal(("Flyers", "500 printed flyers", true, false),
            (delivered.GetProperty("title").GetString(), delivered.GetProperty("description").GetString(), delivered.GetProperty("correction").GetBoolean(),
                delivered.TryGetProperty("url", out _)));

        // a newer one still replaces it, and says so in the history
        await Deliver(Mission(6, "Final report", "https://example.org/final.pdf", null, correction: true));
        need = await needs.Need(needId);
        Assert.Equal("Final report", need.GetProperty("delivered").GetProperty("title").GetString());
        Assert.Equal(["staffed", "delivered", "deliverable-replaced"], need.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).Skip(3));
    }

    [Fact]
    public async Task A_team_for_a_need_that_was_withdrawn_changes_nothing_and_lands_in_no_error_queue()
    {
        var (needId, marathonId, associationId) = await needs.APublishedNeed();
        Assert.Equal(HttpStatusCode.OK, (await needs.Association(associationId).PostAsync($"/api/needs/{needId}/withdraw", null)).StatusCode);
        using var consumed = ConsumeWatch.On(needs.Host.Services);
        var messageId = Guid.NewGuid();

        await needs.Send("team-formed", TeamFormedUrn, messageId, TeamFormed(Guid.NewGuid(), marathonId, needId));
        await needs.Send("team-formed", TeamFormedUrn, Guid.NewGuid(), TeamFormed(Guid.NewGuid(), marathonId, Guid.NewGuid())); // a need Needs never held
        await consumed.Consumed(messageId, 1);

        Assert.Equal("withdrawn", (await needs.Need(needId)).GetProperty("status").GetString());
        var errors = await needs.Staff.GetFromJsonAsync<JsonElement>("/admin/messaging/errors");
        Assert.DoesNotContain(errors.GetProperty("items").EnumerateArray(), e => e.GetProperty("messageId").GetString() == messageId.ToString());
    }

    [Fact]
    public async Task The_board_counts_a_marathon_s_needs_per_status_and_the_skill_slots_recruitment_should_aim_for()
    {
        var marathon = await needs.AMarathon();
        Assert.Equal(0, (await needs.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathon}/board")).GetProperty("total").GetInt32());
        var association = needs.Association(await needs.AnAssociation());
        var published = await needs.APublishedNeed(marathon);          // marketing 2, design 1; 4..6 people
        await Submit(association, ANeed(marathon));                     // pending: marketing 2, design 1
        var rejected = await Submit(association, ANeed(marathon));
        await needs.Move(rejected, "reject", new { reason = "No." });  // asks nothing

        var board = await Eventually.Get(async () =>
            await needs.Staff.GetFromJsonAsync<JsonElement>($"/admin/marathons/{marathon}/board") is var b && b.GetProperty("total").GetInt32() == 3
                && b.GetProperty("byStatus").GetProperty("rejected").GetInt32() == 1 ? (object)b : null, what: "the board to count three needs") is JsonElement found ? found : default;

        var byStatus = board.GetProperty("byStatus");
        Assert.Equal((1, 1, 1, 0), (byStatus.GetProperty("submitted").GetInt32(), byStatus.GetProperty("published").GetInt32(), byStatus.GetProperty("rejected").GetInt32(), byStatus.GetProperty("qualified").GetInt32()));
        var skills = board.GetProperty("skills").EnumerateArray().ToDictionary(s => s.GetProperty("skill").GetString()!, s => (s.GetProperty("published").GetInt32(), s.GetProperty("pending").GetInt32()));
        Assert.Equal(new Dictionary<string, (int, int)> { ["design"] = (1, 1), ["marketing"] = (2, 2) }, skills);
        var seats = board.GetProperty("volunteersNeeded");
        Assert.Equal((4, 6), (seats.GetProperty("published").GetProperty("min").GetInt32(), seats.GetProperty("published").GetProperty("max").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await needs.Staff.GetAsync($"/admin/marathons/{Guid.NewGuid()}/board")).StatusCode);
        _ = published;
    }
}
