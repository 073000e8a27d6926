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
