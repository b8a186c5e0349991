using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>The id tags a charge point's local authorization list is to hold, replacing what it holds.</summary>
public sealed record PutLocalListRequest(IReadOnlyList<string?>? IdTags);

/// <summary>Id tags to add to a charge point's local authorization list.</summary>
public sealed record AddLocalListEntriesRequest(IReadOnlyList<string?>? IdTags);

/// <summary>
/// A charge point's local authorization list: its entries, the CSMS's version, the version the charge point holds
/// (null: unknown), whether that is the CSMS's, what it last reported through GetLocalListVersion, and how the
/// last SendLocalList ended; and the charge point's own limits, when it gave them: the most entries its list holds
/// (LocalAuthListMaxLength) and the most one SendLocalList may carry (SendLocalListMaxLength).
/// </summary>
public sealed record LocalListResponse(
    string ChargePointId,
    int Version,
    IReadOnlyList<LocalListEntryResponse> Entries,
    int? ChargePointVersion,
    bool UpToDate,
    int? ReportedVersion,
    DateTimeOffset? ReportedAt,
    LocalListSendResponse? LastResult,
    DateTimeOffset? UpdatedAt,
    int? ChargePointMaxEntries,
    int? ChargePointMaxSendEntries);

/// <summary>An id tag on the list, the idTagInfo sent with it, and the idToken type an OCPP 2.0.1 station is sent it as (null: Central).</summary>
public sealed record LocalListEntryResponse(string IdTag, LocalListIdTagInfo IdTagInfo, string? IdTokenType = null);

/// <summary>The idTagInfo of an entry: status, expiry and parent id tag, as the id tag had them when listed.</summary>
public sealed record LocalListIdTagInfo(string Status, DateTimeOffset? ExpiryDate, string? ParentIdTag);

/// <summary>
/// How the last SendLocalList ended: the charge point's status (Accepted, Failed, NotSupported, VersionMismatch) or
/// why it gave none (NotConnected, TimedOut, CallError; TooLarge: more entries than the charge point takes, not sent), the version and update type (Full, Differential) sent.
/// </summary>
public sealed record LocalListSendResponse(int ListVersion, string UpdateType, string Status, DateTimeOffset At, string? Detail);

/// <summary>The checks on local list requests and the mapping of the list to responses.</summary>
public static class LocalListRules
{
    /// <summary>Checks a list of id tags: present, each a valid id tag (CiString20), none twice.</summary>
    public static ValidationErrors IdTags(this ValidationErrors errors, IReadOnlyList<string?>? idTags)
    {
        if (idTags is null)
        {
            return errors.Add("idTags", "Required: an array of id tags.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < idTags.Count; i++)
        {
            errors.IdTag($"idTags[{i}]", idTags[i]);
            if (idTags[i] is { } tag && !seen.Add(tag))
            {
                errors.Add($"idTags[{i}]", $"'{tag}' is listed more than once.");
            }
        }

        return errors;
    }

    /// <summary>The errors of a change the list refused: id tags the CSMS does not know, or too many entries.</summary>
    public static ValidationErrors Refusal(this ValidationErrors errors, LocalAuthListChange change, IReadOnlyList<string?> idTags)
    {
        foreach (var unknown in change.UnknownIdTags ?? [])
        {
            var index = idTags.ToList().IndexOf(unknown);
            errors.Add(index >= 0 ? $"idTags[{index}]" : "idTags", $"Unknown id tag '{unknown}': create it under /api/id-tags first.");
        }

        if (change.Outcome == LocalAuthListOutcome.TooManyEntries)
        {
            errors.Add("idTags", $"This local authorization list holds at most {change.MaxEntries} entries.");
        }

        return errors;
    }

    public static LocalListResponse ToResponse(this LocalAuthListView list) => new(
        list.ChargePointId,
        list.Version,
        [.. list.Entries.Select(e => new LocalListEntryResponse(e.IdTag, new LocalListIdTagInfo(e.IdTagInfo.Status, e.IdTagInfo.ExpiryDate, e.IdTagInfo.ParentIdTag), e.IdTokenType))],
        list.ChargePointVersion,
        list.UpToDate,
        list.ReportedVersion,
        list.ReportedAt,
        list.LastResult is { } last ? new LocalListSendResponse(last.ListVersion, last.UpdateType, last.Status, last.At, last.Detail) : null,
        list.UpdatedAt,
        list.ChargePointMaxEntries,
        list.ChargePointMaxSendEntries);
}
