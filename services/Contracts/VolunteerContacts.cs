using MassTransit;

namespace ProBono.Contracts.Requests;

// A request and its reply, not integration events: nothing here is published or kept in another service's store.
// Personal data never leaves Recruitment in events, so Feedback asks for a volunteer's e-mail when it mails the
// invitation and forgets it after that mail (docs/adr/0012-survey-e-mails.md).

/// <summary>Feedback asks Recruitment where to send one volunteer's survey invitation. Sent to Recruitment's queue, never published.</summary>
[MessageUrn("probono:recruitment:find-volunteer-contact:v1")]
public sealed record FindVolunteerContact(Guid VolunteerId);

/// <summary>
/// Recruitment's reply: the volunteer's first name (for the greeting) and e-mail, or <see cref="Known"/> false (no such
/// volunteer, or the volunteer's personal data was erased) with no address.
/// </summary>
[MessageUrn("probono:recruitment:volunteer-contact:v1")]
public sealed record VolunteerContact(Guid VolunteerId, bool Known, string? FirstName, string? Email);

/// <summary>
/// Feedback asks Recruitment for the full names of some of a marathon's volunteers, all those one document names at
/// once (a tax pack's attendance sheet, a partner's report, a certificate). Sent to Recruitment's queue, never published;
/// the names are used for that document and kept nowhere (docs/adr/0023-names-in-documents.md).
/// </summary>
[MessageUrn("probono:recruitment:find-volunteer-names:v1")]
public sealed record FindVolunteerNames(Guid MarathonId, IReadOnlyList<Guid> VolunteerIds);

/// <summary>Recruitment's reply: a name for each volunteer of the request that it knows in that marathon.</summary>
[MessageUrn("probono:recruitment:volunteer-names:v1")]
public sealed record VolunteerNames(Guid MarathonId, IReadOnlyList<VolunteerName> Names);

/// <summary>
/// One volunteer's first and last name; <see cref="Known"/> false (both null) when there is no such volunteer in the
/// marathon or its personal data was erased.
/// </summary>
public sealed record VolunteerName(Guid VolunteerId, bool Known, string? FirstName, string? LastName);
