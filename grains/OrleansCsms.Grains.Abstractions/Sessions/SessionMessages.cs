namespace OrleansCsms.Grains;

/// <summary>An operator's request to start charging: an id tag on a connector, or on one the charge point picks.</summary>
[GenerateSerializer]
[Alias("csms.SessionStartRequest")]
[Immutable]
public sealed record SessionStartRequest(string IdTag, int? ConnectorId = null);

/// <summary>How a session start ended.</summary>
[GenerateSerializer]
[Alias("csms.SessionStartOutcome")]
public enum SessionStartOutcome
{
    /// <summary>The charge point started a transaction the id tag was accepted for.</summary>
    Accepted,

    /// <summary>The charge point refused the remote start, or the id tag was refused when the transaction started.</summary>
    Rejected,

    /// <summary>No transaction started within the wait; the charge point may still start one later.</summary>
    Timeout,

    /// <summary>The charge point is not connected: nothing was sent.</summary>
    Offline,

    /// <summary>No such charge point is registered.</summary>
    UnknownChargePoint,
}

/// <summary>
/// What came of a session start: the charge point's answer to the remote start, and the transaction it started (its
/// id, connector and the id tag's status at the start) when one started within the wait.
/// </summary>
[GenerateSerializer]
[Alias("csms.SessionStart")]
[Immutable]
public sealed record SessionStart(
    SessionStartOutcome Outcome,
    string? RemoteStartStatus = null,
    int? TransactionId = null,
    int? ConnectorId = null,
    string? IdTagStatus = null,
    string? Detail = null);

/// <summary>How a session stop ended.</summary>
[GenerateSerializer]
[Alias("csms.SessionStopOutcome")]
public enum SessionStopOutcome
{
    /// <summary>The charge point stopped the transaction (its StopTransaction arrived within the wait).</summary>
    Stopped,

    /// <summary>The charge point accepted the remote stop but its StopTransaction has not arrived yet.</summary>
    Stopping,

    /// <summary>The charge point could not be reached or refused: the CSMS ended the transaction for billing.</summary>
    EndedByCsms,

    /// <summary>The transaction had already ended; nothing was sent.</summary>
    AlreadyEnded,

    /// <summary>The charge point has no such transaction.</summary>
    UnknownTransaction,
}

/// <summary>What came of a session stop: the charge point's answer to the remote stop (when one was sent) and the transaction as it now stands.</summary>
[GenerateSerializer]
[Alias("csms.SessionStop")]
[Immutable]
public sealed record SessionStop(SessionStopOutcome Outcome, TransactionState? Transaction, string? RemoteStopStatus = null);

/// <summary>What came of closing a charge point's connection at an operator's request.</summary>
[GenerateSerializer]
[Alias("csms.DisconnectOutcome")]
public enum DisconnectOutcome
{
    Closed,
    NotConnected,
    UnknownChargePoint,
}
