using System.Net;
using System.Net.Sockets;

namespace ProBono.Webhooks.Subscriptions;

/// <summary>
/// Where a webhook may point (API.md): <c>https://</c>, to a host that resolves to public addresses only, so that a
/// partner cannot make the platform call into its own network. Local URLs (<c>http://127.0.0.1</c>,
/// <c>http://localhost</c>) are for Development only: <c>Webhooks:AllowLocalUrls</c>, by default true in Development.
/// </summary>
internal sealed class WebhookUrls(bool allowLocal, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public const int MaxLength = 2048;

    public bool AllowLocal => allowLocal;

    /// <summary>What is wrong with <paramref name="url"/> before any look-up (null: nothing). Pure.</summary>
    public static string? Shape(string? url, bool allowLocal)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "'url' is required.";
        }
        if (url.Length > MaxLength)
        {
            return $"'url' must be at most {MaxLength} characters.";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || url.Any(char.IsControl))
        {
            return "'url' must be an absolute URL such as https://hr.example.com/hooks/probono.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "'url' must not carry a user name or password: the signature authenticates each delivery.";
        }
        if (uri.Fragment.Length > 0)
        {
            return "'url' must not have a fragment (#...).";
        }
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }
        if (allowLocal && uri.Scheme == Uri.UriSchemeHttp && IsLocalName(uri))
        {
            return null;
        }
        return allowLocal
            ? "'url' must be https://, or (in Development) http://127.0.0.1 or http://localhost."
            : "'url' must be https://.";
    }

    private static bool IsLocalName(Uri uri) =>
        uri.IdnHost is "127.0.0.1" or "localhost" or "[::1]" or "::1";

    /// <summary>
    /// Whether an address is one the platform must not call outside Development: loopback, private (RFC 1918, unique
    /// local), link-local (cloud metadata lives there), carrier-grade NAT, unspecified or multicast. Pure.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] >= 224
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    /// <summary>
    /// What is wrong with where <paramref name="url"/> leads (null: nothing): outside Development, a host that does not
    /// resolve, or resolves to an internal address. Looked up at subscription; the sender checks again at each connection.
    /// </summary>
    public async Task<string?> Destination(string url, CancellationToken ct)
    {
        if (allowLocal)
        {
            return null;
        }
        var host = new Uri(url).IdnHost;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, ct);
        }
        catch (SocketException)
        {
            return $"'url': the host {host} does not resolve.";
        }
        if (addresses.Length == 0)
        {
            return $"'url': the host {host} does not resolve.";
        }
        return addresses.Any(IsInternal)
            ? $"'url': the host {host} resolves to a loopback, private or link-local address; a webhook must point to a public server."
            : null;
    }
}
