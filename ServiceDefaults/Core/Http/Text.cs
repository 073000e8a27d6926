using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>API.md: text fields refuse NUL and the other C0 control characters; multi-line fields allow tab and line breaks.</summary>
public static class Text
{
    public const string ControlCharacterMessage =
        "Text may not contain NUL or other control characters (only tab and line breaks, in multi-line fields).";

    public const string PropertyNameMessage = "A property name must be UTF-8 text (this one has bytes that are not, or a lone surrogate).";

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

    /// <summary>The path (validators' spelling) of the first string value with a forbidden control character; null if none or malformed.</summary>
    public static string? FindControlCharacter(ReadOnlySpan<byte> json) => FindControlCharacters(json).FirstOrDefault();

    /// <summary>The paths of every such string value, in document order, so one 400 names them all.</summary>
    public static IReadOnlyList<string> FindControlCharacters(ReadOnlySpan<byte> json) => [.. FindUnreadableText(json).Select(f => f.Path)];

    /// <summary>Each string value with a control character and each property name that is no text (not UTF-8): path and what is wrong.</summary>
    public static IReadOnlyList<(string Path, string Message)> FindUnreadableText(ReadOnlySpan<byte> json)
    {
        var found = new List<(string, string)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var path = new List<PathStep>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextValue(path);
                        path.Add(new PathStep { InArray = reader.TokenType == JsonTokenType.StartArray });
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        // the reader checks a name's bytes only when asked for its text: the binder would fail there (a 500)
                        if (TryGetString(ref reader, out var name))
                        {
                            path[^1].Property = name;
                        }
                        else
                        {
                            path[^1].Property = Encoding.UTF8.GetString(reader.ValueSpan);
                            found.Add((Spell(path), PropertyNameMessage));
                        }
                        break;
                    case JsonTokenType.String:
                        NextValue(path);
                        if (!TryGetString(ref reader, out var text) || HasControlCharacters(text, multiLine: true))
                        {
                            found.Add((Spell(path), ControlCharacterMessage));
                        }
                        break;
                    default:
                        NextValue(path);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return [];
        }
        return found;
    }

    /// <summary>
    /// The string, or false for one no .NET string can hold (bytes that are not UTF-8, a lone surrogate escaped as
    /// <c>\uD800</c>): refused like a control character.
    /// </summary>
    private static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static void NextValue(List<PathStep> path)
    {
        if (path.Count > 0 && path[^1].InArray)
        {
            path[^1].Index++;
        }
    }

    private static string Spell(List<PathStep> path)
    {
        var text = new StringBuilder();
        foreach (var step in path)
        {
            if (step.InArray)
            {
                text.Append('[').Append(step.Index).Append(']');
            }
            else if (step.Property is not null)
            {
                text.Append(text.Length > 0 ? "." : "").Append(step.Property);
            }
        }
        return text.Length > 0 ? text.ToString() : "$";
    }

    private sealed class PathStep
    {
        public bool InArray { get; init; }
        public string? Property { get; set; }
        public int Index { get; set; } = -1;
    }

    /// <summary>
    /// The safety net under every validator: a JSON string holding a C0 control character is a 400 naming the field, as
    /// PostgreSQL refuses NUL and would fail the transaction with a 500. Tab and line breaks pass: only the validators
    /// know which fields are single-line. Not a JSON converter: one makes every string untyped in the OpenAPI documents.
    /// </summary>
    public static IApplicationBuilder UseControlCharacterRefusal(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.HasJsonContentType() && http.Request.ContentLength is not 0
            && http.GetEndpoint()?.Metadata.GetMetadata<TextCheckedPerRow>() is null)
        {
            http.Request.EnableBuffering();
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            http.Request.Body.Position = 0;
            if (FindUnreadableText(body.GetBuffer().AsSpan(0, (int)body.Length)) is { Count: > 0 } fields)
            {
                throw new ValidationFailed(fields.GroupBy(f => f.Path).ToDictionary(g => g.Key, g => g.Select(f => f.Message).Distinct().ToArray()));
            }
        }
        await next(http);
    });

    /// <summary>
    /// Marks an endpoint that takes many rows in one body and refuses a control character in the row that holds it
    /// (good rows kept, bad rows reported), so the whole-body refusal above does not apply to it.
    /// </summary>
    public static TBuilder ChecksTextPerRow<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new TextCheckedPerRow());
}

/// <summary>Endpoint metadata: see <see cref="Text.ChecksTextPerRow{TBuilder}"/>.</summary>
public sealed class TextCheckedPerRow;
