using ProBono.Feedback.Copies;

namespace ProBono.Feedback.Campaigns;

/// <summary>Who an invitation is for, as read from the invitation documents. Public: Marten generates code against it.</summary>
public sealed record InvitedRespondent(string Group, string RespondentId);

/// <summary>Someone to survey: a group and the id API.md names (volunteerId, associationId or partnerId), and a volunteer's company.</summary>
internal sealed record Respondent(string Group, string RespondentId, string? PartnerId, string? Email = null);

/// <summary>
/// When a marathon completes, its survey campaign opens with one invitation per checked-in volunteer, per association with
/// a staffed need and per partner. The same decision tops the campaign up when a copy it depends on arrives late (a
/// check-in, a team, a need or a partner overtaken by the completion on another queue): who is already invited is never invited again.
/// </summary>
internal static class CampaignOpening
{
    /// <summary>
    /// Pure: opens the campaign if it is not, and invites each expected respondent not yet <paramref name="invited"/> (the
    /// campaign's invitation documents, read under its lock), in a stable order.
    /// </summary>
    public static IReadOnlyList<object> Decide(
        SurveyCampaign? campaign, Guid marathonId, IReadOnlyList<Respondent> expected, IReadOnlySet<(string Group, string RespondentId)> invited,
        Func<string> newToken, DateTimeOffset now, int surveyDays = Contracts.MarathonDefaults.SurveyDays)
    {
        var events = new List<object>();
        // a late invitation closes with the campaign: the closing is the completion's, not the top-up's
        var closesAt = campaign?.Closing() ?? now.AddDays(surveyDays);
        if (campaign is null)
        {
            events.Add(new SurveyCampaignOpened(marathonId, now, closesAt));
        }
        foreach (var respondent in expected
                     .DistinctBy(r => (r.Group, r.RespondentId))
                     .OrderBy(r => SurveyGroups.Order(r.Group))
                     .ThenBy(r => r.RespondentId, StringComparer.Ordinal))
        {
            if (invited.Contains((respondent.Group, respondent.RespondentId)))
            {
                continue;
            }
            events.Add(new InvitationIssued(marathonId, newToken(), respondent.Group, respondent.RespondentId, respondent.PartnerId,
                respondent.Email, SurveyTokens.DefaultLanguage, SendingStateOf(respondent), now, closesAt));
        }
        return events;
    }

    /// <summary>
    /// Who is mailed (the mailer follows the pending invitations): an association or a partner at its contact address, a
    /// volunteer at the address Recruitment gives when asked (it is never kept here).
    /// </summary>
    public static bool Mailable(Respondent respondent) =>
        respondent.Group == SurveyGroups.Volunteer || respondent.Email is not null;

    /// <summary>Pending when mailed; otherwise a partner's invitation says it has no address (API.md), an association's is not applicable.</summary>
    public static string SendingStateOf(Respondent respondent) =>
        Mailable(respondent) ? SendingStates.Pending
        : respondent.Group == SurveyGroups.Partner ? SendingStates.NoAddress
        : SendingStates.NotApplicable;

    /// <summary>Stages the opening (or top-up) of the marathon's campaign under its row lock, with the invitation documents; does not save.</summary>
    public static async Task Stage(IDocumentSession session, Guid marathonId, DateTimeOffset now, CancellationToken ct)
    {
        await Serialise(session, marathonId, exclusive: true, ct);
        var campaign = await session.OpenForWriting<SurveyCampaign>(marathonId, ct, exclusive: true);
        var (expected, invited, surveyDays) = await Expected(session, marathonId, ct);
        var events = Decide(campaign.State, marathonId, expected, invited, SurveyTokens.New, now, surveyDays);
        campaign.Append(events);
        Insert(session, campaign.State?.InvitedCount() ?? 0, events);
    }

    /// <summary>The invitation documents of the issued invitations among <paramref name="events"/>, numbered after <paramref name="issuedBefore"/>.</summary>
    public static void Insert(IDocumentSession session, int issuedBefore, IEnumerable<object> events)
    {
        var number = issuedBefore;
        foreach (var issued in events.OfType<InvitationIssued>())
        {
            // an insert: a token is never reused
            session.Insert(new SurveyInvitation
            {
                Id = issued.Token, MarathonId = issued.MarathonId, Number = ++number, Group = issued.Group, RespondentId = issued.RespondentId,
                PartnerId = issued.PartnerId, Email = issued.Email, Language = issued.Language, SendingState = issued.SendingState,
                IssuedAt = issued.At, ClosesAt = issued.ClosesAt,
            });
        }
    }

