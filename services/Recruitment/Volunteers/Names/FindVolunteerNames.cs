using MassTransit;
using ProBono.Contracts.Requests;

namespace ProBono.Recruitment.Volunteers.Names;

/// <summary>
/// Answers Feedback's question "what are these volunteers' full names?" for one document, all at once: the volunteers'
/// snapshots and personal-data documents in one round trip (two statements of one batch, each an <c>= any(ids)</c>),
/// whatever the number of ids. A volunteer of another marathon, an unknown id or an erased volunteer is unknown.
/// A read: nothing is written, so answering twice is harmless. Its queue is <c>{prefix}-find-volunteer-names</c>.
/// </summary>
internal sealed class FindVolunteerNamesConsumer(IQuerySession session) : IConsumer<FindVolunteerNames>
{
    public async Task Consume(ConsumeContext<FindVolunteerNames> context)
    {
        var request = context.Message;
        var ids = request.VolunteerIds.Distinct().ToArray();
        var reads = session.CreateBatchQuery();
        var volunteers = reads.LoadMany<Volunteer>().ById(ids);
        var personal = reads.LoadMany<VolunteerPersonalData>().ById(ids);
        await reads.Execute(context.CancellationToken);
        await context.RespondAsync(new VolunteerNames(request.MarathonId, Answer(request.MarathonId, ids, await volunteers, await personal)));
    }

    /// <summary>
    /// A name per id asked, in the order asked: the first name and the last name (the document's, else the snapshot's for a
    /// registration recorded before the document existed); unknown outside the marathon or once erased. Pure.
    /// </summary>
    public static IReadOnlyList<VolunteerName> Answer(
        Guid marathonId, IReadOnlyList<Guid> ids, IEnumerable<Volunteer> volunteers, IEnumerable<VolunteerPersonalData> personal)
    {
        var byId = volunteers.Where(v => v.MarathonId == marathonId).ToDictionary(v => v.Id);
        var lastNames = personal.ToDictionary(p => p.Id, p => p.LastName);
        return [.. ids.Select(id => byId.TryGetValue(id, out var volunteer) && !volunteer.PersonalDataErased
            ? new VolunteerName(id, Known: true, volunteer.Profile.FirstName, lastNames.GetValueOrDefault(id) ?? volunteer.LastName)
            : new VolunteerName(id, Known: false, null, null))];
    }
}
