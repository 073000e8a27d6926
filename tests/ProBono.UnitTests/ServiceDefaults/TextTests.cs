using System.Text;
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

    [Theory]
    [InlineData("""{"name":"ok","children":[{"name":"a\u0000b"}]}""", "children[0].name")]
    [InlineData("""{"partners":[{"name":"x"},{"partnerId":"y","name":"b\u0007"}]}""", "partners[1].name")]
    [InlineData("""[{"firstName":"ok"},{"firstName":"Ada","skills":["data","\u001b"]}]""", "[1].skills[1]")]
    [InlineData("""{"a":{"b":[1,true,null,{"c":"\u0000"}]}}""", "a.b[3].c")]
    [InlineData("\"\\u0000\"", "$")]
    [InlineData("""{"a":"\uD800"}""", "a")]
    [InlineData("""{"list":["ok","x\uDFFFy"]}""", "list[1]")]
    public void A_control_character_anywhere_in_a_JSON_body_is_found_by_its_path(string json, string path) =>
        Assert.Equal(path, Text.FindControlCharacter(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"notes":"two\r\nlines\tand a tab","n":3,"list":["a","b"]}""")]
    [InlineData("""{"name": """)]
    [InlineData("")]
    public void Tabs_line_breaks_and_malformed_JSON_are_left_to_the_validators_and_the_binder(string json) =>
        Assert.Null(Text.FindControlCharacter(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_property_name_that_is_not_UTF8_is_found_by_its_path_with_the_bytes_replaced()
    {
        byte[] json = [.. "{\"ok\":{\""u8, 0xFF, .. "nps\":1},\"a\":\"\\uD800\"}"u8];

        var found = Text.FindUnreadableText(json);

        Assert.Equal([("ok.\uFFFDnps", Text.PropertyNameMessage), ("a", Text.ControlCharacterMessage)], found);
    }

    [Fact]
    public void A_property_name_holding_a_lone_surrogate_is_found_too() =>
        Assert.Equal([("\\uDC00x", Text.PropertyNameMessage)], Text.FindUnreadableText("{\"\\uDC00x\":1}"u8));
}
