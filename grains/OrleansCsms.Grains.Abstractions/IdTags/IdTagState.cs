namespace OrleansCsms.Grains;

/// <summary>Persisted state of an id tag grain.</summary>
[GenerateSerializer]
[Alias("csms.IdTagState")]
public sealed class IdTagState
{
    /// <summary>The <see cref="MaxActiveTransactions"/> of a tag that may be in any number of transactions at once.</summary>
    public const int Unlimited = 0;

    [Id(0)]
    public string IdTag { get; set; } = "";

    /// <summary>Accepted, Blocked, Expired or Invalid as set by the operator.</summary>
    [Id(1)]
    public string Status { get; set; } = "Accepted";

    [Id(2)]
    public DateTimeOffset? ExpiryDate { get; set; }

    [Id(3)]
    public string? ParentIdTag { get; set; }

    /// <summary>
    /// How many transactions the tag may be in at once: 1 by default, more for fleet and test tags,
    /// <see cref="Unlimited"/> (0) for no limit. A start beyond it is answered ConcurrentTx.
    /// </summary>
    [Id(7)]
    public int MaxActiveTransactions { get; set; } = 1;

    /// <summary>
    /// The OCPP 2.0.1 idToken type the tag is presented as (ISO14443, ISO15693, eMAID, KeyCode, Local, MacAddress);
    /// null for any type. A typed tag is known by its value as that type, and as Central, the type the CSMS itself
    /// gives it in RequestStartTransaction and ReserveNow.
    /// </summary>
    [Id(200)]
    public string? IdTokenType { get; set; }

    /// <summary>A message for the driver, shown by an OCPP 2.0.1 station when the tag is authorized.</summary>
    [Id(201)]
    public string? PersonalMessage { get; set; }

    /// <summary>The language of <see cref="PersonalMessage"/> (RFC 5646, e.g. "en"); null when not said.</summary>
    [Id(202)]
    public string? PersonalMessageLanguage { get; set; }

    [Id(5)]
    public DateTimeOffset? CreatedAt { get; set; }

    [Id(6)]
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>What an operator sets on an id tag.</summary>
[GenerateSerializer]
[Alias("csms.IdTagUpdate")]
[Immutable]
public sealed record IdTagUpdate(
    string Status,
    DateTimeOffset? ExpiryDate = null,
    string? ParentIdTag = null,
    int MaxActiveTransactions = 1,
    string? IdTokenType = null,
    string? PersonalMessage = null,
    string? PersonalMessageLanguage = null);
