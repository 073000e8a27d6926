using System.Text.Json;

namespace ProBono.UnitTests.ServiceDefaults;

public sealed class PublicTextTests
{
    private sealed record Registration(Guid MarathonId, int Quota, List<string> Skills);

    private static string JsonError(string json)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Registration>(json));
        return error.Message;
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"MarathonId\": 5}")]
    [InlineData("{\"Quota\": \"many\"}")]
    [InlineData("{\"Skills\": {}}")]
    public void What_System_Text_Json_says_loses_our_type_names_and_keeps_its_path(string json)
    {
        var raw = JsonError(json);
        Assert.True(raw.Contains("ProBono.", StringComparison.Ordinal) || raw.Contains("System.", StringComparison.Ordinal), raw); // the probe names a type

        var text = PublicText.Of(raw);

        Assert.DoesNotContain("ProBono", text);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain(nameof(Registration), text);
        Assert.Contains("Path: $", text);
    }

    [Theory]
    [InlineData("Failed to read parameter \"ScheduleMarathonRequest request\" from the request body as JSON.", "Failed to read parameter 'request'.")]
    [InlineData("Failed to bind parameter \"Guid marathonId\" from \"abc\".", "Failed to bind parameter 'marathonId' from \"abc\".")]
    [InlineData("The JSON value could not be converted to System.Nullable`1[System.Guid]. Path: $.id", "The JSON value could not be converted to the expected type. Path: $.id")]
    [InlineData("Request body too large.", "Request body too large.")]
    public void Minimal_apis_messages_keep_the_parameter_name_only(string message, string expected) =>
        Assert.Equal(expected, PublicText.Of(message));
}
