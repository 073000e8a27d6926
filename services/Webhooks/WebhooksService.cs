using System.Net;
using System.Net.Sockets;
using JasperFx.Events.Projections;
using Polly;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Webhooks.Browsing;
using ProBono.Webhooks.Deleting;
using ProBono.Webhooks.Deliveries;
using ProBono.Webhooks.RotatingSecrets;
using ProBono.Webhooks.Sending;
using ProBono.Webhooks.Subscribing;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks;

/// <summary>
/// Webhooks: partners' subscriptions, and the signed deliveries of the platform's integration events to their servers
/// (docs/adr/0026-webhooks-service.md). The composition root of its slices.
/// </summary>
internal static class WebhooksService
{
    public const string Name = "webhooks";
    public const string Database = "webhooksdb";

    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRequestValidators(typeof(WebhooksService).Assembly);
        builder.Services.AddGatewayOpenApi("Webhooks — partners' signed event deliveries", Name);
        builder.AddMessaging(Name, typeof(WebhooksService).Assembly);
        builder.AddEventStore(Database, options =>
        {
            options.DatabaseSchemaName = Name;
            options.Projections.Snapshot<Webhook>(SnapshotLifecycle.Inline);
            options.Schema.For<Webhook>().Index([w => w.PartnerId, w => w.CreatedAt]).Index(w => w.CreatedAt);
            // the sender finds due work and an endpoint's next message by these; the list shows a webhook's newest first
            options.Schema.For<Delivery>()
                .Index([d => d.Status, d => d.NextAttemptAt!])
                .Index([d => d.WebhookId, d => d.Status, d => d.NextAttemptAt!])
                .Index([d => d.WebhookId, d => d.CreatedAt]);
        });

        // Development takes http://127.0.0.1 and http://localhost; anywhere else a webhook leads to public servers only
        var allowLocal = builder.Configuration.GetValue("Webhooks:AllowLocalUrls", builder.Environment.IsDevelopment());
        builder.Services.AddSingleton(new WebhookUrls(allowLocal, (host, ct) => Dns.GetHostAddressesAsync(host, ct)));
        builder.Services.AddSingleton(new SendingOptions(
            RetrySchedule.Parse(builder.Configuration["Webhooks:RetrySchedule"]),
            builder.Configuration.GetValue("Webhooks:PollInterval", TimeSpan.FromSeconds(1)),
            builder.Configuration.GetValue("Webhooks:LeaseDuration", TimeSpan.FromSeconds(30)),
            builder.Configuration.GetValue("Webhooks:MaxEndpointsAtOnce", 64)));
        builder.Services.AddSingleton<DeliveryBell>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService<DeliveryDispatcher>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental in Http.Resilience 10; it is the one way to drop a default
        builder.Services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = allowLocal ? null : PublicOnly,
            })
            // the platform's default handler retries: a delivery's retries are its schedule's, hours apart, not seconds
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("webhook-attempt", pipeline => pipeline.AddTimeout(WebhookSender.AttemptTimeout));
#pragma warning restore EXTEXP0001
        return builder;
    }

    /// <summary>
    /// Connects only to public addresses: a host checked at subscription may resolve elsewhere later (DNS rebinding).
    /// </summary>
    private static async ValueTask<Stream> PublicOnly(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        if (addresses.Length == 0 || addresses.Any(WebhookUrls.IsInternal))
        {
            throw new RefusedDestination($"refused: {context.DnsEndPoint.Host} resolves to an internal address");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseIdempotency();
        app.MapGatewayOpenApi();

        app.MapGroup("/api").WithTags("Webhooks")
            .MapSubscribeWebhook()
            .MapListWebhooks()
            .MapGetWebhook()
            .MapDeleteWebhook()
            .MapRotateSecret()
            .MapListDeliveries()
            .MapRedeliver();

        app.MapGroup("/admin").RequireAuthorization(Policies.Staff).MapRebuildProjections();
        app.MapFailedMessages();
        return app;
    }
}
