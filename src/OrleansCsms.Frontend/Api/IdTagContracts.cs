using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// An id tag's authorization as an operator set it, how many transactions it may be in at once (0: no limit), and
/// the transactions it is in (in progress, started Accepted).
/// </summary>
public sealed record IdTagResponse(
    string IdTag,
    string Status,
    DateTimeOffset? ExpiryDate,
    string? ParentIdTag,
    int MaxActiveTransactions,
    IReadOnlyList<int> ActiveTransactionIds,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>
/// What an operator sets on an id tag: Accepted, Blocked, Expired or Invalid, an expiry, a parent tag (grouping a
/// fleet's cards) and how many transactions it may be in at once (1 when absent; 0 for no limit).
/// </summary>
public sealed record PutIdTagRequest(string? Status, DateTimeOffset? ExpiryDate, string? ParentIdTag, int? MaxActiveTransactions = null);

/// <summary>The limits id tag requests are checked against.</summary>
public static class IdTagRules
{
    /// <summary>OCPP 1.6's IdToken is a CiString20.</summary>
    public const int MaxLength = 20;

    public static readonly IReadOnlyList<string> Statuses = ["Accepted", "Blocked", "Expired", "Invalid"];

    public static ValidationErrors IdTag(this ValidationErrors errors, string field, string? idTag, bool required = true) =>
        errors.Length(field, idTag, 1, MaxLength, required);

    /// <summary>The most transactions a limited tag may be set to be in at once.</summary>
    public const int MaxActiveTransactionsLimit = 10_000;

    public static ValidationErrors MaxActiveTransactions(this ValidationErrors errors, int? value) =>
        errors.Check(
            value is null or (>= 0 and <= MaxActiveTransactionsLimit),
            "maxActiveTransactions",
            $"Must be 1-{MaxActiveTransactionsLimit}, or 0 for no limit.");

    /// <summary>The tag with the transactions it is in, derived from the stored transactions.</summary>
    public static async Task<IdTagResponse> ToResponseAsync(this IdTagState state, ICsmsQueries queries, CancellationToken cancellationToken)
    {
        var active = await queries.ListActiveTransactionsAsync(state.IdTag, cancellationToken);
        return new IdTagResponse(
            state.IdTag,
            state.Status,
            state.ExpiryDate,
            state.ParentIdTag,
            state.MaxActiveTransactions,
            [.. active.Select(t => t.TransactionId)],
            state.CreatedAt,
            state.UpdatedAt);
    }
}
