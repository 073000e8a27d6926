using System.Diagnostics;
using StandardWebhooks;

namespace ProBono.IntegrationTests.Webhooks;

/// <summary>
/// Integration events become signed deliveries to real HTTP receivers: only the partner's own, checked by a second
/// implementation of Standard Webhooks, retried under one webhook-id, cut at 10 s, redelivered on demand.
/// </summary>
public sealed class WebhookDeliveryTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    private static string APartner() => $"p-{Guid.NewGuid():N}"[..20];

    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task A_confirmation_reaches_its_partners_webhook_signed_with_ids_only_and_no_other_partners()
    {
        var (acme, bolt) = (APartner(), APartner());
        var path = $"confirmed-{acme}";
        var (webhook, secret) = await fixture.Subscribe(acme, Receiver.Url(path), "volunteer.confirmed", "volunteer.promoted");
        var (boltWebhook, _) = await fixture.Subscribe(bolt, Receiver.Url($"confirmed-{bolt}"), "volunteer.confirmed");
        var (marathon, ada, eve) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await fixture.Confirm(ada, marathon, acme);
        await fixture.Confirm(eve, marathon, bolt);
        await fixture.Confirm(Guid.NewGuid(), marathon, acme, promoted: true);

        var received = await Eventually.Until(() => Task.FromResult(Receiver.Received(path)), r => r.Count == 2, TimeSpan.FromSeconds(30), "acme's two messages");
        var confirmed = received.Single(r => r.Json.GetProperty("type").GetString() == "volunteer.confirmed");
        Assert.Equal("volunteer.promoted", received.Single(r => r != confirmed).Json.GetProperty("type").GetString());
        Assert.Equal(marathon, confirmed.Json.GetProperty("data").GetProperty("marathonId").GetGuid());
        Assert.Equal(ada, confirmed.Json.GetProperty("data").GetProperty("volunteerId").GetGuid());
        Assert.DoesNotContain("Ada", confirmed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(eve.ToString(), string.Concat(received.Select(r => r.Body)), StringComparison.Ordinal);
        // the other implementation (the StandardWebhooks package) verifies what this service signed
        foreach (var message in received)
        {
            new StandardWebhook(secret).Verify(message.Body, message.Headers);
        }
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => new StandardWebhook(secret).Verify(confirmed.Body + " ", confirmed.Headers));
        Assert.Equal("application/json", confirmed.Headers.ContentType.ToString().Split(';')[0]);

        var deliveries = await fixture.Deliveries(acme, webhook);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(("delivered", 1, 200), (d.GetProperty("status").GetString(), d.GetProperty("attempts").GetInt32(), d.GetProperty("lastStatusCode").GetInt32())));
        Assert.Contains(deliveries, d => d.GetProperty("messageId").GetString() == confirmed.Id);
        Assert.Single(await fixture.Deliveries(bolt, boltWebhook));
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_then_200_gets_the_message_three_times_under_one_webhook_id_and_it_is_delivered_once()
    {
        var partner = APartner();
        var path = $"flaky-{partner}";
        Receiver.Answer(path, n => n <= 2 ? 500 : 200);
        var (webhook, _) = await fixture.Subscribe(partner, Receiver.Url(path));

        await fixture.Confirm(Guid.NewGuid(), Guid.NewGuid(), partner);

        var delivery = await fixture.Settled(partner, webhook);
        Assert.Equal(("delivered", 3, 200), (delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("lastStatusCode").GetInt32()));
        var received = Receiver.Received(path);
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.Single(received.Select(r => r.Body).Distinct());
        Assert.Equal(delivery.GetProperty("messageId").GetString(), received[0].Id);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_is_cut_at_10_s_and_the_attempt_says_timeout()
    {
        var partner = APartner();
        var path = $"hanging-{partner}";
        Receiver.Hang(path);
        var (webhook, _) = await fixture.Subscribe(partner, Receiver.Url(path));

        await fixture.Confirm(Guid.NewGuid(), Guid.NewGuid(), partner);
        var first = await Eventually.Until(() => Task.FromResult(Receiver.Received(path)), r => r.Count > 0, TimeSpan.FromSeconds(30), "the first attempt");
        var attempt = await Eventually.Until(() => fixture.Deliveries(partner, webhook), ds => ds is [var d] && d.GetProperty("attempts").GetInt32() >= 1,
            TimeSpan.FromSeconds(30), "the first attempt to be recorded");
        var cutAfter = Stopwatch.GetElapsedTime(first[0].ArrivedAt);

        Assert.Equal("timeout", attempt[0].GetProperty("lastError").GetString());
        Assert.False(attempt[0].TryGetProperty("lastStatusCode", out _)); // no answer: no status
        // cut by the 10 s timeout, not earlier (nor much later)
        Assert.InRange(cutAfter, TimeSpan.FromSeconds(9.5), TimeSpan.FromSeconds(25));
        Receiver.Answer(path, _ => 200); // let the retries through
        Assert.Equal("delivered", (await fixture.Settled(partner, webhook, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_receiver_failing_every_attempt_fails_the_delivery_and_a_redelivery_sends_the_same_message_again()
    {
        var partner = APartner();
        var path = $"down-{partner}";
        Receiver.Answer(path, _ => 503);
        var (webhook, _) = await fixture.Subscribe(partner, Receiver.Url(path));

        await fixture.Confirm(Guid.NewGuid(), Guid.NewGuid(), partner);
        var failed = await fixture.Settled(partner, webhook);
        Assert.Equal(("failed", 4, 503, "HTTP 503"), (failed.GetProperty("status").GetString(), failed.GetProperty("attempts").GetInt32(),
            failed.GetProperty("lastStatusCode").GetInt32(), failed.GetProperty("lastError").GetString()));
        Assert.False(failed.TryGetProperty("nextAttemptAt", out _)); // nothing more is tried

        Receiver.Answer(path, _ => 200);
        var redeliver = await fixture.Partner(partner).PostAsync($"/api/webhooks/{webhook}/deliveries/{failed.GetProperty("deliveryId").GetGuid()}/redeliver", null);

        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        var again = await redeliver.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(failed.GetProperty("messageId").GetString(), again.GetProperty("messageId").GetString());
        await Eventually.True(async () => (await fixture.Deliveries(partner, webhook)).Any(d => d.GetProperty("status").GetString() == "delivered"),
            TimeSpan.FromSeconds(30), "the redelivery");
        var received = Receiver.Received(path);
        Assert.Equal(5, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
        // another partner redelivers nothing of it
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Partner(APartner())
            .PostAsync($"/api/webhooks/{webhook}/deliveries/{failed.GetProperty("deliveryId").GetGuid()}/redeliver", null)).StatusCode);
    }

    [Fact]
    public async Task A_formed_team_tells_each_partner_its_own_members_and_a_completion_every_partner_of_the_marathon()
    {
        var (acme, bolt, late) = (APartner(), APartner(), APartner());
        foreach (var partner in new[] { acme, bolt, late })
        {
            await fixture.Subscribe(partner, Receiver.Url($"team-{partner}"), "team.formed", "marathon.completed", "impact.ready");
        }
        var marathon = Guid.NewGuid();
        await fixture.Deliver("marathon-scheduled", "probono:recruitment:marathon-scheduled:v1", new
        {
            marathonId = marathon, name = "Pro Bono Marathon", venue = "La Défense", date = "2030-11-16", registrationDeadline = "2030-11-01",
            hoursPerVolunteer = 7, hourlyValueEur = 80, maxSameCompanyPerTeam = 3, version = 1, scheduledAt = DateTimeOffset.UtcNow,
            partners = new[] { new { partnerId = acme, name = "Acme", quota = 5 }, new { partnerId = bolt, name = "Bolt", quota = 5 } },
        });
        await fixture.Deliver("marathon-partner-joined", "probono:recruitment:marathon-partner-joined:v1", new
        {
            marathonId = marathon, partner = new { partnerId = late, name = "Late", quota = 2 }, version = 2, joinedAt = DateTimeOffset.UtcNow,
        });
        Guid a1 = Guid.NewGuid(), a2 = Guid.NewGuid(), b1 = Guid.NewGuid();

        await fixture.Deliver("team-formed", "probono:teams:team-formed:v1", new
        {
            teamId = Guid.NewGuid(), marathonId = marathon, needId = Guid.NewGuid(), leadVolunteerId = b1, version = 1, formedAt = DateTimeOffset.UtcNow,
            members = new[] { new { volunteerId = a1, partnerId = acme, checkedIn = false }, new { volunteerId = b1, partnerId = bolt, checkedIn = false }, new { volunteerId = a2, partnerId = acme, checkedIn = false } },
        });
        await fixture.Deliver("marathon-status-changed", "probono:recruitment:marathon-status-changed:v1",
            new { marathonId = marathon, status = "completed", version = 9, changedAt = DateTimeOffset.UtcNow });
        await fixture.Deliver("impact-ready", "probono:feedback:impact-ready:v1", new { marathonId = marathon, readyAt = DateTimeOffset.UtcNow, version = 3 });

        IReadOnlyList<ReceivedWebhook> Of(string partner) => Receiver.Received($"team-{partner}");
        await Eventually.True(() => Task.FromResult(Of(acme).Count == 3 && Of(bolt).Count == 3 && Of(late).Count == 2), TimeSpan.FromSeconds(30), "every partner's messages");
        JsonElement Team(string partner) => Of(partner).Single(r => r.Json.GetProperty("type").GetString() == "team.formed").Json.GetProperty("data");
        Assert.Equal([a1, a2], Team(acme).GetProperty("volunteerIds").EnumerateArray().Select(v => v.GetGuid()));
        Assert.False(Team(acme).TryGetProperty("leadVolunteerId", out _)); // the lead is another partner's employee
        Assert.Equal([b1], Team(bolt).GetProperty("volunteerIds").EnumerateArray().Select(v => v.GetGuid()));
        Assert.Equal(b1, Team(bolt).GetProperty("leadVolunteerId").GetGuid());
        Assert.Equal(["impact.ready", "marathon.completed"], Of(late).Select(r => r.Json.GetProperty("type").GetString()).Order());
    }
}
