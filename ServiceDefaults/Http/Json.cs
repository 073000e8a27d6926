using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProBono.ServiceDefaults.Http;

public static class Json
{
    /// <summary>camelCase, enums as lower-case kebab strings (<c>"registration-open"</c>), as API.md says.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }
}
