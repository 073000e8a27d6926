using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;

namespace ProBono.IntegrationTests.Faults;

/// <summary>
/// Feedback's PostgreSQL stops while its mailer holds a page, and the mail server returns first, so mails leave while
/// nothing can be recorded. Calls answer 503 problem+json meanwhile, and once the database is back, without a restart,
/// each invitation is mailed exactly once and recorded as sent.
/// </summary>
public sealed class FeedbackDatabaseOutageTests(ITestOutputHelper output)
{
    private const int Associations = 12;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task The_mailer_caught_mid_page_by_a_database_outage_recovers_by_itself_and_mails_each_invitation_exactly_once()
    {
        Skip.IfNot(PrivatePostgres.Installed, "needs the machine's PostgreSQL binaries for a server of its own");
        await using var postgres = new PrivatePostgres();
        await postgres.Start();
        var servers = await TestServers.Get();
        var name = Isolation.Name("feedbackdboutage");
        await using var smtp = new SmtpSink { Available = false };
        await using var feedback = new FaultHost<FeedbackProgram>("feedbackdb", postgres.Database(name), servers.RabbitMq, name.Replace('_', '-'),
            new Dictionary<string, string>
            {
                ["ConnectionStrings:smtp"] = $"smtp://127.0.0.1:{smtp.Port}",
                ["Feedback:PublicUrl"] = "https://marathon.example.org",
            });
        var staff = feedback.ClientWith(Tokens.Staff());
        staff.Timeout = TimeSpan.FromSeconds(30); // a hang fails the test instead of waiting 100 s
        var anonymous = feedback.ClientWith(null);
        anonymous.Timeout = TimeSpan.FromSeconds(30);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Feedback healthy");

        // a completed marathon's campaign: one invitation per association, each with its contact address (no volunteer, so
        // no question to Recruitment: the fault under test is Feedback's own database)
        var marathonId = Guid.NewGuid();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var addresses = Enumerable.Range(0, Associations).Select(i => $"outage-{i}-{tag}@asso.example").ToList();
        var store = feedback.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            foreach (var address in addresses)
            {
                var need = new NeedForImpact { Id = Guid.NewGuid(), MarathonId = marathonId, AssociationId = Guid.NewGuid(), ContactEmail = address };
                session.Insert(need);
                session.Insert(new TeamForImpact { Id = Guid.NewGuid(), MarathonId = marathonId, NeedId = need.Id });
            }
            await session.SaveChangesAsync();
        }
        var turnedBefore = smtp.Turned;
        await using (var session = store.LightweightSession())
        {
            await CampaignOpening.Stage(session, marathonId, DateTimeOffset.UtcNow, CancellationToken.None);
            await session.SaveChangesAsync();
        }

        // the mailer holds its page: the mail server turns it away, again and again
        await Eventually.True(() => Task.FromResult(smtp.Turned >= turnedBefore + 3), TimeSpan.FromSeconds(60), "the mailer to retry the unavailable mail server");
        var pending = await Invitations(staff, marathonId);
        Assert.Equal(Associations, pending.Count);
        Assert.All(pending, i => Assert.Equal("pending", i.GetProperty("sendingState").GetString()));
        var early = pending[0].GetProperty("token").GetString()!;

        await postgres.Stop();
        var down = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 3; i++)
        {
            foreach (var call in new Func<Task<HttpResponseMessage>>[]
            {
                () => staff.GetAsync($"/admin/marathons/{marathonId}/invitations"),
                () => staff.GetAsync($"/admin/marathons/{marathonId}/report"),
                () => anonymous.PostAsJsonAsync($"/api/surveys/{early}/responses", new { nps = 9, satisfaction = 4, answers = new { } }),
            })
            {
                var clock = Stopwatch.StartNew();
                var response = await call();
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                await DatabaseOutage.AssertUnavailable(response);
            }
        }
        output.WriteLine($"slowest 503 while the database was down: {slowest.TotalMilliseconds:F0} ms");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"a call answered 503 only after {slowest.TotalMilliseconds:F0} ms");

        // the mail server returns first: mails leave while the mailer cannot record them (the window where a replay would mail twice)
        smtp.Available = true;
        await Eventually.True(() => Task.FromResult(MailsTo(smtp, tag).Count > 0), TimeSpan.FromSeconds(30), "a mail to leave while the database is down");
        if (down.Elapsed < Outage)
        {
            await Task.Delay(Outage - down.Elapsed); // the outage's length, not a proof
        }
        var leftWhileDown = MailsTo(smtp, tag).Count;
        output.WriteLine($"mails that left while the database was down: {leftWhileDown} of {Associations}; outage {down.Elapsed.TotalSeconds:F1} s");
        await postgres.Start();
        var back = Stopwatch.StartNew();

        // no restart: the service and the mailer come back by themselves
        var sent = await Eventually.Get(async () =>
        {
            var response = await staff.GetAsync($"/admin/marathons/{marathonId}/invitations");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }
            var list = Items(await response.Content.ReadFromJsonAsync<JsonElement>());
            return list.Count == Associations && list.All(i => i.GetProperty("sendingState").GetString() == "sent") ? list : null;
        }, TimeSpan.FromSeconds(90), $"the {Associations} invitations recorded as sent after the outage");
        Assert.Equal(Associations, sent.Count);
        output.WriteLine($"all {Associations} recorded as sent {back.Elapsed.TotalSeconds:F1} s after PostgreSQL accepted connections again");

        // exactly once: one mail per address, one InvitationSent per invitation, nothing half-written (the refused answer is not there)
        var mails = MailsTo(smtp, tag);
        Assert.All(addresses, address => Assert.Single(mails, m => m.To.Contains(address)));
        Assert.Equal(Associations, mails.Count);
        await using (var session = store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(marathonId);
            Assert.Equal(Associations, events.Count(e => e.Data is InvitationSent));
            Assert.Equal(0, events.Count(e => e.Data is InvitationSendingFailed));
        }
        Assert.False(sent.Single(i => i.GetProperty("token").GetString() == early).GetProperty("answered").GetBoolean());
        output.WriteLine($"mailed {mails.Count} of {Associations}, doubled {mails.Count - mails.Select(m => m.To[0]).Distinct().Count()}");
    }

    private static IReadOnlyList<ReceivedMail> MailsTo(SmtpSink smtp, string tag) =>
        [.. smtp.Received.Where(m => m.To.Any(to => to.Contains(tag, StringComparison.Ordinal)))];

    private static async Task<IReadOnlyList<JsonElement>> Invitations(HttpClient staff, Guid marathonId)
    {
        var response = await staff.GetAsync($"/admin/marathons/{marathonId}/invitations");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"invitations: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Items(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static List<JsonElement> Items(JsonElement list) => [.. list.GetProperty("items").EnumerateArray()];
}
