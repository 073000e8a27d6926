using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Polly.Timeout;
using ProBono.Webhooks.Deliveries;
using ProBono.Webhooks.Subscriptions;

namespace ProBono.Webhooks.Sending;

/// <summary>
/// One attempt: POST the message's body to the webhook's URL, signed (Standard Webhooks v1), and tell how it ended. The
/// HTTP client (<see cref="ClientName"/>) cuts an attempt at <see cref="AttemptTimeout"/> and never retries by itself:
/// the <see cref="RetrySchedule"/> is the retry.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "webhook-deliveries";

    /// <summary>API.md: a 2xx within 10 s is delivered.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public const string TimeoutError = "timeout";

    public async Task<AttemptOutcome> Send(string url, string secret, Delivery delivery, CancellationToken ct)
    {
        var id = delivery.MessageId.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Signature.Sign(secret, id, timestamp, delivery.Body));
        try
        {
            // the answer's headers decide; its body is never read
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return AttemptOutcome.Answered((int)response.StatusCode);
        }
        catch (TimeoutRejectedException)
        {
            return AttemptOutcome.Unanswered(TimeoutError);
        }
        catch (HttpRequestException e)
        {
            return AttemptOutcome.Unanswered(e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host does not resolve",
                HttpRequestError.ConnectionError when e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
                HttpRequestError.ConnectionError => "no connection",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ when e.InnerException is RefusedDestination refused => refused.Message,
                _ => $"no answer ({e.HttpRequestError})",
            });
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AttemptOutcome.Unanswered(TimeoutError);
        }
    }
}

/// <summary>A connection the sender refused to open: the URL's host now resolves to an internal address.</summary>
internal sealed class RefusedDestination(string message) : Exception(message);
