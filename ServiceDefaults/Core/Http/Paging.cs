using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>Every list answers <c>{ "items": [...], "total": N }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);

/// <summary>
/// <c>?page=1&amp;pageSize=50</c>, pageSize at most 500, and the page's first item, (page − 1) × pageSize, at most
/// 2,147,483,647 (the database offset is a 32-bit integer; beyond it is a 400, not an overflow).
/// </summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const long MaxOffset = int.MaxValue;

    public static Paging From(HttpRequest request)
    {
        var validation = new Problems.Validation();
        var page = Parse(request, "page", 1, validation);
        var size = Parse(request, "pageSize", DefaultPageSize, validation);
        validation.Range("page", page, 1, int.MaxValue).Range("pageSize", size, 1, MaxPageSize).ThrowIfAny();
        if ((long)(page - 1) * size > MaxOffset)
        {
            var lastPage = MaxOffset / size + 1;
            validation.Add("page",
                $"'page' must be at most {lastPage} with pageSize {size}: (page - 1) × pageSize may not exceed {MaxOffset}.").ThrowIfAny();
        }
        return new Paging(page, size);
    }

    private static int Parse(HttpRequest request, string name, int fallback, Problems.Validation validation)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }
        if (int.TryParse(raw, out var value))
        {
            return value;
        }
        validation.Add(name, $"'{name}' must be a whole number.");
        return fallback;
    }
}

/// <summary>One page of a list and the true number of items in the whole list.</summary>
public sealed class PagedItems<T>(IReadOnlyList<T> items, long totalItemCount) : IReadOnlyList<T>
{
    public long TotalItemCount { get; } = totalItemCount;

    public int Count => items.Count;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
