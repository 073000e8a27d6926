using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Volunteers;

namespace ProBono.Recruitment.Marathons.ChangingPartners;

/// <summary>A partner's terms, contact or legal data changed: the partner as it now is.</summary>
public sealed record PartnerChanged(Guid MarathonId, PartnerQuota Partner, DateTimeOffset ChangedAt);

/// <summary>
/// Body of <c>PUT /admin/recruitment/marathons/{mid}/partners/{partnerId}</c>: a field left out (or null) keeps its value;
/// a blank <c>contactEmail</c>, <c>legalName</c>, <c>siren</c> or <c>address</c> removes it.
/// </summary>
internal sealed record ChangePartnerRequest(
    string? Name = null, int? Quota = null, string? ContactEmail = null, string? LegalName = null, string? Siren = null, string? Address = null)
    : IPartnerDetails
{
    /// <summary>The change of a request <see cref="ChangePartnerRequestValidator"/> accepted: trimmed; a blank optional field becomes "".</summary>
    public PartnerChange ToChange(string partnerId) =>
        new(partnerId, Name?.Trim(), Quota, ContactEmail?.Trim(), LegalName?.Trim(), Siren?.Trim(), Address?.Trim());
}

/// <summary>What to change: null keeps a value, "" removes an optional one.</summary>
internal sealed record PartnerChange(
    string PartnerId, string? Name, int? Quota, string? ContactEmail, string? LegalName, string? Siren, string? Address)
{
    public PartnerQuota AppliedTo(PartnerQuota partner) => partner with
    {
        Name = Name ?? partner.Name,
        Quota = Quota ?? partner.Quota,
        ContactEmail = Pick(ContactEmail, partner.ContactEmail),
        LegalName = Pick(LegalName, partner.LegalName),
        Siren = Pick(Siren, partner.Siren),
        Address = Pick(Address, partner.Address),
    };

    private static string? Pick(string? change, string? current) => change is null ? current : change.Length == 0 ? null : change;
}

internal sealed class ChangePartnerRequestValidator : AbstractValidator<ChangePartnerRequest>
{
    public ChangePartnerRequestValidator()
    {
        RuleFor(r => r.Name).SingleLineText(200).When(r => r.Name is not null);
        RuleFor(r => r.Quota).Between(1, 10_000);
        Include(new PartnerDetailsValidator());
    }
}

internal static class ChangePartnerSlice
{
    /// <summary>
    /// Staff change a partner's name, quota, contact or legal data. The contact and legal data may change at any time
    /// (the documents after the marathon need them); the quota only while partners may still join, and never below the
    /// volunteers already confirmed (they keep their places: withdraw some first). The same values again change nothing. Pure.
    /// </summary>
    public static IReadOnlyList<object> Decide(Marathon marathon, RosterFigures roster, PartnerChange change, DateTimeOffset now)
    {
        if (!marathon.Partners.TryGetValue(change.PartnerId, out var partner))
        {
            throw new NotFound($"Partner '{change.PartnerId}' takes no part in marathon {marathon.Id}.");
        }
        var changed = change.AppliedTo(partner);
        if (changed == partner)
        {
            return [];
        }
        if (changed.Quota != partner.Quota)
        {
            if (marathon.Status is not (MarathonStatus.Planned or MarathonStatus.RegistrationOpen))
            {
                throw new StateConflict(
                    $"A quota changes only while the marathon is planned or open for registration; it is {marathon.Status.ToApi()}.");
            }
            if (changed.Quota < roster.Confirmed)
            {
                throw new StateConflict(
                    $"Partner '{partner.PartnerId}' already has {roster.Confirmed} confirmed volunteers; a quota of {changed.Quota} would take " +
                    $"places from {roster.Confirmed - changed.Quota} of them. Withdraw volunteers first, or choose a quota of at least {roster.Confirmed}.");
            }
        }
        return [new PartnerChanged(marathon.Id, changed, now)];
    }

