using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using ProBono.Recruitment.Volunteers.Attendance;

namespace ProBono.IntegrationTests.Recruitment.Partners;

/// <summary>A Recruitment service that mails to a real SMTP server of the test's own.</summary>
public sealed class MailingRecruitmentFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; } = new();

    public ServiceHost<RecruitmentProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var name = Isolation.Name("noshowmail");
        Host = new ServiceHost<RecruitmentProgram>(await TestServers.Get(), "recruitmentdb", name, name, settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:smtp"] = $"smtp://127.0.0.1:{Smtp.Port}",
            ["Mail:From"] = "marathon@probono.example",
            ["Mail:FromName"] = "Marathon Pro Bono",
        });
        var anonymous = Host.ClientWith(null);
        await Eventually.True(async () => (await anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "Recruitment healthy");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// At completion each partner with a contact address gets one mail listing its no-shows, and never a second one: not on
/// a replay of the mailer, not after a crash while a mail was on its way. One class (one fixture) on purpose: the mail
/// server's outage is the fixture's state.
/// </summary>
[Collection(nameof(NoShowMailTests))]
public sealed class NoShowMailTests(MailingRecruitmentFixture fixture) : IClassFixture<MailingRecruitmentFixture>
{
    private MarathonSteps Steps => new(fixture.Host.ClientWith(Tokens.Staff()), p => fixture.Host.ClientWith(Tokens.Partner(p)));

    private IReadOnlyList<ReceivedMail> MailsTo(string address) => [.. fixture.Smtp.Received.Where(m => m.To.Contains(address))];

    /// <summary>EDF (contact): Ada checked in, Bob and Dan never came, Chloé withdrew. EY (contact): everyone came. Thales: no contact, Théo never came.</summary>
    private async Task<Guid> ACompletedMarathon(string tag)
    {
        var marathonId = await Steps.AnOpenMarathon(
            new { partnerId = "edf", name = "EDF", quota = 5, contactEmail = $"rse-{tag}@edf.example" },
            new { partnerId = "ey", name = "EY", quota = 5, contactEmail = $"csr-{tag}@ey.example" },
            new { partnerId = "thales", name = "Thales", quota = 5 });
        var ada = await Steps.Register(marathonId, "edf", "A", "Ada", "Lovelace");
        await Steps.Register(marathonId, "edf", "B", "Bob", "Martin");
        var chloe = await Steps.Register(marathonId, "edf", "C", "Chloé", "Durand");
        await Steps.Register(marathonId, "edf", "D", "Dan", "<Petit>");
        await Steps.Withdraw(marathonId, chloe);
        var eve = await Steps.Register(marathonId, "ey", "E", "Eve", "Moreau");
        await Steps.Register(marathonId, "thales", "T", "Théo", "Roux");
        await Steps.StartTheDay(marathonId);
        await Steps.CheckIn(marathonId, ada);
        await Steps.CheckIn(marathonId, eve);
        await Steps.Complete(marathonId);
        return marathonId;
    }

    private async Task<IReadOnlyList<NoShowMailing>> Mailings(Guid marathonId)
    {
        await using var session = fixture.Host.Store.QuerySession();
        return await session.Query<NoShowMailing>().Where(m => m.MarathonId == marathonId).OrderBy(m => m.PartnerId).ToListAsync();
    }

    private async Task<IReadOnlyList<NoShowMailing>> Settled(Guid marathonId) =>
        await Eventually.Get(async () =>
        {
            var mailings = await Mailings(marathonId);
            return mailings.Count == 3 && mailings.All(m => m.State is not ("pending" or "sending")) ? mailings : null;
        }, TimeSpan.FromSeconds(60), "the no-show mails sent or set aside");

    /// <summary>The mailer's checkpoint taken back to the start, and the mailer caught up again: every completion is seen again.</summary>
    private async Task Replay()
    {
        var store = fixture.Host.Store;
        var highWater = (await store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;
        var daemon = fixture.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RewindSubscriptionAsync("NoShowMailer", CancellationToken.None, 0);
        await Eventually.True(async () => (await store.Advanced.AllProjectionProgress())
                .Any(p => p.ShardName.StartsWith("NoShowMailer", StringComparison.Ordinal) && p.Sequence >= highWater),
            TimeSpan.FromSeconds(60), "the mailer back at the end of the store");
    }

    [Fact]
    public async Task Each_partner_with_a_contact_gets_one_mail_naming_its_no_shows_and_a_partner_without_none()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var marathonId = await ACompletedMarathon(tag);

        var mailings = await Settled(marathonId);

        Assert.Equal([("edf", "sent"), ("ey", "sent"), ("thales", "no-address")], mailings.Select(m => (m.PartnerId, m.State)));
        var edf = Assert.Single(MailsTo($"rse-{tag}@edf.example")).Message;
        Assert.Equal("Marathon of the day's edges – 16/11/2030 : présence de vos collaborateurs / your employees' attendance", edf.Subject);
        Assert.Equal(("Marathon Pro Bono", "marathon@probono.example"), (edf.From.Mailboxes.Single().Name, edf.From.Mailboxes.Single().Address));
        Assert.Equal($"{marathonId:N}.edf@no-shows.probono", edf.MessageId);
        Assert.Equal("multipart/alternative", edf.Body!.ContentType.MimeType);
        Assert.Contains("- Bob Martin\n- Dan <Petit>\n", edf.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 personnes ne se sont pas présentées", edf.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 did not come", edf.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", edf.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Chloé", edf.TextBody, StringComparison.Ordinal);
        Assert.Contains("<li>Bob Martin</li><li>Dan &lt;Petit&gt;</li>", edf.HtmlBody, StringComparison.Ordinal);
        var ey = Assert.Single(MailsTo($"csr-{tag}@ey.example")).Message;
        Assert.Contains("Tous les collaborateurs de EY", ey.TextBody, StringComparison.Ordinal);
        // Théo's partner has no contact: no partner mail names him (his own registration mail is to him alone)
        Assert.DoesNotContain(fixture.Smtp.Received.Where(m => !m.To.Contains("t@thales.example")),
            m => m.Raw.Contains("Théo", StringComparison.Ordinal) || m.Raw.Contains("Roux", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replay_of_the_mailer_sends_nothing_again_and_a_mail_claimed_before_a_crash_is_recorded_as_unknown_not_sent_twice()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var marathonId = await ACompletedMarathon(tag);
        await Settled(marathonId);

        // the state a crash leaves between the claim and the record: the mail may have left, and nobody knows
        await using (var session = fixture.Host.Store.LightweightSession())
        {
            var edf = await session.LoadAsync<NoShowMailing>(NoShowMail.IdOf(marathonId, "edf"));
            edf!.State = "sending";
            session.Store(edf);
            await session.SaveChangesAsync();
        }
        await Replay();

        var mailings = await Mailings(marathonId);
        Assert.Equal([("edf", "unknown"), ("ey", "sent"), ("thales", "no-address")], mailings.Select(m => (m.PartnerId, m.State)));
        Assert.Single(MailsTo($"rse-{tag}@edf.example"));
        Assert.Single(MailsTo($"csr-{tag}@ey.example"));
    }

    [Fact]
    public async Task While_the_mail_server_is_down_nothing_is_claimed_then_each_mail_goes_once()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        fixture.Smtp.Available = false;
        var turnedBefore = fixture.Smtp.Turned;
        Guid marathonId;
        try
        {
            marathonId = await ACompletedMarathon(tag);
            await Eventually.True(() => Task.FromResult(fixture.Smtp.Turned >= turnedBefore + 3), TimeSpan.FromSeconds(60), "the mailer retried the unavailable server");
            Assert.All((await Mailings(marathonId)).Where(m => m.PartnerId != "thales"), m => Assert.Equal("pending", m.State));
        }
        finally
        {
            fixture.Smtp.Available = true;
        }

        var mailings = await Settled(marathonId);
        Assert.Equal(["sent", "sent", "no-address"], mailings.Select(m => m.State));
        Assert.Single(MailsTo($"rse-{tag}@edf.example"));
        Assert.Single(MailsTo($"csr-{tag}@ey.example"));
    }

    [Fact]
    public async Task An_address_the_server_refuses_for_good_is_recorded_as_failed_and_the_others_still_go()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var marathonId = await Steps.AnOpenMarathon(
            new { partnerId = "edf", name = "EDF", quota = 2, contactEmail = $"refused-{tag}@edf.example" },
            new { partnerId = "ey", name = "EY", quota = 2, contactEmail = $"fine-{tag}@ey.example" },
            new { partnerId = "thales", name = "Thales", quota = 2, contactEmail = $"fine-{tag}@thales.example" });
        await Steps.StartTheDay(marathonId);
        await Steps.Complete(marathonId);

        var mailings = await Settled(marathonId);

        Assert.Equal(["failed", "sent", "sent"], mailings.Select(m => m.State));
        Assert.StartsWith("550", mailings[0].Failure, StringComparison.Ordinal);
        Assert.Empty(MailsTo($"refused-{tag}@edf.example"));
        Assert.Single(MailsTo($"fine-{tag}@ey.example"));
    }
}
