namespace ProBono.IntegrationTests.Webhooks;

/// <summary>
/// One Webhooks service with a short retry schedule (0.3 s, 0.3 s, 0.3 s) and a quick poll, a receiver playing the
/// partners' servers, and the broker connection playing Recruitment, Teams and Feedback.
/// </summary>
public class WebhooksFixture() : ServiceFixture<WebhooksProgram>("webhooksdb", "webhooks")
{
    public WebhookReceiver Receiver { get; } = new();

    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Webhooks:RetrySchedule"] = "00:00:00.300, 00:00:00.300, 00:00:00.300",
        ["Webhooks:PollInterval"] = "00:00:00.200",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Receiver.Start();
    }

    public override async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Subscribes <paramref name="url"/> for <paramref name="partnerId"/>; returns the webhook's id and secret.</summary>
    public async Task<(Guid Id, string Secret)> Subscribe(string partnerId, string url, params string[] events)
    {
        var response = await Partner(partnerId).PostAsJsonAsync("/api/webhooks", new { url, events = events.Length > 0 ? events : ["volunteer.confirmed"] });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("webhookId").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    /// <summary>Recruitment confirms a volunteer of <paramref name="partnerId"/> (waits until Webhooks consumed it).</summary>
    public Task Confirm(Guid volunteerId, Guid marathonId, string partnerId, bool promoted = false) =>
        Deliver("volunteer-confirmed", "probono:recruitment:volunteer-confirmed:v1", AConfirmation(volunteerId, marathonId, partnerId, promoted));

    public static object AConfirmation(Guid volunteerId, Guid marathonId, string partnerId, bool promoted = false) => new
    {
        volunteerId, marathonId, partnerId, partnerName = $"{partnerId} Corp", firstName = "Ada", skills = new[] { "design" }, leadCapable = true,
        causes = new[] { "culture" }, hourlyCostEur = 50, version = 2, confirmedAt = DateTimeOffset.UtcNow, promoted,
    };

    /// <summary>The webhook's deliveries, newest first, as its partner lists them.</summary>
    public async Task<IReadOnlyList<JsonElement>> Deliveries(string partnerId, Guid webhookId)
    {
        var list = await Partner(partnerId).GetFromJsonAsync<JsonElement>($"/api/webhooks/{webhookId}/deliveries");
        return [.. list.GetProperty("items").EnumerateArray()];
    }

    /// <summary>Waits until the webhook's only delivery is no longer pending, and returns it.</summary>
    public async Task<JsonElement> Settled(string partnerId, Guid webhookId, TimeSpan? within = null) =>
        (await Eventually.Until(() => Deliveries(partnerId, webhookId), ds => ds is [var d] && d.GetProperty("status").GetString() != "pending",
            within ?? TimeSpan.FromSeconds(30), $"webhook {webhookId}'s delivery to settle"))[0];
}
