using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using MailKit.Net.Smtp;
using MailKit.Security;
using Marten;
using Marten.Subscriptions;
using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.EventStore;

namespace ProBono.Feedback.Mail;

/// <summary>
/// Sends each invitation that has an address, once: a Marten subscription (run by the async daemon, one node of the
/// service at a time) follows the campaigns' <see cref="InvitationIssued"/> and <see cref="InvitationAddressed"/> events.
/// For each it takes the campaign's row lock, skips an invitation already mailed, sends over SMTP with MailKit, and
/// records <see cref="InvitationSent"/> with the invitation's <c>MailedAt</c> in one transaction; the subscription's
/// checkpoint moves only after that, so a crash resends at most the mail whose recording it interrupted (and that mail
/// keeps its Message-Id). A server that keeps refusing is retried, then recorded as <see cref="InvitationSendingFailed"/>.
/// </summary>
internal sealed class InvitationMailer : SubscriptionBase
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    private readonly IDocumentStore store;
    private readonly MailSettings settings;
    private readonly TimeProvider clock;
    private readonly ILogger<InvitationMailer> logger;

    public InvitationMailer(IDocumentStore store, MailSettings settings, TimeProvider clock, ILogger<InvitationMailer> logger)
    {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.logger = logger;
        Name = "InvitationMailer";
        IncludeType<InvitationIssued>();
        IncludeType<InvitationAddressed>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            var (marathonId, token, email) = e.Data switch
            {
                InvitationIssued { Email: { } address } issued => (issued.MarathonId, issued.Token, address),
                InvitationAddressed addressed => (addressed.MarathonId, addressed.Token, addressed.Email),
                _ => (Guid.Empty, "", ""),
            };
            if (email.Length > 0)
            {
                await Mail(marathonId, token, email, cancellationToken);
            }
        }
        return NullChangeListener.Instance;
    }

    private async Task Mail(Guid marathonId, string token, string email, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var campaign = await session.OpenForWriting<SurveyCampaign>(marathonId, ct, exclusive: true);
            var invitation = await session.LoadAsync<SurveyInvitation>(token, ct);
            if (invitation is null || invitation.MailedAt is not null)
            {
                return; // mailed already (a replay after a crash, or another node before a failover)
            }
            try
            {
                await Send(SurveyMail.Compose(invitation, email, settings), ct);
                var now = clock.GetUtcNow();
                invitation.MailedAt = now;
                session.Update(invitation);
                campaign.Append([new InvitationSent(marathonId, token, now)]);
                await session.SaveChangesAsync(ct);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < Backoff.Length)
            {
                logger.LogWarning(ex, "Mailing invitation {Token} failed (attempt {Attempt}); retrying in {Backoff}", token[..6], attempt + 1, Backoff[attempt]);
                await Task.Delay(Backoff[attempt], ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Mailing invitation {Token} failed after {Attempts} attempts", token[..6], attempt + 1);
                campaign.Append([new InvitationSendingFailed(marathonId, token, ex.Message, clock.GetUtcNow())]);
                await session.SaveChangesAsync(ct);
                return;
            }
        }
    }

    private async Task Send(MimeKit.MimeMessage message, CancellationToken ct)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.Host, settings.Port, SecureSocketOptions.Auto, ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }
}
