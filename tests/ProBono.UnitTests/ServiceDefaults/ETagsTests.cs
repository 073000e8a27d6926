using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.Http;

namespace ProBono.UnitTests.ServiceDefaults;

public sealed class ETagsTests
{
    private static long? Expected(string ifMatch)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.IfMatch = ifMatch;
        return http.Request.ExpectedVersion();
    }

    [Theory]
    [InlineData("\"3\"", 3L)]
    [InlineData(" \"12\" ", 12L)]
    [InlineData("W/\"3\"", 3L)]
    [InlineData("*", null)]
    [InlineData("", null)]
    public void An_ETag_this_API_gave_names_its_version(string ifMatch, long? version) =>
        Assert.Equal(version, Expected(ifMatch));

    [Theory]
    [InlineData("\"1")]
    [InlineData("1\"")]
    [InlineData("1")]
    [InlineData("W/\"1")]
    [InlineData("W/1")]
    [InlineData("\"1\"x")]
    [InlineData("\"\"")]
    [InlineData("\"\"1\"\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"99999999999999999999\"")]
    public void A_malformed_If_Match_is_a_400_naming_the_header(string ifMatch)
    {
        var refused = Assert.Throws<ValidationFailed>(() => Expected(ifMatch));

        Assert.Equal(["If-Match"], refused.Errors.Keys);
    }
}
