using System.Text.Json;
using ProBono.Contracts;
using ProBono.ServiceDefaults.Http;
using ProBono.Webhooks.Deliveries;
using ProBono.Webhooks.Routing;
using ProBono.Webhooks.Sending;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.UnitTests.Webhooks;

/// <summary>Which partner hears what of each integration event, and which of its webhooks get a delivery.</summary>
public sealed class RoutingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Marathon = Guid.Parse("019b0a2e-0000-7000-8000-000000000001");
    private static readonly Guid Volunteer = Guid.Parse("019b0a2e-0000-7000-8000-000000000002");
    private static readonly JsonSerializerOptions Api = ApiJson();

    private static JsonSerializerOptions ApiJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(options);
        return options;
    }

    private static VolunteerConfirmed Confirmed(bool promoted = false) =>
        new(Volunteer, Marathon, "acme", "Acme Corp", "Ada", ["design"], true, ["culture"], 50m, 3, Now, Promoted: promoted);

    [Fact]
    public void A_confirmation_is_volunteer_confirmed_and_a_promotion_volunteer_promoted_to_the_volunteers_partner()
    {
        Assert.Equal([new Notice("acme", "volunteer.confirmed", Now, new VolunteerData(Marathon, Volunteer))], Notices.Of(Confirmed()));
        Assert.Equal("volunteer.promoted", Notices.Of(Confirmed(promoted: true)).Single().Type);
    }

    [Fact]
    public void Waitlisting_withdrawal_and_check_in_go_to_the_volunteers_partner()
    {
        Assert.Equal([new Notice("acme", "volunteer.waitlisted", Now, new VolunteerData(Marathon, Volunteer))],
            Notices.Of(new VolunteerWaitlisted(Volunteer, Marathon, "acme", 1, Now)));
        Assert.Equal([new Notice("acme", "volunteer.withdrawn", Now, new WithdrawalData(Marathon, Volunteer, true))],
            Notices.Of(new VolunteerWithdrawn(Volunteer, Marathon, "acme", true, 4, Now)));
        Assert.Equal([new Notice("acme", "volunteer.checked-in", Now, new VolunteerData(Marathon, Volunteer))],
            Notices.Of(new VolunteerCheckedIn(Volunteer, Marathon, "acme", 5, Now)));
    }

    [Fact]
    public void A_formed_team_tells_each_partner_its_own_members_and_the_lead_only_when_it_is_theirs()
    {
        Guid team = Guid.NewGuid(), need = Guid.NewGuid(), a1 = Guid.NewGuid(), a2 = Guid.NewGuid(), b1 = Guid.NewGuid();
        var formed = new TeamFormed(team, Marathon, need,
            [new TeamMember(a1, "acme", false), new TeamMember(b1, "bolt", false), new TeamMember(a2, "acme", false)], b1, 1, Now);

        var notices = Notices.Of(formed);

        Assert.Equal(2, notices.Count);
        var acme = Assert.IsType<TeamData>(notices.Single(n => n.PartnerId == "acme").Data);
        var bolt = Assert.IsType<TeamData>(notices.Single(n => n.PartnerId == "bolt").Data);
        Assert.Equal([a1, a2], acme.VolunteerIds);
        Assert.Null(acme.LeadVolunteerId);
        Assert.Equal([b1], bolt.VolunteerIds);
        Assert.Equal(b1, bolt.LeadVolunteerId);
    }

    [Fact]
    public void Only_completion_among_status_changes_tells_the_marathons_partners()
    {
        string[] partners = ["bolt", "acme"];

        Assert.Equal(["acme", "bolt"], Notices.Of(new MarathonStatusChanged(Marathon, MarathonStatuses.Completed, 9, Now), partners).Select(n => n.PartnerId));
        Assert.All(Notices.Of(new MarathonStatusChanged(Marathon, MarathonStatuses.Completed, 9, Now), partners), n => Assert.Equal("marathon.completed", n.Type));
        Assert.Empty(Notices.Of(new MarathonStatusChanged(Marathon, MarathonStatuses.InProgress, 8, Now), partners));
        Assert.Equal(["impact.ready", "impact.ready"], Notices.Of(new ImpactReady(Marathon, Now, 2), partners).Select(n => n.Type));
    }

    private static Webhook AWebhook(string partner, params string[] events) =>
        new(Guid.NewGuid(), partner, $"https://{partner}.example/hook", events, null, Now);

    [Fact]
    public void A_notice_becomes_a_delivery_for_each_live_webhook_of_its_partner_that_takes_its_type()
    {
        var takes = AWebhook("acme", "volunteer.confirmed");
        var otherType = AWebhook("acme", "team.formed");
        var otherPartner = AWebhook("bolt", "volunteer.confirmed");
        var deleted = AWebhook("acme", "volunteer.confirmed") with { Deleted = true };
        var source = Guid.NewGuid();

        var deliveries = Fanout.Deliveries(Notices.Of(Confirmed()), [takes, otherType, otherPartner, deleted], source, Now, Api);

        var delivery = Assert.Single(deliveries);
        Assert.Equal((takes.Id, "acme", "volunteer.confirmed", DeliveryStatus.Pending, 0, (DateTimeOffset?)Now),
            (delivery.WebhookId, delivery.PartnerId, delivery.Type, delivery.Status, delivery.Attempts, delivery.NextAttemptAt));
        // the same integration message makes the same message again: a repeat cannot become a second message
        Assert.Equal(delivery.MessageId, Fanout.Deliveries(Notices.Of(Confirmed()), [takes], source, Now.AddMinutes(1), Api).Single().MessageId);
        Assert.NotEqual(delivery.MessageId, Fanout.Deliveries(Notices.Of(Confirmed()), [takes], Guid.NewGuid(), Now, Api).Single().MessageId);
    }

    [Fact]
    public void The_body_is_type_timestamp_and_data_with_ids_only()
    {
        var body = JsonDocument.Parse(Fanout.Deliveries(Notices.Of(Confirmed()), [AWebhook("acme", "volunteer.confirmed")], Guid.NewGuid(), Now, Api)
            .Single().Body).RootElement;

        Assert.Equal("volunteer.confirmed", body.GetProperty("type").GetString());
        Assert.Equal(Now, body.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal([("marathonId", Marathon.ToString()), ("volunteerId", Volunteer.ToString())],
            body.GetProperty("data").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
        Assert.DoesNotContain("Ada", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_standard_webhooks_v1()
    {
        // the example of the Standard Webhooks specification's reference libraries
        var signature = Signature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }
}
