using MassTransit;
using ProBono.Contracts;
using ProBono.Contracts.Requests;

namespace ProBono.Recruitment.Volunteers.Contact;

/// <summary>
/// Answers Feedback's question "where does this volunteer's survey go?" from the volunteer's documents (one round
/// trip): unknown when there is no such volunteer or its personal data was erased.
/// A read: nothing is written, so answering twice is harmless. Its queue is <c>{prefix}-find-volunteer-contact</c>.
/// </summary>
internal sealed class FindVolunteerContactConsumer(IQuerySession session) : IConsumer<FindVolunteerContact>
{
    public async Task Consume(ConsumeContext<FindVolunteerContact> context)
    {
        var reads = session.CreateBatchQuery();
        var found = reads.Load<Volunteer>(context.Message.VolunteerId);
        var personal = reads.Load<VolunteerPersonalData>(context.Message.VolunteerId);
        await reads.Execute(context.CancellationToken);
        var volunteer = await found;
        // the snapshot's e-mail only for a registration recorded before the document existed (null once erased)
        var email = (await personal)?.Email ?? volunteer?.Email;
        await context.RespondAsync(volunteer is null || email is null
            ? new VolunteerContact(context.Message.VolunteerId, Known: false, null, null)
            : new VolunteerContact(volunteer.Id, Known: true, volunteer.Profile.FirstName, email));
    }
}
