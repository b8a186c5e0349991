namespace OrleansCsms.Grains;

/// <summary>Persisted state of an id tag grain.</summary>
[GenerateSerializer]
[Alias("csms.IdTagState")]
public sealed class IdTagState
{
    [Id(0)]
    public string IdTag { get; set; } = "";

    /// <summary>Accepted, Blocked, Expired or Invalid as set by the operator.</summary>
    [Id(1)]
    public string Status { get; set; } = "Accepted";

    [Id(2)]
    public DateTimeOffset? ExpiryDate { get; set; }

    [Id(3)]
    public string? ParentIdTag { get; set; }

    /// <summary>Transactions in progress with this tag; a second one makes Authorize answer ConcurrentTx.</summary>
    [Id(4)]
    public List<int> ActiveTransactionIds { get; set; } = [];

    [Id(5)]
    public DateTimeOffset? CreatedAt { get; set; }

    [Id(6)]
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>What an operator sets on an id tag.</summary>
[GenerateSerializer]
[Alias("csms.IdTagUpdate")]
public sealed record IdTagUpdate(string Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null);
