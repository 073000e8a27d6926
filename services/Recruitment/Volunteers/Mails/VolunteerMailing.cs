using System.Security.Cryptography;
using System.Text;
using JasperFx.Metadata;
using Marten.Schema;

namespace ProBono.Recruitment.Volunteers.Mails;

/// <summary>The mails a volunteer gets, one of each kind at most.</summary>
internal static class VolunteerMailKinds
{
    /// <summary>Registered within the quota: the date, the venue, the badge (text and QR code) and a calendar entry.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Registered beyond the quota: their place on the waitlist.</summary>
    public const string Waitlisted = "waitlisted";

    /// <summary>A freed place went to them: as <see cref="Confirmed"/>.</summary>
    public const string Promoted = "promoted";

    /// <summary>The reminder seven days before the marathon.</summary>
    public const string Week = "week";

    /// <summary>The day before: the link to the attendance page (confirm or cancel).</summary>
    public const string Day = "day";

    public static readonly IReadOnlySet<string> Reminders = new HashSet<string>(StringComparer.Ordinal) { Week, Day };
}

/// <summary>Where one volunteer mail stands.</summary>
internal static class VolunteerMailStates
{
    /// <summary>To be sent: the mailer of any replica may claim it.</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by one replica's mailer right before the server gets it; a claim older than the claim timeout is taken again.</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";

    /// <summary>The server refused it for good (5xx).</summary>
    public const string Failed = "failed";

    /// <summary>No longer true when its turn came (withdrawn, promoted meanwhile, the day already started, the address erased): not sent.</summary>
    public const string Skipped = "skipped";
}

/// <summary>
/// One mail to one volunteer, and what became of it: the outbox row the mailers of every replica share. Its id is
/// (volunteer, kind), so queueing a mail twice is a duplicate key, not a second mail; the claim is a write under
/// optimistic concurrency, so two replicas never both send it (docs/adr/0024-timed-mails.md). No address or name:
/// those are read when the mail is composed. Public: Marten generates code against it.
/// </summary>
[UseOptimisticConcurrency]
public sealed class VolunteerMailing : IVersioned
{
    public string Id { get; set; } = "";
    public Guid VolunteerId { get; set; }
    public Guid MarathonId { get; set; }
    public string Kind { get; set; } = "";
    public string State { get; set; } = VolunteerMailStates.Pending;
    public string? Failure { get; set; }
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>Wall-clock time of the current claim: it measures a mailer's liveness, not the marathon's calendar.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>Marten's version of the row: a write from a stale copy (another replica claimed it first) is refused.</summary>
    public Guid Version { get; set; }
}

/// <summary>A volunteer mail's id, its queueing and its Message-Id.</summary>
internal static class VolunteerMailings
{
    public static string IdOf(Guid volunteerId, string kind) => $"{volunteerId:N}/{kind}";

    public static VolunteerMailing Queued(Guid volunteerId, Guid marathonId, string kind, DateTimeOffset now) => new()
    {
        Id = IdOf(volunteerId, kind),
        VolunteerId = volunteerId,
        MarathonId = marathonId,
        Kind = kind,
        QueuedAt = now,
    };

    /// <summary>
    /// The same id at every attempt, so a receiving system can drop a repeat (a crash between the server's acceptance and
    /// the record of it): a hash of (volunteer, kind), which names nobody.
    /// </summary>
    public static string MessageIdOf(VolunteerMailing mailing) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"volunteer-mail:{mailing.Id}")))[..32]}@volunteers.probono";
}
