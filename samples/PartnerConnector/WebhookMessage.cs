using System.Text.Json;

namespace ProBono.PartnerConnector;

/// <summary>
/// A delivery's body, <c>{type, timestamp, data}</c>; <c>data</c> names the marathon and the ids concerned (never a
/// last name or an e-mail address).
/// </summary>
internal sealed record WebhookMessage(string Type, DateTimeOffset? Timestamp, JsonElement Data)
{
    public static WebhookMessage? Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            DateTimeOffset? timestamp = root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var at) ? at : null;
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new WebhookMessage(type.GetString()!, timestamp, data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Guid? Id(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) ? id : null;

    public IEnumerable<Guid> Ids(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String && v.TryGetGuid(out _)).Select(v => v.GetGuid())
            : [];
}
