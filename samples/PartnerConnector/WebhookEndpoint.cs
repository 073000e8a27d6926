using System.Text;

namespace ProBono.PartnerConnector;

/// <summary>
/// <c>POST /webhooks</c>: the platform's deliveries. A bad signature or a stale timestamp answers 401 and is not read;
/// a message seen before (retries keep their <c>webhook-id</c>) is acknowledged again without being acted on twice.
/// The answer is quick (API.md: a 2xx within 10 s): a report download runs after it.
/// </summary>
internal static class WebhookEndpoint
{
    public const string Path = "/webhooks";

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapPost(Path, async (HttpRequest request, WebhookSignatures signatures, SeenMessages seen, WebhookNotices notices,
            ILogger<WebhookSignatures> log, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct);
            if (signatures.Refusal(body, request.Headers) is { } why)
            {
                log.LogWarning("Refused a webhook: {Why}", why);
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook refused", detail: why);
            }
            if (WebhookMessage.Parse(body) is not { } message)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a webhook message", detail: "Expected {type, timestamp, data}.");
            }
            if (seen.FirstTime(request.Headers["webhook-id"].ToString()))
            {
                notices.Handle(message);
            }
            return Results.NoContent();
        });
        return app;
    }
}

/// <summary>The latest message ids, so a redelivery (same <c>webhook-id</c>) is acted on once; bounded in memory.</summary>
internal sealed class SeenMessages
{
    private const int Capacity = 10_000;
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    public bool FirstTime(string id)
    {
        lock (gate)
        {
            if (!ids.Add(id))
            {
                return false;
            }
            order.Enqueue(id);
            if (order.Count > Capacity)
            {
                ids.Remove(order.Dequeue());
            }
            return true;
        }
    }
}
