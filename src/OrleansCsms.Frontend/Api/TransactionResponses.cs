using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>One charging session as listed.</summary>
public sealed record TransactionSummary(
    int Id,
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    DateTimeOffset? StartTimestamp,
    DateTimeOffset? StopTimestamp,
    int? MeterStart,
    int? MeterStop,
    long? EnergyWh,
    bool Active,
    string? StopReason,
    string? EndedBy,
    string? EndNote);

/// <summary>One charging session with its latest readings and every sampled value stored for it.</summary>
public sealed record TransactionDetails(
    int Id,
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    string? StartIdTagStatus,
    int? ReservationId,
    DateTimeOffset? StartTimestamp,
    DateTimeOffset? StopTimestamp,
    int? MeterStart,
    int? MeterStop,
    long? EnergyWh,
    bool Active,
    string? StopReason,
    string? StopIdTag,
    string? EndedBy,
    string? EndNote,
    IReadOnlyDictionary<string, LatestReadingResponse> LastReadings,
    DateTimeOffset? LastMeterValueAt,
    int MeterValueCount,
    IReadOnlyList<MeterValueResponse> MeterValues,
    StationTransactionResponse? Station = null,
    TransactionCostResponse? Cost = null);

/// <summary>
/// What an OCPP 2.0.1 station told of its transaction: its own id for it, the connector within the EVSE (the
/// transaction's connectorId), its charging state, and which of its events arrived (sequence numbers as runs, e.g.
/// "0-7, 9-12") or are still missing ("8").
/// </summary>
public sealed record StationTransactionResponse(
    string StationTransactionId,
    int? EvseConnectorId,
    string? ChargingState,
    string? LastTriggerReason,
    int? RemoteStartId,
    string? IdTokenType,
    int? TimeSpentChargingSeconds,
    bool OfflineEvents,
    string ReceivedSeqNos,
    string? MissingSeqNos);

/// <summary>The latest reading of one measurand (and phase).</summary>
public sealed record LatestReadingResponse(string Value, string? Unit, DateTimeOffset Timestamp);

/// <summary>
/// One stored sampled value, with where it came from (MeterValues, StartTransaction, StopTransaction, TransactionEvent)
/// and, when the meter signed it, its signed data as sent.
/// </summary>
public sealed record MeterValueResponse(
    DateTimeOffset Timestamp,
    string Value,
    string? Measurand,
    string? Phase,
    string? Unit,
    string? Context,
    string? Format,
    string? Location,
    string Source,
    SignedMeterValue? SignedMeterValue = null);

/// <summary>What an operator sends to end a transaction: why, in words (kept with the transaction).</summary>
public sealed record StopTransactionByOperatorRequest(string? Reason);

/// <summary>
/// A transaction an operator ended, and what became of the RemoteStopTransaction sent to its charge point:
/// Accepted or Rejected (the charge point's answer), NotConnected, TimedOut, Failed (a CALLERROR), or NotSent
/// when the transaction had already ended.
/// </summary>
public sealed record StopTransactionByOperatorResponse(TransactionSummary Transaction, bool EndedNow, string RemoteStop);

/// <summary>Maps transaction state and stored meter values to responses.</summary>
public static class TransactionMapping
{
    public static TransactionSummary ToSummary(this TransactionState state) => new(
        state.TransactionId,
        state.ChargePointId,
        state.ConnectorId,
        state.IdTag,
        state.StartTimestamp,
        state.StopTimestamp,
        state.MeterStart,
        state.MeterStop,
        state.EnergyWh,
        state.Active,
        state.StopReason,
        state.EndedBy,
        state.EndNote);

    public static TransactionDetails ToDetails(this TransactionState state, IReadOnlyList<MeterValueRecord> meterValues) => new(
        state.TransactionId,
        state.ChargePointId,
        state.ConnectorId,
        state.IdTag,
        state.StartIdTagStatus,
        state.ReservationId,
        state.StartTimestamp,
        state.StopTimestamp,
        state.MeterStart,
        state.MeterStop,
        state.EnergyWh,
        state.Active,
        state.StopReason,
        state.StopIdTag,
        state.EndedBy,
        state.EndNote,
        state.LastReadings.ToDictionary(r => r.Key, r => new LatestReadingResponse(r.Value.Value, r.Value.Unit, r.Value.Timestamp), StringComparer.Ordinal),
        state.LastMeterValueAt,
        state.MeterValueCount,
        [.. meterValues.Select(v => new MeterValueResponse(v.Timestamp, v.Value, v.Measurand, v.Phase, v.Unit, v.Context, v.Format, v.Location, v.Source, v.Signed))],
        state.StationTransactionId is { } stationTransactionId
            ? new StationTransactionResponse(
                stationTransactionId, state.EvseConnectorId, state.ChargingState, state.LastTriggerReason, state.RemoteStartId, state.IdTokenType,
                state.TimeSpentChargingSeconds, state.OfflineEvents,
                SeqNoRuns.Describe(state.SeqNos), SeqNoRuns.Missing(state.SeqNos))
            : null,
        CostOf(state));

    /// <summary>The final cost of an ended session; a running one is priced as of now, from its latest readings.</summary>
    private static TransactionCostResponse? CostOf(TransactionState state) =>
        (state.Active ? TransactionCosts.Of(state, DateTimeOffset.UtcNow) : state.Cost) is { } cost && state.Tariff is { } tariff
            ? new TransactionCostResponse(cost.Total, cost.Currency, cost.TariffId, cost.Final, TransactionCosts.Describe(tariff))
            : null;
}
