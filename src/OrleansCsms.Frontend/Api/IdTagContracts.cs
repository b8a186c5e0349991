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
    DateTimeOffset? UpdatedAt,
    string? IdTokenType = null,
    string? PersonalMessage = null,
    string? PersonalMessageLanguage = null);

/// <summary>
/// What an operator sets on an id tag: Accepted, Blocked, Expired or Invalid, an expiry, a parent tag (grouping a
/// fleet's cards; OCPP 2.0.1's groupIdToken) and how many transactions it may be in at once (1 when absent; 0 for no
/// limit). For OCPP 2.0.1 stations: the idToken type the tag is presented as (absent: any), and a personal message
/// shown to the driver when it is authorized.
/// </summary>
public sealed record PutIdTagRequest(
    string? Status,
    DateTimeOffset? ExpiryDate,
    string? ParentIdTag,
    int? MaxActiveTransactions = null,
    string? IdTokenType = null,
    string? PersonalMessage = null,
    string? PersonalMessageLanguage = null);

/// <summary>The limits id tag requests are checked against.</summary>
public static class IdTagRules
{
    /// <summary>
    /// OCPP 2.0.1's IdTokenType.idToken holds up to 36 characters. OCPP 1.6's IdToken is a CiString20
    /// (<see cref="V16MaxLength"/>): a longer tag never reaches a 1.6 charge point, whose calls are checked against its
    /// schema before they go out (refused, 409) and whose answers leave a longer parent tag out.
    /// </summary>
    public const int MaxLength = 36;

    /// <summary>OCPP 1.6's IdToken is a CiString20.</summary>
    public const int V16MaxLength = 20;

    public static readonly IReadOnlyList<string> Statuses = ["Accepted", "Blocked", "Expired", "Invalid"];

    public static ValidationErrors IdTag(this ValidationErrors errors, string field, string? idTag, bool required = true) =>
        errors.Length(field, idTag, 1, MaxLength, required);

    /// <summary>OCPP 2.0.1's MessageContentType: content up to 512 characters, language up to 8.</summary>
    public const int PersonalMessageMaxLength = 512;

    public const int LanguageMaxLength = 8;

    /// <summary>An idToken type a tag may be given (absent: any), and a personal message with its language.</summary>
    public static ValidationErrors TokenDetails(this ValidationErrors errors, PutIdTagRequest request)
    {
        if (request.IdTokenType is not null)
        {
            errors.OneOf("idTokenType", request.IdTokenType, [.. IdTokenTypes.Credentials]);
        }

        return errors
            .Length("personalMessage", request.PersonalMessage, 1, PersonalMessageMaxLength, required: false)
            .Length("personalMessageLanguage", request.PersonalMessageLanguage, 1, LanguageMaxLength, required: false)
            .Check(request.PersonalMessageLanguage is null || request.PersonalMessage is not null, "personalMessageLanguage", "Only with a personalMessage.");
    }

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
            state.UpdatedAt,
            state.IdTokenType,
            state.PersonalMessage,
            state.PersonalMessageLanguage);
    }
}
