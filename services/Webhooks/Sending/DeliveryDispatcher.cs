using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ProBono.Webhooks.Deliveries;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Sending;

/// <summary>What the sender is told by configuration.</summary>
internal sealed record SendingOptions(RetrySchedule Schedule, TimeSpan Poll, TimeSpan Lease, int MaxEndpointsAtOnce);

/// <summary>
/// Sends what is due, one worker per endpoint: each webhook's deliveries go one at a time, oldest due first, by a worker
/// of its own, so a slow or dead endpoint holds up nothing but itself. Due work is found in the database (woken by the
/// <see cref="DeliveryBell"/> when this process commits deliveries, and by a poll for everything else: retries coming
/// due, another replica's deliveries), and an endpoint is worked by one replica at a time (<see cref="EndpointLease"/>).
/// </summary>
internal sealed class DeliveryDispatcher(
    IDocumentStore store, WebhookSender sender, DeliveryBell bell, TimeProvider clock, SendingOptions options, ILogger<DeliveryDispatcher> logger)
    : BackgroundService
{
    /// <summary>Due deliveries an endpoint's worker takes at once (sent one after the other, each outcome saved).</summary>
    private const int Batch = 16;

    private readonly Guid self = Guid.NewGuid();
    private readonly ConcurrentDictionary<Guid, Task> working = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var rung = bell.Rung;
            try
            {
                await StartDueEndpoints(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking for due webhook deliveries failed; trying again at the next poll");
            }
            try
            {
                await Task.WhenAny(rung, Task.Delay(options.Poll, clock, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(working.Values);
    }

    private async Task StartDueEndpoints(CancellationToken ct)
    {
        var room = options.MaxEndpointsAtOnce - working.Count;
        if (room <= 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        await using var query = store.QuerySession();
        var busy = working.Keys.ToArray();
        var due = await query.Query<Delivery>()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && !d.WebhookId.IsOneOf(busy))
            .Select(d => d.WebhookId).Distinct().Take(room).ToListAsync(ct);
        foreach (var webhookId in due.Where(id => !working.ContainsKey(id)))
        {
            // the worker starts once it is listed, so that its own removal when it ends cannot come first
            var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            working[webhookId] = Task.Run(async () =>
            {
                await listed.Task;
                await Work(webhookId, ct);
            }, CancellationToken.None);
            listed.SetResult();
        }
    }

    /// <summary>One endpoint's worker: while it holds the endpoint's lease, send its due deliveries one after the other.</summary>
    private async Task Work(Guid webhookId, CancellationToken ct)
    {
        try
        {
            await using var session = store.LightweightSession();
            var lease = await Take(session, webhookId, ct);
            if (lease is null)
            {
                return;
            }
            while (!ct.IsCancellationRequested)
            {
                var generation = bell.Generation;
                var now = clock.GetUtcNow();
                var due = await session.Query<Delivery>()
                    .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.CreatedAt).ThenBy(d => d.Id)
                    .Take(Batch).ToListAsync(ct);
                if (due.Count == 0)
                {
                    if (bell.Generation != generation)
                    {
                        continue; // something was committed while we looked
                    }
                    lease.Holder = null;
                    lease.Until = now;
                    session.Update(lease);
                    await session.SaveChangesAsync(ct);
                    return;
                }
                // the endpoint as it is now (a rotated secret, a deletion), once per batch
                var endpoint = await Endpoint(session, webhookId, ct);
                foreach (var delivery in due)
                {
                    var sent = await Attempt(endpoint, delivery, ct);
                    lease.Until = clock.GetUtcNow() + options.Lease;
                    session.Update(lease);
                    session.Update(sent);
                    // each outcome is saved before the next attempt; a lease lost meanwhile (this process stalled past
                    // it) fails the save, and the other holder sends again under the same webhook-id
                    await session.SaveChangesAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The sender of webhook {WebhookId} stopped; its deliveries are taken up again at the next poll", webhookId);
        }
        finally
        {
            working.TryRemove(webhookId, out _);
        }
    }

    /// <summary>The endpoint's lease, taken for this process; null when another replica holds it.</summary>
    private async Task<EndpointLease?> Take(IDocumentSession session, Guid webhookId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = await session.LoadAsync<EndpointLease>(webhookId, ct);
        if (lease is not null && !lease.FreeFor(self, now))
        {
            return null;
        }
        if (lease is null)
        {
            lease = new EndpointLease { Id = webhookId };
            session.Insert(lease);
        }
        else
        {
            session.Update(lease);
        }
        lease.Holder = self;
        lease.Until = now + options.Lease;
        try
        {
            await session.SaveChangesAsync(ct);
            return lease;
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException)
        {
            return null; // another replica took it first
        }
    }

    /// <summary>The webhook's URL and secret; null when it was deleted.</summary>
    private static async Task<(string Url, string Secret)?> Endpoint(IDocumentSession session, Guid webhookId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var webhook = batch.Load<Webhook>(webhookId);
        var secret = batch.Load<WebhookSecret>(webhookId);
        await batch.Execute(ct);
        return await webhook is { Deleted: false } live && await secret is { } key ? (live.Url, key.Secret) : null;
    }

    /// <summary>One attempt at <paramref name="delivery"/>, and the delivery as it then is.</summary>
    private async Task<Delivery> Attempt((string Url, string Secret)? endpoint, Delivery delivery, CancellationToken ct)
    {
        if (endpoint is not { } live)
        {
            return RetrySchedule.Abandoned(delivery, "the webhook was deleted");
        }
        var outcome = await sender.Send(live.Url, live.Secret, delivery, ct);
        return options.Schedule.After(delivery, outcome, clock.GetUtcNow());
    }
}
