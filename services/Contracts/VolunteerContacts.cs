using MassTransit;

namespace ProBono.Contracts.Requests;

// A request and its reply, not integration events: nothing here is published to an exchange or kept in another
// service's store. A volunteer's e-mail stays in Recruitment (issue 13: personal data never leaves it in integration
// events); Feedback asks for it at the moment it mails the volunteer's survey invitation, uses it for that mail and
// forgets it (docs/adr/0012-survey-e-mails.md).

/// <summary>Feedback asks Recruitment where to send one volunteer's survey invitation. Sent to Recruitment's queue, never published.</summary>
[MessageUrn("probono:recruitment:find-volunteer-contact:v1")]
public sealed record FindVolunteerContact(Guid VolunteerId);

/// <summary>
/// Recruitment's reply: the volunteer's first name (for the greeting) and e-mail, or <see cref="Known"/> false (no such
/// volunteer, or the volunteer's personal data was erased) with no address.
/// </summary>
[MessageUrn("probono:recruitment:volunteer-contact:v1")]
public sealed record VolunteerContact(Guid VolunteerId, bool Known, string? FirstName, string? Email);
