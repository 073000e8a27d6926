using JasperFx.Events;
using Marten.Events.Projections;
using ProBono.Needs.Copies;

namespace ProBono.Needs.Board;

/// <summary>How many of a marathon's needs are in each status.</summary>
public sealed record StatusCounts(int Submitted, int Qualified, int Published, int Staffed, int Delivered, int Rejected, int Withdrawn)
{
    public static readonly StatusCounts None = new(0, 0, 0, 0, 0, 0, 0);

    public StatusCounts Add(NeedStatus status, int delta) => status switch
    {
        NeedStatus.Submitted => this with { Submitted = Submitted + delta },
        NeedStatus.Qualified => this with { Qualified = Qualified + delta },
        NeedStatus.Published => this with { Published = Published + delta },
        NeedStatus.Staffed => this with { Staffed = Staffed + delta },
        NeedStatus.Delivered => this with { Delivered = Delivered + delta },
        NeedStatus.Rejected => this with { Rejected = Rejected + delta },
        NeedStatus.Withdrawn => this with { Withdrawn = Withdrawn + delta },
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>Slots of one skill: in needs published (or already staffed or delivered), and in needs still being qualified.</summary>
public sealed record SkillDemand(int Published, int Pending);

/// <summary>How many volunteers the needs' teams take, at least and at most.</summary>
public sealed record Seats(int Min, int Max);

/// <summary>
/// The needs board of one marathon: what recruitment should aim for. A document per marathon, projected from the needs'
/// events alone (each carries its marathon, the status it left and its demand), so reading it costs one load by id
/// whatever the number of needs. Asynchronous: needs of one marathon are written concurrently, and the daemon applies
/// their events one after the other, so no update is lost and no writer waits for another (docs/adr/0008).
/// </summary>
public sealed record NeedsBoard(
    Guid Id,
    int Total,
    StatusCounts ByStatus,
    IReadOnlyDictionary<string, SkillDemand> Skills,
    Seats PublishedSeats,
    Seats PendingSeats,
    DateTimeOffset UpdatedAt)
{
    public static NeedsBoard Empty(Guid marathonId) => new(marathonId, 0, StatusCounts.None, new Dictionary<string, SkillDemand>(), new(0, 0), new(0, 0), DateTimeOffset.MinValue);

    /// <summary>Pure: a need moved from <paramref name="from"/> (none for a new need) to <paramref name="to"/>, its demand from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public NeedsBoard Move(NeedStatus? from, NeedDemand? before, NeedStatus to, NeedDemand after, DateTimeOffset at)
    {
        var board = this with { UpdatedAt = at };
        if (from is { } left)
        {
            board = board.Count(left, before ?? after, -1);
        }
        else
        {
            board = board with { Total = Total + 1 };
        }
        return board.Count(to, after, +1);
    }

    private NeedsBoard Count(NeedStatus status, NeedDemand demand, int sign)
    {
        var board = this with { ByStatus = ByStatus.Add(status, sign) };
        var published = status is NeedStatus.Published or NeedStatus.Staffed or NeedStatus.Delivered;
        var pending = status is NeedStatus.Submitted or NeedStatus.Qualified;
        if (!published && !pending)
        {
            return board; // rejected and withdrawn needs ask nothing of recruitment
        }
        var skills = new Dictionary<string, SkillDemand>(Skills, StringComparer.Ordinal);
        foreach (var slots in demand.RequiredSkills)
        {
            var figures = skills.GetValueOrDefault(slots.Skill, new SkillDemand(0, 0));
            skills[slots.Skill] = published
                ? figures with { Published = figures.Published + sign * slots.Count }
                : figures with { Pending = figures.Pending + sign * slots.Count };
        }
        var size = demand.TeamSize;
        return published
            ? board with { Skills = skills, PublishedSeats = new(PublishedSeats.Min + sign * size.Min, PublishedSeats.Max + sign * size.Max) }
            : board with { Skills = skills, PendingSeats = new(PendingSeats.Min + sign * size.Min, PendingSeats.Max + sign * size.Max) };
    }

    public static NeedsBoard Evolution(NeedsBoard board, object @event) => @event switch
    {
        NeedSubmitted e => board.Move(null, null, NeedStatus.Submitted, e.Demand, e.At),
        NeedQualified e => board.Move(e.From, e.Before, NeedStatus.Qualified, e.Demand, e.At),
        NeedRejected e => board.Move(e.From, e.Demand, NeedStatus.Rejected, e.Demand, e.At),
        NeedPublished e => board.Move(NeedStatus.Qualified, e.Demand, NeedStatus.Published, e.Demand, e.At),
        NeedWithdrawn e => board.Move(e.From, e.Demand, NeedStatus.Withdrawn, e.Demand, e.At),
        NeedStaffed e => board.Move(NeedStatus.Published, e.Demand, NeedStatus.Staffed, e.Demand, e.At),
        NeedDelivered e => board.Move(NeedStatus.Staffed, e.Demand, NeedStatus.Delivered, e.Demand, e.At),
        _ => board,
    };
}

internal sealed class NeedsBoardProjection : MultiStreamProjection<NeedsBoard, Guid>
{
    public NeedsBoardProjection()
    {
        Identity<NeedSubmitted>(e => e.MarathonId);
        Identity<NeedQualified>(e => e.MarathonId);
        Identity<NeedRejected>(e => e.MarathonId);
        Identity<NeedPublished>(e => e.MarathonId);
        Identity<NeedWithdrawn>(e => e.MarathonId);
        Identity<NeedStaffed>(e => e.MarathonId);
        Identity<NeedDelivered>(e => e.MarathonId);
    }

    public override NeedsBoard? Evolve(NeedsBoard? snapshot, Guid id, IEvent e) =>
        NeedsBoard.Evolution(snapshot ?? NeedsBoard.Empty(id), e.Data);
}

internal sealed record SkillFigures(string Skill, int Published, int Pending);

internal sealed record VolunteersNeeded(Seats Published, Seats Pending);

/// <summary>What <c>GET /admin/needs/marathons/{mid}/board</c> answers.</summary>
internal sealed record NeedsBoardResponse(
    Guid MarathonId, int Total, StatusCounts ByStatus, IReadOnlyList<SkillFigures> Skills, VolunteersNeeded VolunteersNeeded, DateTimeOffset? UpdatedAt)
{
    public static NeedsBoardResponse From(NeedsBoard board) => new(
        board.Id, board.Total, board.ByStatus,
        [.. board.Skills.Where(s => s.Value.Published > 0 || s.Value.Pending > 0).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new SkillFigures(s.Key, s.Value.Published, s.Value.Pending))],
        new VolunteersNeeded(board.PublishedSeats, board.PendingSeats),
        board.UpdatedAt == DateTimeOffset.MinValue ? null : board.UpdatedAt);
}

internal static class NeedsBoardSlice
{
    public static RouteGroupBuilder MapNeedsBoard(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marathons/{marathonId:guid}/board", async (Guid marathonId, IQuerySession session, CancellationToken ct) =>
            {
                var batch = session.CreateBatchQuery();
                var board = batch.Load<NeedsBoard>(marathonId);
                var marathon = batch.Load<MarathonForNeeds>(marathonId);
                await batch.Execute(ct);
                return await board is { } known ? TypedResults.Ok(NeedsBoardResponse.From(known))
                    : await marathon is not null ? TypedResults.Ok(NeedsBoardResponse.From(NeedsBoard.Empty(marathonId)))
                    : throw new NotFound($"Needs has not heard of marathon {marathonId} (yet).");
            })
            .WithName("GetNeedsBoard")
            .ProducesProblems(404)
            .WithSummary("A marathon's needs board: needs per status, required skill slots per skill, volunteers the teams take (staff).");
        return admin;
    }
}
