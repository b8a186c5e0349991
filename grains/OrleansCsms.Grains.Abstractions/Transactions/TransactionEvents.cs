namespace OrleansCsms.Grains;

/// <summary>The kinds of a transaction event: a transaction's first, middle and last messages.</summary>
public static class TransactionEventTypes
{
    public const string Started = "Started";
    public const string Updated = "Updated";
    public const string Ended = "Ended";
}

/// <summary>
/// A station's TransactionEvent in version-independent terms. The station names its transaction with an id of its
/// own (<see cref="StationTransactionId"/>); the CSMS gives it an integer id, the one operators see.
/// </summary>
[GenerateSerializer]
[Alias("csms.TransactionEventReport")]
[Immutable]
public sealed record TransactionEventReport(
    string StationTransactionId,
    string EventType,
    DateTimeOffset Timestamp,
    string TriggerReason,
    int SeqNo,
    bool Offline,
    int? EvseId,
    int? ConnectorId,
    string? IdToken,
    string? IdTokenType,
    IReadOnlyList<MeterValue> MeterValues,
    string? ChargingState = null,
    string? StoppedReason = null,
    int? RemoteStartId = null,
    int? ReservationId = null,
    int? TimeSpentChargingSeconds = null);

/// <summary>
/// What the CSMS answers a TransactionEvent with: the transaction's id here, when the event carried a token its
/// status, and when a tariff prices the session its cost so far (final once it ended).
/// </summary>
[GenerateSerializer]
[Alias("csms.TransactionEventResult")]
[Immutable]
public sealed record TransactionEventResult(int TransactionId, IdTagInfo? IdTokenInfo, TransactionCost? Cost = null);

/// <summary>How a transaction took one event.</summary>
[GenerateSerializer]
[Alias("csms.TransactionEventOutcome")]
[Immutable]
public sealed record TransactionEventOutcome(bool Recorded, bool Replayed, bool Ended, IdTagInfo? IdTokenInfo, TransactionCost? Cost = null);

/// <summary>A run of consecutive sequence numbers a transaction's events arrived with.</summary>
[GenerateSerializer]
[Alias("csms.SeqNoRange")]
[Immutable]
public sealed record SeqNoRange(int From, int To);

/// <summary>A station's own id for a transaction, and the CSMS's integer id for it.</summary>
[GenerateSerializer]
[Alias("csms.StationTransaction")]
[Immutable]
public sealed record StationTransaction(int TransactionId, int EvseId, bool Ended, DateTimeOffset LastEventAt);