    /// <summary>
    /// A raised quota frees places: the partner's first waitlisted volunteers (<paramref name="waitlisted"/>, in arrival
    /// order) take them, as after a withdrawal. Pure.
    /// </summary>
    public static IReadOnlyList<WaitlistedVolunteerConfirmed> Promote(
        IReadOnlyList<object> decided, RosterFigures roster, IReadOnlyList<Volunteer> waitlisted, DateTimeOffset now) =>
        decided is [PartnerChanged { Partner: var partner }] && partner.Quota > roster.Confirmed
            ? [.. waitlisted.Where(v => v.Status == VolunteerStatus.Waitlisted).OrderBy(v => v.Arrival).Take(partner.Quota - roster.Confirmed)
                .Select(v => new WaitlistedVolunteerConfirmed(v.MarathonId, v.PartnerId, partner.Name, v.Id, v.Profile, v.Source, now))]
            : [];

    public static RouteGroupBuilder MapChangePartner(this RouteGroupBuilder admin)
    {
        admin.MapPut("/marathons/{marathonId:guid}/partners/{partnerId}", async (
                Guid marathonId, string partnerId, [FromBody] ChangePartnerRequest? request, IDocumentSession session, TimeProvider clock,
                HttpContext http, CancellationToken ct) =>
            {
                var change = request!.ToChange(partnerId);
                var now = clock.GetUtcNow();
                // the roster is locked as by every write of the partner's volunteers: the quota and the confirmed count are
                // decided on under it, and the roster's figures, which this change rewrites, are written by one at a time
                var reads = session.CreateBatchQuery();
                var rosterRead = reads.Lock(marathonId, partnerId);
                var marathonRead = reads.OpenForWriting<Marathon>(marathonId);
                await reads.Execute(ct);
                var marathon = await marathonRead;
                var state = marathon.Require(http.Request.ExpectedVersion());
                var roster = await rosterRead;

                var decided = Decide(state, roster, change, now);
                var waitlisted = decided is [PartnerChanged { Partner.Quota: var quota }] && quota > roster.Confirmed && roster.Waitlisted > 0
                    ? await session.Query<Volunteer>()
                        .Where(v => v.MarathonId == marathonId && v.PartnerId == partnerId && v.Status == VolunteerStatus.Waitlisted)
                        .OrderBy(v => v.Arrival).Take(quota - roster.Confirmed).ToListAsync(ct)
                    : [];
                var promotions = Promote(decided, roster, waitlisted, now);
                marathon.Append(decided);
                foreach (var promotion in promotions)
                {
                    (await session.OpenForWriting<Volunteer>(promotion.VolunteerId, ct)).Append([promotion]);
                }
                await session.SaveAndSetETag(http.Response, marathon, ct);

                var partner = decided is [PartnerChanged changed] ? changed.Partner : state.Partners[partnerId];
                var figures = promotions.Aggregate(roster, (f, p) => RosterFigures.Evolution(f, p));
                return TypedResults.Ok(new PartnerQuotaFigures(
                    partner.PartnerId, partner.Name, partner.Quota, figures.Confirmed, figures.Waitlisted,
                    partner.ContactEmail, partner.LegalName, partner.Siren, partner.Address));
            })
            .ValidateRequest<ChangePartnerRequest>()
            .WithName("ChangePartner")
            .ProducesProblems(400, 404, 409).AcceptsIfMatch().ReturnsETag()
            .WithSummary("Change a partner's name, quota, contact e-mail or legal data (staff).")
            .WithDescription(
                "Fields left out keep their value; a blank contactEmail, legalName, siren or address removes it. siren: 9 digits, Luhn-valid. " +
                "The quota changes only while the marathon is planned or open for registration and never below the confirmed volunteers (409); " +
                "a raised quota confirms the partner's first waitlisted volunteers. Answers the partner as it now is.");
        return admin;
    }
}
