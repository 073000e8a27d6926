using System.Net.Http.Headers;
using System.Net.Http.Json;
using ProBono.Token;

// Loads the demo marathon through the gateway, as staff would: the La Défense Pro Bono Marathon
// (8 partner companies, 100 places), dated next November. Safe to run again: it sends a fixed
// Idempotency-Key, so a second run gets the first answer and creates nothing.
// The AppHost runs it once the gateway is healthy (Demo:Load=false skips it).

var gateway = Environment.GetEnvironmentVariable("services__gateway__http__0")
    ?? (args.Length > 0 ? args[0] : "http://localhost:5080");
var key = Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Tokens.DevelopmentKey;
using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(30) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Mint("staff", key: key, subject: "demo-loader"));

var year = DateTime.UtcNow.Year + 1;
var marathon = new
{
    name = $"Pro Bono Marathon La Défense {year}",
    venue = "Paris La Défense",
    date = $"{year}-11-16",
    registrationDeadline = $"{year}-11-02",
    hoursPerVolunteer = 7,
    hourlyValueEur = 95,
    maxSameCompanyPerTeam = 3,
    partners = new[]
    {
        new { partnerId = "dalkia", name = "Dalkia", quota = 12 },
        new { partnerId = "edf", name = "EDF", quota = 13 },
        new { partnerId = "ey", name = "EY", quota = 13 },
        new { partnerId = "csc", name = "CSC", quota = 12 },
        new { partnerId = "manpower", name = "Manpower", quota = 12 },
        new { partnerId = "thales", name = "Thales", quota = 13 },
        new { partnerId = "mazars", name = "Mazars", quota = 12 },
        new { partnerId = "societe-generale", name = "Société Générale", quota = 13 },
    },
};

using var schedule = new HttpRequestMessage(HttpMethod.Post, "/admin/recruitment/marathons") { Content = JsonContent.Create(marathon) };
schedule.Headers.Add("Idempotency-Key", $"demo-marathon-la-defense-{year}");
var scheduled = await http.SendAsync(schedule);
if (!scheduled.IsSuccessStatusCode)
{
    Console.Error.WriteLine($"Scheduling the demo marathon failed: {(int)scheduled.StatusCode} {await scheduled.Content.ReadAsStringAsync()}");
    return 1;
}
var created = await scheduled.Content.ReadFromJsonAsync<Created>();
var replayed = scheduled.Headers.Contains("Idempotent-Replayed");
Console.WriteLine(replayed
    ? $"The demo marathon is already loaded: {created!.MarathonId}"
    : $"Scheduled the demo marathon {created!.MarathonId}");

if (!replayed)
{
    var opened = await http.PostAsync($"/admin/recruitment/marathons/{created.MarathonId}/open-registration", null);
    Console.WriteLine($"Opened its registration: {(int)opened.StatusCode}");
}
Console.WriteLine($"Try: curl -H \"Authorization: Bearer $(dotnet run --project tools/ProBono.Token -- staff)\" {gateway}/api/marathons/{created.MarathonId}");
return 0;

internal sealed record Created(Guid MarathonId, string Status);
