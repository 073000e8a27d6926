namespace ProBono.Teams.Formation.Pinning;

/// <summary>A pinned lead as staff list them: kept, or broken with the reason (the volunteer withdrew, the need was withdrawn).</summary>
internal sealed record PinnedLeadView(Guid NeedId, string? NeedTitle, Guid VolunteerId, string? FirstName, string? PartnerId, bool Kept, string? Problem);
