using System.Net.Http.Headers;
using System.Net.Http.Json;
using ProBono.Token;

// Loads the demo marathon through the gateway, as staff would: the La Défense Pro Bono Marathon
// (8 partner companies, 100 places), dated next November, with ten associations whose needs staff have qualified
// and published. Safe to run again: every creation sends a fixed Idempotency-Key, so a second run gets the first
// answers and creates nothing.
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

// the associations and their needs, qualified and published by staff; Needs hears of the marathon from Recruitment first
var deadline = DateTime.UtcNow.AddSeconds(60);
while ((await http.GetAsync($"/admin/needs/marathons/{created.MarathonId}")).StatusCode != System.Net.HttpStatusCode.OK)
{
    if (DateTime.UtcNow > deadline)
    {
        Console.Error.WriteLine("Needs has not heard of the demo marathon within 60 s; its needs are not loaded.");
        return 1;
    }
    await Task.Delay(250);
}
var published = 0;
foreach (var need in DemoNeeds.All)
{
    var association = await Create<AssociationCreated>("/admin/needs/associations", $"demo-association-{need.Slug}", new
    {
        name = need.Association, mission = need.Mission, causeArea = need.Cause, contactEmail = $"contact@{need.Slug}.example.org",
    });
    var submitted = await Create<NeedCreated>("/api/needs", $"demo-need-{year}-{need.Slug}", new
    {
        associationId = association.Value.AssociationId, marathonId = created.MarathonId, title = need.Title, description = need.Description,
        deliverable = need.Deliverable, requiredSkills = need.Skills.Select(s => new { skill = s.Skill, count = s.Count }),
        teamSize = new { min = need.Min, max = need.Max },
    });
    if (!submitted.Replayed)
    {
        (await http.PostAsJsonAsync($"/admin/needs/{submitted.Value.NeedId}/qualify", new { notes = "Qualified with the association by phone." })).EnsureSuccessStatusCode();
        (await http.PostAsync($"/admin/needs/{submitted.Value.NeedId}/publish", null)).EnsureSuccessStatusCode();
        published++;
    }
}
Console.WriteLine($"{DemoNeeds.All.Count} associations with their needs loaded ({published} published now)");
Console.WriteLine($"Try: curl -H \"Authorization: Bearer $(dotnet run --project tools/ProBono.Token -- staff)\" {gateway}/api/marathons/{created.MarathonId}");
return 0;

async Task<(T Value, bool Replayed)> Create<T>(string path, string idempotencyKey, object body)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    request.Headers.Add("Idempotency-Key", idempotencyKey);
    var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"POST {path} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
    return ((await response.Content.ReadFromJsonAsync<T>())!, response.Headers.Contains("Idempotent-Replayed"));
}

internal sealed record Created(Guid MarathonId, string Status);

internal sealed record AssociationCreated(Guid AssociationId);

internal sealed record NeedCreated(Guid NeedId, string Status);

internal sealed record DemoNeed(
    string Slug, string Association, string Mission, string Cause, string Title, string Description, string Deliverable,
    (string Skill, int Count)[] Skills, int Min, int Max);

/// <summary>Ten associations' needs, in the spirit of the 2016 marathon (1000 VISAGES needed a sales brochure).</summary>
internal static class DemoNeeds
{
    public static readonly IReadOnlyList<DemoNeed> All =
    [
        new("1000-visages", "1000 VISAGES", "Film and audiovisual training for young people from priority neighbourhoods.", "culture",
            "A sales brochure to win corporate partners", "Our training is free for its students; companies fund it. We need a brochure that sells it.",
            "A sales brochure, printed and digital", [("marketing", 2), ("design", 1), ("sales", 1)], 5, 8),
        new("connexions-solidaires", "Connexions Solidaires", "Digital inclusion for people far from the internet.", "social-inclusion",
            "A three-year financial plan", "Two funders ask for a financial plan before renewing their grants.",
            "A financial plan with three scenarios", [("finance", 2), ("strategy", 1)], 4, 6),
        new("emploi-avenir", "Emploi Avenir", "Helps long-term unemployed people back into work.", "employment",
            "An onboarding process for volunteers", "New volunteer coaches leave within months; we need a proper onboarding.",
            "An HR onboarding process and its kit", [("hr", 2), ("communication", 1)], 4, 6),
        new("jardins-partages", "Jardins Partagés", "Shared urban gardens run by their neighbours.", "environment",
            "A website that finds new gardeners", "Our site is ten years old and nobody finds it.",
            "A new website with a sign-up form", [("digital", 2), ("design", 1), ("it", 1)], 4, 7),
        new("lire-ecrire", "Lire et Écrire", "Literacy classes for adults.", "education",
            "A fundraising campaign for the new school year", "We need to raise 40,000 euros from individuals.",
            "A campaign plan with its messages and calendar", [("fundraising", 2), ("marketing", 1)], 4, 6),
        new("toit-solidaire", "Toit Solidaire", "Temporary housing for families in need.", "housing",
            "A dashboard of our housing capacity", "Our figures live in ten spreadsheets.",
            "A shared dashboard and the data model behind it", [("data", 2), ("it", 1)], 3, 5),
        new("sport-handicap", "Sport et Handicap", "Adapted sport for people with disabilities.", "disability",
            "A partnership offer for sports clubs", "Clubs want to welcome our members but do not know how.",
            "A partnership offer and its pitch deck", [("strategy", 1), ("sales", 1), ("communication", 1)], 3, 5),
        new("sante-pour-tous", "Santé pour Tous", "Free health check-ups for people without cover.", "health",
            "A legal review of our volunteer agreements", "Our agreements date from 2009.",
            "Reviewed agreements and a memo", [("legal", 2), ("hr", 1)], 3, 5),
        new("jeunes-talents", "Jeunes Talents", "Mentoring for high-school students from modest backgrounds.", "youth",
            "A mentoring programme for companies", "We want companies to run the programme with their staff.",
            "A programme guide and its launch plan", [("project-management", 1), ("communication", 1), ("hr", 1)], 4, 6),
        new("musee-vivant", "Musée Vivant", "Brings museums to hospitals and care homes.", "culture",
            "A strategy to reach care homes", "We reach ten care homes; we could reach a hundred.",
            "A three-year strategy and its first actions", [("strategy", 2), ("marketing", 1)], 4, 6),
    ];
}
