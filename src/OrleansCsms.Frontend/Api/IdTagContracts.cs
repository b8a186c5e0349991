using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>An id tag's authorization as an operator set it, and the transactions it is in.</summary>
public sealed record IdTagResponse(
    string IdTag,
    string Status,
    DateTimeOffset? ExpiryDate,
    string? ParentIdTag,
    IReadOnlyList<int> ActiveTransactionIds,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>What an operator sets on an id tag: Accepted, Blocked, Expired or Invalid, an expiry and a parent tag.</summary>
public sealed record PutIdTagRequest(string? Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);

/// <summary>The limits id tag requests are checked against.</summary>
public static class IdTagRules
{
    /// <summary>OCPP 1.6's IdToken is a CiString20.</summary>
    public const int MaxLength = 20;

    public static readonly IReadOnlyList<string> Statuses = ["Accepted", "Blocked", "Expired", "Invalid"];

    public static ValidationErrors IdTag(this ValidationErrors errors, string field, string? idTag, bool required = true) =>
        errors.Length(field, idTag, 1, MaxLength, required);

    public static IdTagResponse ToResponse(this IdTagState state) => new(
        state.IdTag, state.Status, state.ExpiryDate, state.ParentIdTag, [.. state.ActiveTransactionIds], state.CreatedAt, state.UpdatedAt);
}
