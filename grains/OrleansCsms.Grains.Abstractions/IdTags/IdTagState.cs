namespace OrleansCsms.Grains;

/// <summary>Persisted state of an id tag grain.</summary>
public sealed class IdTagState
{
    public string IdTag { get; set; } = "";

    /// <summary>Accepted, Blocked, Expired or Invalid as set by the operator.</summary>
    public string Status { get; set; } = "Accepted";

    public DateTimeOffset? ExpiryDate { get; set; }

    public string? ParentIdTag { get; set; }

    /// <summary>Transactions in progress with this tag; a second one makes Authorize answer ConcurrentTx.</summary>
    public List<int> ActiveTransactionIds { get; set; } = [];

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>What an operator sets on an id tag.</summary>
public sealed record IdTagUpdate(string Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null);
