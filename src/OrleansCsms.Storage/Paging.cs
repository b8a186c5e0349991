namespace OrleansCsms.Storage;

/// <summary>A validated 1-based page request turned into LIMIT/OFFSET.</summary>
internal readonly record struct Paging(int Page, int PageSize)
{
    public long Offset => (long)(Page - 1) * PageSize;

    public static Paging Of(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return new Paging(page, pageSize);
    }
}
