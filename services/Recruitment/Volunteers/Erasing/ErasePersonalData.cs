namespace ProBono.Recruitment.Volunteers.Erasing;

internal static class ErasePersonalDataSlice
{
    /// <summary>
    /// A volunteer's personal data is erased once: the first request records it, a repeat records nothing. Status,
    /// quota and what other services hold are untouched. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Volunteer volunteer, DateTimeOffset now) =>
        volunteer.PersonalDataErased
            ? []
            : [new VolunteerPersonalDataErased(volunteer.MarathonId, volunteer.PartnerId, volunteer.Id, now)];

    /// <summary>
    /// <c>DELETE /admin/marathons/{mid}/volunteers/{vid}/personal-data</c> (staff; the gateway's
    /// <c>/admin/recruitment/...</c>): deletes the <see cref="VolunteerPersonalData"/> document and records
    /// <see cref="VolunteerPersonalDataErased"/> in one transaction. Not in API.md: documented in the OpenAPI document.
    /// </summary>
    public static RouteGroupBuilder MapErasePersonalData(this RouteGroupBuilder admin)
    {
        admin.MapDelete("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}/personal-data", async (
                Guid marathonId, Guid volunteerId, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            {
                var write = await session.OpenForWriting<Volunteer>(volunteerId, ct);
                if (write.State is not { } volunteer || volunteer.MarathonId != marathonId)
                {
                    throw new NotFound($"No volunteer with id {volunteerId} in marathon {marathonId}.");
                }
                var events = Decide(volunteer, clock.GetUtcNow());
                if (events.Count > 0)
                {
                    write.Append(events);
                    session.Delete<VolunteerPersonalData>(volunteerId);
                    await session.SaveChangesAsync(ct);
                }
                return TypedResults.NoContent();
            })
            .WithName("EraseVolunteerPersonalData")
            .ProducesProblems(404, 409)
            .WithSummary("Erase a volunteer's last name and e-mail on request (staff); afterwards both read as null. A repeat changes nothing (204).")
            .WithDescription(
                "Not part of API.md. Deletes the volunteer's personal-data document and records an erasure event that carries no "
                + "personal data; status, quota, teams and reports are unchanged. The first name and the employee reference stay "
                + "(docs/adr/0016-personal-data-outside-events.md). 404 when the volunteer is not in this marathon; 409 when "
                + "another write to the same volunteer raced this one (send it again).");
        return admin;
    }
}
