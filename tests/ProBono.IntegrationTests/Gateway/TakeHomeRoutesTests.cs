using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ProBono.IntegrationTests.Gateway;

/// <summary>
/// API.md's route table for what stakeholders take home: the tax pack, the partner's report and a volunteer's certificate
/// go to Feedback, although their paths sit among Recruitment's (<c>/api/marathons/{mid}/volunteers/**</c>). Each service
/// here is a stand-in that answers with its own name.
/// </summary>
public sealed class TakeHomeRoutesTests
{
    private static async Task<WebApplication> StandIn(string service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        // every path, those that look like files too (MapFallback leaves them out: certificate.pdf)
        app.Map("{**path}", () => Results.Text(service));
        await app.StartAsync();
        return app;
    }

    [Theory]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/tax-pack", "feedback")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/tax-pack?partnerId=edf&format=json", "feedback")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/impact?format=xlsx", "feedback")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/volunteers/00000000-0000-0000-0000-000000000002/certificate.pdf?lang=en", "feedback")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/volunteers/00000000-0000-0000-0000-000000000002", "recruitment")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001/volunteers", "recruitment")]
    [InlineData("/api/marathons/00000000-0000-0000-0000-000000000001", "recruitment")]
    public async Task Each_take_home_path_reaches_Feedback_and_the_volunteers_stay_with_Recruitment(string path, string service)
    {
        await using var recruitment = await StandIn("recruitment");
        await using var feedback = await StandIn("feedback");
        using var gateway = new GatewayHost(new Dictionary<string, Uri>
        {
            ["recruitment"] = new(recruitment.Urls.Single()), ["feedback"] = new(feedback.Urls.Single()),
        });

        using var response = await gateway.Client(Tokens.Staff()).GetAsync(path);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(service, await response.Content.ReadAsStringAsync());
    }
}
