using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Api;

/// <summary>Start charging: an id tag on a charge point's connector (left out: one the charge point picks).</summary>
public sealed record StartSessionRequest(string? ChargePointId, int? ConnectorId, string? IdTag);

/// <summary>
/// What came of a session start. Outcome: Accepted (a transaction started for the tag), Rejected (the charge point
/// refused the remote start, or the tag was refused when the transaction started), Timeout (no transaction within the
/// wait). RemoteStartStatus is the charge point's answer to RemoteStartTransaction, null when it gave none.
/// </summary>
public sealed record SessionStartResponse(
    string Outcome,
    string ChargePointId,
    int? ConnectorId,
    string IdTag,
    int? TransactionId,
    string? RemoteStartStatus,
    string? IdTagStatus,
    string? Detail);

/// <summary>A session: its transaction, and whether it is Active or Stopped.</summary>
public sealed record SessionResponse(int TransactionId, string Status, TransactionSummary Transaction);

/// <summary>
/// What came of a session stop. Outcome: Stopped (the charge point stopped it), Stopping (it accepted the remote stop;
/// its StopTransaction has not arrived yet), EndedByCsms (it could not be reached or refused, so the CSMS ended the
/// transaction for billing at its last known meter reading), AlreadyEnded.
/// </summary>
public sealed record SessionStopResponse(string Outcome, string? RemoteStopStatus, TransactionSummary Transaction);

/// <summary>How long session starts and stops wait for the charge point, bound from the "Sessions" configuration section.</summary>
public sealed class SessionsOptions
{
    /// <summary>The longest a session start waits for the StartTransaction its remote start causes, in seconds; a request's ?wait= may only shorten it.</summary>
    [Range(1, 600)]
    public int StartTimeoutSeconds { get; set; } = 60;

    /// <summary>The longest a session stop waits for the StopTransaction its remote stop causes, in seconds; a request's ?wait= may only shorten it.</summary>
    [Range(1, 600)]
    public int StopTimeoutSeconds { get; set; } = 30;
}
