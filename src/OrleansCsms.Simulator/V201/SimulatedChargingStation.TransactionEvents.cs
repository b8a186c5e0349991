using OrleansCsms.Ocpp.V201;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// The TransactionEvents of a transaction. Each is built when it happens, so its seqNo, timestamp and offline
/// flag say what the station knew then, however late it is delivered.
/// </summary>
public sealed partial class SimulatedChargingStation
{
    /// <summary>Sampled values in an Ended event: the register at the end.</summary>
    public const int EndedSampledValues = 1;

    /// <summary>Sampled values in a Started event: the register at the start.</summary>
    public const int StartedSampledValues = 1;

    // The transaction running on each EVSE, by EVSE id - 1.
    private readonly StationTransaction?[] _transactions;

    private bool IsOffline => !_booted || !IsConnected;

    private QueuedTransactionMessage StartedEvent(StationTransaction transaction)
    {
        var local = transaction.Local;
        var request = Event(transaction, TransactionEventEnumType.Started,
            transaction.RemoteStartId is null ? TriggerReasonEnumType.Authorized : TriggerReasonEnumType.RemoteStart,
            local.StartedAt, ChargingStateEnumType.Charging) with
        {
            IdToken = IdToken(local.IdTag),
            Evse = new EVSEType { Id = local.ConnectorId, ConnectorId = 1 },
            MeterValue = [ToMeterValue(ConnectorMeter.RegisterSample(local.StartedAt, V16.ReadingContext.TransactionBegin, local.MeterStart))],
        };
        return Queued(transaction, request, outcome =>
        {
            local.MeterValuesDelivered(StartedSampledValues);
            if (TryRead<TransactionEventConfirmation>(outcome.Payload)?.IdTokenInfo is { Status: not AuthorizationStatusEnumType.Accepted })
            {
                transaction.Deauthorize();
            }
        });
    }

    private QueuedTransactionMessage UpdatedEvent(StationTransaction transaction, TriggerReasonEnumType trigger, V16.MeterValue sample)
    {
        var request = Event(transaction, TransactionEventEnumType.Updated, trigger, sample.Timestamp, ChargingStateEnumType.Charging) with
        {
            MeterValue = [ToMeterValue(sample)],
        };
        return Queued(transaction, request, _ => transaction.Local.MeterValuesDelivered(sample.SampledValue.Count));
    }

    private QueuedTransactionMessage EndedEvent(StationTransaction transaction, int meterStop, DateTimeOffset endedAt, V16.Reason reason)
    {
        var local = transaction.Local;
        var (trigger, stoppedReason) = EndOf(reason);
        var request = Event(transaction, TransactionEventEnumType.Ended, trigger, endedAt, ChargingStateEnumType.Idle) with
        {
            MeterValue = [ToMeterValue(ConnectorMeter.RegisterSample(endedAt, V16.ReadingContext.TransactionEnd, meterStop))],
        };
        request = request with { TransactionInfo = request.TransactionInfo with { StoppedReason = stoppedReason } };
        return Queued(transaction, request, _ =>
        {
            local.MeterValuesDelivered(EndedSampledValues);
            _metrics.RecordTransaction(new CompletedTransaction(
                Identity, local.ConnectorId, null, local.IdTag, local.MeterStart, meterStop,
                local.MeterValuesSent, local.SampledValuesSent, transaction.Id));
        });
    }

    private TransactionEventRequest Event(
        StationTransaction transaction, TransactionEventEnumType type, TriggerReasonEnumType trigger, DateTimeOffset at, ChargingStateEnumType state) => new()
        {
            EventType = type,
            Timestamp = at,
            TriggerReason = trigger,
            SeqNo = transaction.NextSeqNo(),
            Offline = IsOffline ? true : null,
            TransactionInfo = new TransactionType
            {
                TransactionId = transaction.Id,
                ChargingState = state,
                RemoteStartId = type == TransactionEventEnumType.Started ? transaction.RemoteStartId : null,
            },
        };

    private static QueuedTransactionMessage Queued(StationTransaction transaction, TransactionEventRequest request, Action<CallOutcome> onAcknowledged)
    {
        var payload = V201Json.ToPayload(request);
        return new QueuedTransactionMessage("TransactionEvent", transaction.Local, _ => payload, onAcknowledged);
    }

    /// <summary>What ended a transaction, as its Ended event's triggerReason and stoppedReason say it.</summary>
    internal static (TriggerReasonEnumType Trigger, ReasonEnumType Reason) EndOf(V16.Reason reason) => reason switch
    {
        V16.Reason.Remote => (TriggerReasonEnumType.RemoteStop, ReasonEnumType.Remote),
        V16.Reason.DeAuthorized => (TriggerReasonEnumType.Deauthorized, ReasonEnumType.DeAuthorized),
        V16.Reason.HardReset or V16.Reason.SoftReset or V16.Reason.Reboot => (TriggerReasonEnumType.ResetCommand, ReasonEnumType.ImmediateReset),
        V16.Reason.UnlockCommand => (TriggerReasonEnumType.UnlockCommand, ReasonEnumType.Other),
        V16.Reason.EVDisconnected => (TriggerReasonEnumType.EVCommunicationLost, ReasonEnumType.EVDisconnected),
        _ => (TriggerReasonEnumType.StopAuthorized, ReasonEnumType.Local),
    };
}
