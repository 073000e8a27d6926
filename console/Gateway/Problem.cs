using System.Net;
using System.Text.Json;

namespace ProBono.StaffConsole.Gateway;

/// <summary>An RFC 9457 problem as the gateway answered it, or one the console makes when the gateway did not answer.</summary>
public sealed record Problem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors, JsonElement? Body)
{
    /// <summary>The messages for one field of a form: the errors whose key is that field or one of its parts.</summary>
    public IReadOnlyList<string> For(string field) =>
        [.. Errors.Where(e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e.Value)];

    /// <summary>A field of the problem's body beyond the standard ones (e.g. the completion guard's figures).</summary>
    public JsonElement? Field(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) ? value : null;

    public static Problem Unreachable(string detail) => new(0, null, detail, new Dictionary<string, string[]>(), null);

    public static async Task<Problem> Read(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        JsonElement? body = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.Length > 0)
            {
                body = JsonSerializer.Deserialize<JsonElement>(text);
            }
        }
        catch (JsonException)
        {
            // a proxy's HTML error page: the status alone says what happened
        }
        string? Text(string name) => body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (body is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in e.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.ToString())]
                    : [field.Value.ToString()];
            }
        }
        return new Problem(status, Text("title") ?? ((HttpStatusCode)status).ToString(), Text("detail"), errors, body);
    }
}
