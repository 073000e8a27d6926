namespace ProBono.IntegrationTests.StaffConsole;

/// <summary>Staff read a completed marathon's report, its chart, and download every document the API serves for it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReportsJourneyTests(ConsoleFixture platform)
{
    [Fact]
    public async Task Staff_see_the_report_and_its_chart_and_download_every_document()
    {
        var (marathonId, _) = await platform.AMarathonWithANeed($"Marathon du bilan {Guid.NewGuid():N}"[..30], "Site vitrine", teamMax: 4);
        var proposal = await platform.Propose(marathonId)();
        Assert.Equal(HttpStatusCode.OK, (await platform.Staff.PostAsync(
            $"/admin/teams/marathons/{marathonId}/formation/{proposal.GetProperty("proposalId").GetGuid()}/commit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Staff.PostAsync($"/admin/recruitment/marathons/{marathonId}/start", null)).StatusCode);
        var members = proposal.GetProperty("teams")[0].GetProperty("members").EnumerateArray().Select(m => m.GetGuid()).Take(2).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await platform.Staff.PostAsJsonAsync($"/admin/recruitment/marathons/{marathonId}/check-ins", new { volunteerIds = members })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Staff.PostAsJsonAsync($"/admin/recruitment/marathons/{marathonId}/complete", new { force = true, reason = "Bilan." })).StatusCode);
        await Eventually.Until(
            () => platform.Staff.GetFromJsonAsync<JsonElement>($"/admin/feedback/marathons/{marathonId}/report"),
            r => r.GetProperty("impact").GetProperty("hours").GetInt32() == 14 && r.GetProperty("impact").GetProperty("teams").GetInt32() == 1,
            TimeSpan.FromSeconds(30), "Feedback to count two checked-in volunteers of seven hours and the team");

        using var browser = new ConsoleBrowser(platform.Gateway);
        browser.SignIn(then: $"marathons/{marathonId}/reports");
        browser.WaitFor("#report-impact [data-figure='hours']", "14");
        Assert.Equal("5", browser.Find("#report-impact [data-figure='volunteers']").Text);
        Assert.Equal("1 120 €", browser.Find("#report-impact [data-figure='value']").Text.Replace('\u202f', ' ').Replace('\u00a0', ' ')); // 14 h × 80 €
        var chartWidth = await Eventually.Until(
            () => Task.FromResult(Convert.ToInt64(browser.Driver.ExecuteScript("const i = document.getElementById('report-chart'); return i.complete ? i.naturalWidth : 0;"), System.Globalization.CultureInfo.InvariantCulture)),
            w => w > 0, TimeSpan.FromSeconds(15), "the chart to be drawn");
        Assert.True(chartWidth > 0);
        browser.Check("reports");

        // every link downloads its document, fetched by the console with the session's token
        var links = browser.All("#report-downloads a").Select(a => (Href: a.GetAttribute("href"), Document: a.GetAttribute("data-document"))).ToList();
        string[] partners = ["impact.json", "impact.xlsx", "impact.pdf", "tax-pack.json", "tax-pack.pdf", "attendance.json"];
        Assert.Equal(["report.json", "report.csv", "report.xlsx", "chart.svg", .. partners, .. partners], links.Select(l => l.Document));
        var session = browser.Driver.Manage().Cookies.GetCookieNamed("probono-console")!;
        using var browserLike = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        foreach (var (href, document) in links)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, href);
            request.Headers.Add("Cookie", $"{session.Name}={session.Value}");
            using var response = await browserLike.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{href}: {(int)response.StatusCode}");
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var body = System.Text.Encoding.UTF8.GetString(bytes);
            switch (document)
            {
                case "report.xlsx" or "impact.xlsx":
                    Assert.Equal([(byte)'P', (byte)'K'], bytes[..2]); // a workbook is a zip
                    break;
                case "impact.pdf" or "tax-pack.pdf":
                    Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
                    Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
                    break;
                case "report.csv":
                    Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
                    break;
                case "chart.svg":
                    Assert.Contains("<svg", body, StringComparison.Ordinal);
                    Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
                    break;
                default:
                    Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(body).RootElement.ValueKind);
                    break;
            }
        }

        // a refused download comes back to the reports page, in words
        browser.GoTo($"marathons/{Guid.NewGuid()}/reports/report.csv");
        browser.WaitFor("[data-problem='404']", "Le téléchargement de « report.csv » n’a pas abouti.");
        Assert.Contains("Introuvable", browser.Find("[data-problem='404']").Text, StringComparison.Ordinal);
        browser.Check("reports-download-refused");
        Assert.Empty(browser.All("#report-chart"));
    }
}
