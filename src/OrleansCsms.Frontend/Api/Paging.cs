using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>One page of a list, with the total number of matches so a client can page through all of them.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, long TotalCount, int Page, int PageSize);

/// <summary>The paging query parameters every list takes.</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Resolves page and pageSize, recording out-of-range values rather than silently clamping them.</summary>
    public static (int Page, int PageSize) Resolve(int? page, int? pageSize, ValidationErrors errors)
    {
        errors.Check(page is null or >= 1, "page", "Must be 1 or more.");
        errors.Check(pageSize is null or >= 1 and <= MaxPageSize, "pageSize", $"Must be 1-{MaxPageSize}.");
        return (page ?? 1, pageSize ?? DefaultPageSize);
    }

    public static PagedResponse<TResponse> ToResponse<TSource, TResponse>(this Page<TSource> page, Func<TSource, TResponse> map) =>
        new([.. page.Items.Select(map)], page.TotalCount, page.PageNumber, page.PageSize);
}
