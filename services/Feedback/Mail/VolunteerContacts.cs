using MassTransit;
using ProBono.Contracts;
using ProBono.Contracts.Requests;

namespace ProBono.Feedback.Mail;

/// <summary>
/// Asks Recruitment, over RabbitMQ, for one volunteer's first name and e-mail at the moment the invitation is mailed
/// (a request sent to Recruitment's queue, answered on this service's own reply queue). The answer is used for that mail
/// only and never stored. Throws when no answer comes in time (Recruitment or the broker down): the mailer tries again.
/// </summary>
internal sealed class VolunteerContacts(IBus bus, MailSettings settings)
{
    private static readonly RequestTimeout Timeout = RequestTimeout.After(s: 10);

    public async Task<(string? Email, string? FirstName)> Find(Guid volunteerId, CancellationToken ct)
    {
        var client = bus.CreateRequestClient<FindVolunteerContact>(settings.VolunteerContacts, Timeout);
        var reply = await client.GetResponse<VolunteerContact>(new FindVolunteerContact(volunteerId), ct);
        return reply.Message.Known ? (reply.Message.Email, reply.Message.FirstName) : (null, null);
    }
}
