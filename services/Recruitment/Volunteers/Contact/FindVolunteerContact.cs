using Marten;
using MassTransit;
using ProBono.Contracts;
using ProBono.Contracts.Requests;

namespace ProBono.Recruitment.Volunteers.Contact;

/// <summary>
/// Answers Feedback's question "where does this volunteer's survey go?" from the volunteer's document (one load by id).
/// A read: nothing is written, so answering twice is harmless. Its queue is <c>{prefix}-find-volunteer-contact</c>.
/// </summary>
internal sealed class FindVolunteerContactConsumer(IQuerySession session) : IConsumer<FindVolunteerContact>
{
    public async Task Consume(ConsumeContext<FindVolunteerContact> context)
    {
        var volunteer = await session.LoadAsync<Volunteer>(context.Message.VolunteerId, context.CancellationToken);
        await context.RespondAsync(volunteer is null
            ? new VolunteerContact(context.Message.VolunteerId, Known: false, null, null)
            : new VolunteerContact(volunteer.Id, Known: true, volunteer.Profile.FirstName, volunteer.Email));
    }
}
