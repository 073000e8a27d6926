using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProBono.ServiceDefaults.Http;

/// <summary>API.md: text fields refuse NUL and the other C0 control characters; multi-line fields allow tab and line breaks.</summary>
public static class Text
{
    /// <summary>True when <paramref name="text"/> holds a C0 control character (U+0000–U+001F) the field may not hold.</summary>
    public static bool HasControlCharacters(string text, bool multiLine)
    {
        foreach (var c in text)
        {
            if (c < ' ' && !(multiLine && c is '\t' or '\r' or '\n'))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// The safety net under every use case's validator: a JSON string holding a C0 control character other than tab and
/// line breaks never reaches a handler (PostgreSQL refuses NUL in text, and would fail the whole transaction with a
/// 500). Validators still refuse tab and line breaks in single-line fields; this layer cannot know which field is which.
/// </summary>
internal sealed class ControlCharacterRefusingStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && Text.HasControlCharacters(value, multiLine: true))
        {
            // the serializer adds the JSON path of the offending value to the exception
            throw new JsonException("Text may not contain NUL or other control characters (only tab and line breaks, in multi-line fields).");
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
