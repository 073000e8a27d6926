using System.Collections.Frozen;
using System.Text.Json;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// How an enum value is spelled on the wire (<c>registration-open</c>), read from the API's own JSON options
/// (<see cref="Json.Configure"/>): messages, integration events and query strings spell statuses exactly as the
/// bodies do, and a change of spelling is made in one place.
/// </summary>
public static class ApiSpelling
{
    private static readonly JsonSerializerOptions Options = Configured();

    /// <summary>The value as a response body spells it.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Spellings<TEnum>.ByValue[value];

    /// <summary>The value a query string or a message spells as <paramref name="text"/>, exactly (case included).</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum =>
        Spellings<TEnum>.ByName.TryGetValue(text ?? "", out value);

    /// <summary>Every spelling of <typeparamref name="TEnum"/>, in declaration order (for messages listing the allowed values).</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Spellings<TEnum>.Names;

    private static JsonSerializerOptions Configured()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static class Spellings<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<string> Names =
            [.. Enum.GetValues<TEnum>().Select(v => JsonSerializer.SerializeToElement(v, Options).GetString()!)];

        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Zip(Names).ToFrozenDictionary(p => p.First, p => p.Second);

        public static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
