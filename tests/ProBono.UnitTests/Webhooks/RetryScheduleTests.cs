using ProBono.Webhooks.Deliveries;

namespace ProBono.UnitTests.Webhooks;

/// <summary>After each attempt: delivered on a 2xx, else the next wait of the schedule, and failed once the waits are spent.</summary>
public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 9, 10, 0, 0, TimeSpan.Zero);
    private static readonly Delivery Fresh = Delivery.New(Guid.NewGuid(), Guid.NewGuid(), "acme", Guid.NewGuid(), "team.formed", "{}", Now);

    [Fact]
    public void A_2xx_delivers_at_once()
    {
        var after = RetrySchedule.Default.After(Fresh, AttemptOutcome.Answered(204), Now);

        Assert.Equal((DeliveryStatus.Delivered, 1, 204, (string?)null, (DateTimeOffset?)null, (DateTimeOffset?)Now),
            (after.Status, after.Attempts, after.LastStatusCode, after.LastError, after.NextAttemptAt, after.DeliveredAt));
    }

    [Fact]
    public void Failures_wait_5_s_5_min_30_min_2_h_5_h_10_h_and_the_seventh_fails_the_delivery()
    {
        var delivery = Fresh;
        var waits = new List<TimeSpan>();
        var at = Now;
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            delivery = RetrySchedule.Default.After(delivery, AttemptOutcome.Answered(500), at);
            Assert.Equal(DeliveryStatus.Pending, delivery.Status);
            waits.Add(delivery.NextAttemptAt!.Value - at);
            at = delivery.NextAttemptAt!.Value;
        }

        var last = RetrySchedule.Default.After(delivery, AttemptOutcome.Unanswered("timeout"), at);

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10)], waits);
        Assert.Equal((DeliveryStatus.Failed, 7, (int?)null, "timeout", (DateTimeOffset?)null), (last.Status, last.Attempts, last.LastStatusCode, last.LastError, last.NextAttemptAt));
    }

    [Theory]
    [InlineData(199, false)]
    [InlineData(200, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    [InlineData(410, false)]
    public void Only_a_2xx_counts_as_delivered(int status, bool delivered) =>
        Assert.Equal(delivered, RetrySchedule.Default.After(Fresh, AttemptOutcome.Answered(status), Now).Status == DeliveryStatus.Delivered);

    [Fact]
    public void A_configured_schedule_replaces_the_default_and_a_bad_one_stops_the_service()
    {
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)], RetrySchedule.Parse("00:00:00.200, 00:00:01").Waits);
        Assert.Same(RetrySchedule.Default, RetrySchedule.Parse(" "));
        Assert.Throws<InvalidOperationException>(() => RetrySchedule.Parse("5s"));
    }

    [Fact]
    public void An_empty_schedule_fails_a_delivery_at_its_first_failure() =>
        Assert.Equal(DeliveryStatus.Failed, new RetrySchedule([]).After(Fresh, AttemptOutcome.Answered(503), Now).Status);

    [Fact]
    public void A_redelivery_is_the_same_message_from_its_first_attempt()
    {
        var failed = RetrySchedule.Default.After(Fresh with { Attempts = 6 }, AttemptOutcome.Answered(500), Now);
        var again = failed.Again(Guid.NewGuid(), Now.AddHours(1));

        Assert.Equal((failed.MessageId, failed.Body, DeliveryStatus.Pending, 0, (DateTimeOffset?)Now.AddHours(1), (Guid?)failed.Id),
            (again.MessageId, again.Body, again.Status, again.Attempts, again.NextAttemptAt, again.RedeliveryOf));
        Assert.NotEqual(failed.Id, again.Id);
    }
}
