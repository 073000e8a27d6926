using Marten;
using ProBono.ServiceDefaults.Http;

namespace ProBono.ServiceDefaults.EventSourcing;

public static class PagingQueries
{
    /// <summary>
    /// One page of <paramref name="query"/> with the true total. (Marten's <c>ToPagedListAsync</c> counts the total
    /// from the page's own rows, so a page past the end says 0.) A short page tells the total by itself; a full or
    /// an empty one past the first is counted apart.
    /// </summary>
    public static async Task<PagedItems<T>> ToPageAsync<T>(this IQueryable<T> query, Paging paging, CancellationToken ct) where T : notnull
    {
        var offset = (paging.Page - 1) * paging.PageSize; // at most int.MaxValue: Paging.From refuses more
        var items = await query.Skip(offset).Take(paging.PageSize).ToListAsync(ct);
        var total = items.Count < paging.PageSize && (items.Count > 0 || offset == 0)
            ? (long)offset + items.Count
            : await query.LongCountAsync(ct);
        return new PagedItems<T>(items, total);
    }
}
