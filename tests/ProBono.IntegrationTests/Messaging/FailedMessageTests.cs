namespace ProBono.IntegrationTests.Messaging;

/// <summary>
/// A message no retry can save ends in its <c>_error</c> queue; staff see it (and why) through the service's admin
/// endpoint and send it back once the cause is fixed. Durable queues here, as in production; deleted afterwards.
/// </summary>
public sealed class FailedMessageTests
{
    [Fact]
    public async Task A_poison_message_lands_in_the_error_queue_where_staff_see_it_and_can_send_it_back()
    {
        var servers = await TestServers.Get();
        var run = Isolation.Name("poison");
        var prefix = $"{run}-teams".Replace('_', '-'); // as MassTransit spells it
        var queue = $"{prefix}-marathon-scheduled";
        await using var broker = await RawBroker.Connect(servers);
        try
        {
            await using var teams = new ServiceHost<TeamsProgram>(servers, "teamsdb", run, prefix, temporaryQueues: false);
            var staff = teams.ClientWith(Tokens.Staff());
            await Eventually.True(async () => (await staff.GetAsync("/health")).StatusCode == HttpStatusCode.OK, what: "Teams healthy");
            var messageId = Guid.NewGuid();

            await broker.SendEnvelope(queue, "probono:recruitment:marathon-scheduled:v1", messageId,
                new { marathonId = Guid.NewGuid(), name = "Poison", version = 1, partners = (object?)null });

            var message = await Eventually.Get(async () =>
                    (await staff.GetFromJsonAsync<JsonElement>("/admin/messaging/errors")).GetProperty("items").EnumerateArray()
                    .Where(m => m.GetProperty("messageId").GetString() == messageId.ToString()).Select(m => (object)m).FirstOrDefault(),
                TimeSpan.FromSeconds(40), "the poison message in the error queue") is JsonElement found ? found : default;
            Assert.Equal($"{queue}_error", message.GetProperty("queue").GetString());
            Assert.Equal("System.ArgumentNullException", message.GetProperty("exceptionType").GetString()); // partners: null
            Assert.False(string.IsNullOrEmpty(message.GetProperty("reason").GetString()));
            Assert.Contains("urn:message:probono:recruitment:marathon-scheduled:v1", message.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));

            // reading the error queue is a peek: the message is still there
            var again = await staff.GetFromJsonAsync<JsonElement>("/admin/messaging/errors");
            Assert.Contains(again.GetProperty("items").EnumerateArray(), m => m.GetProperty("messageId").GetString() == messageId.ToString());
            Assert.Equal(HttpStatusCode.Forbidden, (await teams.ClientWith(Tokens.Partner("edf")).GetAsync("/admin/messaging/errors")).StatusCode);

            using var watch = ConsumeWatch.On(teams.Services); // from here on: consumptions after the redelivery
            var redeliver = await staff.PostAsync("/admin/messaging/errors/redeliver", null);
            Assert.Equal(HttpStatusCode.OK, redeliver.StatusCode);
            Assert.Equal(1, (await redeliver.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redelivered").GetInt32());
            // sent back, the message is consumed again: still poison, it fails its retries and returns to the error
            // queue — redelivery never drops it (a dropped message would never come back)
            await watch.Consumed(messageId, times: 1, TimeSpan.FromSeconds(40));
            await Eventually.True(async () =>
                    (await staff.GetFromJsonAsync<JsonElement>("/admin/messaging/errors")).GetProperty("items").EnumerateArray()
                    .Any(m => m.GetProperty("messageId").GetString() == messageId.ToString()),
                TimeSpan.FromSeconds(40), "the still-poison message back in the error queue");

            // the consumer kept going: a good message after the poison one is applied
            var goodId = Guid.NewGuid();
            var marathonId = Guid.NewGuid();
            await broker.SendEnvelope(queue, "probono:recruitment:marathon-scheduled:v1", goodId, MarathonEventFlowTests.ScheduledMessage(marathonId, "Healthy", 1));
            await Eventually.True(async () => (await staff.GetAsync($"/admin/marathons/{marathonId}")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(20), "the next good message applied");
        }
        finally
        {
            foreach (var name in new[] { queue, $"{queue}_error", $"{prefix}-marathon-status-changed", $"{prefix}-marathon-status-changed_error", $"{prefix}-marathon-partner-joined", $"{prefix}-marathon-partner-joined_error" })
            {
                await broker.DeleteQueue(name);
            }
        }
    }
}