    /// <summary>
    /// Tops up the campaigns of those marathons whose surveys are already open; nothing before that. Each marathon once,
    /// in id order, so that two sessions topping up the same marathons take their locks in the same order.
    /// </summary>
    public static async Task TopUp(IDocumentSession session, IEnumerable<Guid> marathonIds, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var marathonId in marathonIds.Distinct().Order())
        {
            // before looking: a copy committed while the campaign opens would otherwise be seen by neither (the opening read
            // the copies before it committed; this consumer looked before the campaign existed)
            await Serialise(session, marathonId, exclusive: false, ct);
            if (await session.LoadAsync<SurveyCampaign>(marathonId, ct) is not null)
            {
                await Stage(session, marathonId, now, ct);
            }
        }
    }

    /// <summary>Opens (or tops up) the campaigns of these completed marathons, each once, in id order.</summary>
    public static async Task Open(IDocumentSession session, IEnumerable<Guid> marathonIds, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var marathonId in marathonIds.Distinct().Order())
        {
            await Stage(session, marathonId, now, ct);
        }
    }

    /// <summary>
    /// A transaction-scoped advisory lock on the marathon's campaign: the opening takes it exclusively, every copy that may
    /// top the campaign up takes it shared (they do not wait for each other), held until the session commits. So a copy
    /// and the opening are decided one after the other: the opening sees the copy, or the copy sees the campaign. (The
    /// stream's own row lock cannot do this: before the opening there is no row to lock.)
    /// </summary>
    private static Task Serialise(IDocumentSession session, Guid marathonId, bool exclusive, CancellationToken ct) =>
        session.SerialiseOn(marathonId, ct, exclusive);

    /// <summary>
    /// Who the marathon's campaign must invite, from Feedback's copies (three indexed queries by marathon) and the copies this
    /// session has staged but not yet saved (the message being consumed); and who it has invited (its invitation documents,
    /// by the marathon index, two columns of each), in the same round trip.
    /// </summary>
    private static async Task<(IReadOnlyList<Respondent> Expected, IReadOnlySet<(string Group, string RespondentId)> Invited, int SurveyDays)> Expected(
        IDocumentSession session, Guid marathonId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var invitations = batch.Query<SurveyInvitation>().Where(i => i.MarathonId == marathonId)
            .Select(i => new InvitedRespondent(i.Group, i.RespondentId)).ToList();
        var marathon = batch.Load<MarathonForImpact>(marathonId);
        var volunteers = batch.Query<VolunteerForImpact>().Where(v => v.MarathonId == marathonId).ToList();
        var teams = batch.Query<TeamForImpact>().Where(t => t.MarathonId == marathonId).ToList();
        var needs = batch.Query<NeedForImpact>().Where(n => n.MarathonId == marathonId).ToList();
        await batch.Execute(ct);

        var checkedIn = WithStaged(session, await volunteers).Where(v => v.CheckedIn && v.MarathonId == marathonId);
        var needIds = WithStaged(session, await teams).Where(t => t.MarathonId == marathonId).Select(t => t.NeedId).ToHashSet();
        var associations = WithStaged(session, await needs).Where(n => needIds.Contains(n.Id))
            .GroupBy(n => n.AssociationId).Select(g => (Id: g.Key, Email: g.Select(n => n.ContactEmail).FirstOrDefault(e => e is not null)));
        var saved = await marathon;
        var copy = WithStaged<MarathonForImpact>(session, saved is null ? [] : [saved]).FirstOrDefault(m => m.Id == marathonId);
        var partners = (copy?.Partners ?? []).Select(p => (p.PartnerId, p.ContactEmail));
        IReadOnlyList<Respondent> expected =
        [
            .. checkedIn.Select(v => new Respondent(SurveyGroups.Volunteer, v.Id.ToString(), v.PartnerId)),
            .. associations.Select(a => new Respondent(SurveyGroups.Association, a.Id.ToString(), null, a.Email)),
            .. partners.Select(p => new Respondent(SurveyGroups.Partner, p.PartnerId, null, p.ContactEmail)),
        ];
        return (expected, (await invitations).Select(i => (i.Group, i.RespondentId)).ToHashSet(), copy?.SurveyDays ?? Contracts.MarathonDefaults.SurveyDays);
    }

    /// <summary>The saved copies, with those staged in this session in place of their saved versions.</summary>
    private static IEnumerable<T> WithStaged<T>(IDocumentSession session, IReadOnlyList<T> saved) where T : class, ServiceDefaults.EventSourcing.IEntityCopy
    {
        var staged = session.PendingChanges.InsertsFor<T>().Concat(session.PendingChanges.UpdatesFor<T>()).ToList();
        var stagedIds = staged.Select(s => s.Id).ToHashSet();
        return [.. saved.Where(s => !stagedIds.Contains(s.Id)), .. staged];
    }
}
