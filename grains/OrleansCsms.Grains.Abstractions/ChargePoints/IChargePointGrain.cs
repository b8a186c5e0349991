using System.Text.Json;
using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>The OCPP session of one charge point (key: its identity), version-independent.</summary>
[Alias("csms.IChargePointGrain")]
public partial interface IChargePointGrain : IGrainWithStringKey
{
    /// <summary>Registers (or approves a self-registered) charge point; false when an operator already registered it.</summary>
    Task<bool> RegisterAsync(ChargePointRegistration registration);

    /// <summary>Returns the charge point's state, or null when it is not registered.</summary>
    [ReadOnly]
    Task<ChargePointState?> GetAsync();

    /// <summary>Forgets the charge point and closes its socket; false when it was not registered.</summary>
    Task<bool> DeleteAsync();

    /// <summary>Sets or replaces the Basic auth password; false when the charge point is not registered.</summary>
    Task<bool> SetPasswordAsync(string password);

    /// <summary>Decides whether a WebSocket handshake for this identity is let in, and records the security profile it arrives on.</summary>
    Task<AdmissionOutcome> AdmitAsync(AdmissionRequest request);

    /// <summary>Keeps <paramref name="key"/> as the pending AuthorizationKey before it is sent; returns the rotation's id, or null when the charge point is not registered.</summary>
    Task<string?> BeginAuthorizationKeyRotationAsync(string key);

    /// <summary>Records the charge point's answer to an AuthorizationKey rotation: Accepted makes the pending key the password.</summary>
    Task<ChargePointSecurity?> SettleAuthorizationKeyRotationAsync(string rotationId, SecurityChangeAnswer answer, string outcome);

    /// <summary>Raises the lowest security profile connections are admitted on, once the charge point accepted it; never lowers it.</summary>
    Task<ChargePointSecurity?> RaiseMinimumSecurityProfileAsync(int profile);

    /// <summary>Lowers the lowest security profile connections are admitted on, at an operator's explicit request, recording the reason; never raises it.</summary>
    Task<ChargePointSecurity?> LowerMinimumSecurityProfileAsync(int profile, string reason);

    /// <summary>Records that a front-end now holds the charge point's socket, reached through <paramref name="socket"/>; a previous connection is closed.</summary>
    Task ConnectedAsync(ChargePointSession session, IChargePointSocket socket);

    /// <summary>Records that a connection closed; ignored when a newer connection already replaced it.</summary>
    Task DisconnectedAsync(string connectionId);

    /// <summary>
    /// Holds the charge point's boots at Pending or Rejected, or with Accepted releases the hold and approves it; false
    /// when it is not registered. Takes effect at its next BootNotification.
    /// </summary>
    Task<bool> HoldBootStatusAsync(string status);

    /// <summary>Handles a BootNotification.</summary>
    Task<BootResult> BootAsync(BootInfo boot);

    /// <summary>Handles a Heartbeat and returns the server time.</summary>
    Task<DateTimeOffset> HeartbeatAsync();

    /// <summary>Handles a StatusNotification.</summary>
    Task StatusAsync(ConnectorStatusReport report);

    /// <summary>Handles an Authorize: the id tag's status, which never depends on the charge point's state.</summary>
    [ReadOnly]
    Task<IdTagInfo> AuthorizeAsync(string idTag);

    /// <summary>Handles a StartTransaction; a resent one (same connector, id tag, timestamp and meter start) gets the same id.</summary>
    Task<StartTransactionResult> StartTransactionAsync(StartTransactionRequest request);

    /// <summary>Handles a MeterValues; returns once the values are committed.</summary>
    Task MeterValuesAsync(MeterValuesReport report);

    /// <summary>Handles a StopTransaction; always accepted, recorded even for unknown transactions.</summary>
    Task<IdTagInfo?> StopTransactionAsync(StopTransactionRequest request);

    /// <summary>
    /// Handles an OCPP 2.0.1 TransactionEvent: finds or gives the CSMS id of the station's transaction, then records
    /// the event on it; returns once it is committed.
    /// </summary>
    Task<TransactionEventResult> TransactionEventAsync(TransactionEventReport report);

    /// <summary>
    /// Ends one of the charge point's transactions without it (an operator ending a stuck transaction for billing) and
    /// frees its connector; returns the transaction as ended, or null when it is unknown. Sends nothing to the charge point.
    /// </summary>
    Task<TransactionState?> EndTransactionAsync(int transactionId, TransactionEnd end);

    /// <summary>Keeps a reservation the charge point accepted, so that the StartTransaction that uses it consumes it.</summary>
    Task HoldReservationAsync(ReservationHold hold);

    /// <summary>Handles a charge-point-initiated DataTransfer.</summary>
    Task<DataTransferResult> DataTransferAsync(DataTransferRequest request);

    /// <summary>
    /// Makes <paramref name="jobId"/> the charge point's latest maintenance job of <paramref name="kind"/>, when it is
    /// registered and connected; returns whether it did and the job it replaced.
    /// </summary>
    Task<JobTracking> TrackJobAsync(string kind, int jobId);

    /// <summary>Puts back <paramref name="previousJobId"/> as the latest job of its kind when <paramref name="jobId"/>, which replaced it, came to nothing.</summary>
    Task UntrackJobAsync(string kind, int jobId, int? previousJobId);

    /// <summary>
    /// Records the status of a Firmware, Diagnostics, Log or SignedFirmware status notification (by job kind) as the
    /// charge point's last one, and returns its latest job of that kind, which the notification reports on when it names none.
    /// </summary>
    Task<int?> RecordJobStatusAsync(string kind, string status);

    /// <summary>Marks the charge point as having a local authorization list, brought up to date at each boot; false when it is not registered.</summary>
    Task<bool> ManageLocalListAsync();

    /// <summary>Marks the charge point as having charging profiles, whose grain then hears of its transactions; false when it is not registered.</summary>
    Task<bool> ManageChargingProfilesAsync();

    /// <summary>Sends a server-initiated call to the charge point and waits for its answer.</summary>
    /// <remarks>
    /// The response timeout is above every call timeout an operator can configure: a charge point may take longer to
    /// answer than a cluster's grain calls may (Cluster:ResponseTimeoutSeconds). The grain bounds the wait itself;
    /// a caller that gives up sooner cancels.
    /// </remarks>
    [AlwaysInterleave]
    [ResponseTimeout("00:11:00")]
    Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Sends an operator command, phrased in the OCPP version the charge point speaks, and waits for its answer.</summary>
    /// <remarks>Waits like <see cref="CallAsync"/>.</remarks>
    [AlwaysInterleave]
    [ResponseTimeout("00:11:00")]
    Task<ChargePointCallResult> CommandAsync(ChargePointCommand command, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
