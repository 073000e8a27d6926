using System.Text.Json;
using ProBono.ServiceDefaults.Http;

namespace ProBono.UnitTests.ServiceDefaults;

public sealed class TextTests
{
    [Theory]
    [InlineData("La Défense", false)]
    [InlineData("", false)]
    [InlineData("a\0b", true)]
    [InlineData("bell\u0007", true)]
    [InlineData("\u001f", true)]
    [InlineData("tab\there", true)]
    [InlineData("line\nbreak", true)]
    [InlineData("cr\r", true)]
    [InlineData("del\u007f is not C0", false)]
    public void A_single_line_field_refuses_every_C0_character(string text, bool refused) =>
        Assert.Equal(refused, Text.HasControlCharacters(text, multiLine: false));

    [Theory]
    [InlineData("tab\there", false)]
    [InlineData("line\r\nbreak", false)]
    [InlineData("a\0b", true)]
    [InlineData("esc\u001b", true)]
    public void A_multi_line_field_allows_tab_and_line_breaks_only(string text, bool refused) =>
        Assert.Equal(refused, Text.HasControlCharacters(text, multiLine: true));

    private sealed record Body(string Name, List<Body>? Children = null);

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions();
        Json.Configure(options);
        return options;
    }

    [Fact]
    public void The_shared_JSON_options_refuse_a_NUL_anywhere_naming_its_path()
    {
        var e = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Body>("""{"name":"ok","children":[{"name":"a\u0000b"}]}""", Options()));

        Assert.Equal("$.children[0].name", e.Path);
    }

    [Fact]
    public void The_shared_JSON_options_keep_tabs_and_line_breaks_and_write_strings_as_they_are()
    {
        var body = JsonSerializer.Deserialize<Body>("""{"name":"two\r\nlines\tand a tab"}""", Options());

        Assert.Equal("two\r\nlines\tand a tab", body!.Name);
        Assert.Contains("two\\r\\nlines", JsonSerializer.Serialize(body, Options()));
    }
}
