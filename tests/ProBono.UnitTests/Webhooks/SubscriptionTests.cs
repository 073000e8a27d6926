using System.Net;
using ProBono.Webhooks.Deleting;
using ProBono.Webhooks.RotatingSecrets;
using ProBono.Webhooks.Subscribing;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.UnitTests.Webhooks;

/// <summary>A partner's webhooks: at most ten at once, a secret rotated at will, a deletion once; and where a URL may lead.</summary>
public sealed class SubscriptionTests
{
    private static readonly Guid Id = Guid.Parse("019b0a2e-6c1d-7e55-9a4f-2c7b3e1d0a11");
    private static readonly DateTimeOffset Now = new(2026, 12, 9, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Acme = new("partner", "acme");

    private static readonly Specification<Webhook> Spec =
        Specification.For<Webhook>(Webhook.Evolution, e => Webhook.Create((WebhookSubscribed)e));

    private static readonly SubscribeWebhook Subscription =
        new(Id, "acme", "https://hr.acme.example/hooks", ["team.formed", "volunteer.confirmed"], "HR tool", Acme, Now);

    private static readonly WebhookSubscribed Subscribed =
        new(Id, "acme", "https://hr.acme.example/hooks", ["team.formed", "volunteer.confirmed"], "HR tool", Acme, Now.AddDays(-1));

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Given_fewer_than_ten_webhooks_a_partner_subscribes_one_more(int held) =>
        Spec.Given().When(_ => SubscribeWebhookSlice.Decide(held, Subscription))
            .Then(new WebhookSubscribed(Id, "acme", "https://hr.acme.example/hooks", ["team.formed", "volunteer.confirmed"], "HR tool", Acme, Now));

    [Fact]
    public void Given_ten_webhooks_an_eleventh_is_refused_with_422()
    {
        var refused = Spec.Given().When(_ => SubscribeWebhookSlice.Decide(10, Subscription)).ThenThrows<RuleViolated>();

        Assert.Contains("10", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_is_trimmed_and_its_event_types_kept_once_in_order()
    {
        var command = SubscribeWebhook.From(
            new SubscribeWebhookRequest(null, " https://hr.acme.example/hooks ", ["volunteer.confirmed", " team.formed", "volunteer.confirmed"], "  "),
            Id, "acme", Acme, Now);

        Assert.Equal(("https://hr.acme.example/hooks", (string?)null), (command.Url, command.Description));
        Assert.Equal(["team.formed", "volunteer.confirmed"], command.Events);
    }

    [Fact]
    public void Given_a_webhook_its_secret_is_rotated_and_the_state_says_when()
    {
        var outcome = Spec.Given(Subscribed).When(w => RotateSecretSlice.Decide(w, Acme, Now));

        outcome.Then(new WebhookSecretRotated(Id, "acme", Acme, Now));
        Assert.Equal(Now, outcome.ThenState().SecretRotatedAt);
    }

    [Fact]
    public void Given_a_webhook_deleting_it_stops_it_taking_events_and_deleting_again_changes_nothing()
    {
        var deleted = new WebhookDeleted(Id, "acme", Acme, Now);
        var outcome = Spec.Given(Subscribed).When(w => DeleteWebhookSlice.Decide(w, Acme, Now));

        outcome.Then(deleted);
        Assert.False(outcome.ThenState().Takes("team.formed"));
        Spec.Given(Subscribed, deleted).When(w => DeleteWebhookSlice.Decide(w, Acme, Now)).ThenNothing();
    }

    [Fact]
    public void A_webhook_takes_only_the_types_it_names() =>
        Assert.Equal(new[] { true, false }, new[] { "team.formed", "volunteer.withdrawn" }.Select(Spec.Given(Subscribed).State!.Takes));

    [Theory]
    [InlineData("https://hr.acme.example/hooks", false, null)]
    [InlineData("http://hr.acme.example/hooks", false, "'url' must be https://.")]
    [InlineData("http://127.0.0.1:9/hook", false, "'url' must be https://.")]
    [InlineData("http://127.0.0.1:9/hook", true, null)]
    [InlineData("http://localhost:8080/hook", true, null)]
    [InlineData("http://hr.acme.example/hooks", true, "'url' must be https://, or (in Development) http://127.0.0.1 or http://localhost.")]
    [InlineData("ftp://hr.acme.example/hooks", true, "'url' must be https://, or (in Development) http://127.0.0.1 or http://localhost.")]
    [InlineData("/hooks", false, "'url' must be an absolute URL such as https://hr.example.com/hooks/probono.")]
    [InlineData("https://user:pass@hr.acme.example/hooks", false, "'url' must not carry a user name or password: the signature authenticates each delivery.")]
    [InlineData("", false, "'url' is required.")]
    public void A_url_is_https_and_local_only_in_development(string url, bool allowLocal, string? problem) =>
        Assert.Equal(problem, WebhookUrls.Shape(url, allowLocal));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", false)]
    public void Loopback_private_and_link_local_addresses_are_internal(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookUrls.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public async Task Outside_development_a_host_resolving_to_an_internal_address_is_refused()
    {
        var urls = new WebhookUrls(allowLocal: false, (host, _) => Task.FromResult(host == "inside.example"
            ? new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.7") }
            : [IPAddress.Parse("93.184.216.34")]));

        Assert.Null(await urls.Destination("https://outside.example/hook", CancellationToken.None));
        Assert.Contains("private", await urls.Destination("https://inside.example/hook", CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("private", await urls.Destination("https://169.254.169.254/latest", CancellationToken.None), StringComparison.Ordinal);
    }
}
