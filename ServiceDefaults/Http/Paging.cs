using Microsoft.AspNetCore.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>Every list answers <c>{ "items": [...], "total": N }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);

/// <summary><c>?page=1&amp;pageSize=50</c>, pageSize at most 500.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static Paging From(HttpRequest request)
    {
        var validation = new Problems.Validation();
        var page = Parse(request, "page", 1, validation);
        var size = Parse(request, "pageSize", DefaultPageSize, validation);
        validation.Range("page", page, 1, int.MaxValue).Range("pageSize", size, 1, MaxPageSize).ThrowIfAny();
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
