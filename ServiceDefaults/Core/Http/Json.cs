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
        options.NumberHandling = JsonNumberHandling.Strict; // numbers are JSON numbers (the web defaults read "12" too, and OpenAPI then types every number integer-or-string)
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
    }
}
