using OrleansCsms.Ocpp.V201;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// The transaction steps of a scenario played in OCPP 2.0.1: startTransaction is a TransactionEvent Started (with the
/// remoteStartId of a remote start that came before it), meterValues are Updated events, stopTransaction is Ended.
/// Each event is built when its step runs, so one made offline says so, and all go through the same queue as 1.6's.
/// </summary>
public sealed partial class ScenarioRunner
{
    private readonly Dictionary<int, StationTransaction> _stationTransactions = [];

    private async Task StartedEventAsync(int number, ScenarioStep step, StartTransactionStep start, CancellationToken cancellationToken)
    {
        var meter = MeterOf(start.ConnectorId);
        if (start.MeterStart is { } meterStart)
        {
            meter.SetRegister(meterStart);
        }

        int? remoteStartId;
        lock (_expectationLock)
        {
            remoteStartId = _remoteStartId;
            _remoteStartId = null;
        }

        var local = new LocalTransaction(start.ConnectorId, start.IdTag, meter.RegisterWh, start.Timestamp ?? meter.Clock.Now);
        var transaction = new StationTransaction(local, remoteStartId);
        _stationTransactions[start.ConnectorId] = transaction;
        _lastConnector = start.ConnectorId;
        var trigger = remoteStartId is null ? TriggerReasonEnumType.Authorized : TriggerReasonEnumType.RemoteStart;
        var request = Event(transaction, TransactionEventEnumType.Started, trigger, local.StartedAt, ChargingStateEnumType.Charging) with
        {
            IdToken = V201ScenarioPayloads.IdToken(start.IdTag),
            Evse = new EVSEType { Id = start.ConnectorId, ConnectorId = 1 },
            MeterValue = [SimulatedChargingStation.ToMeterValue(ConnectorMeter.RegisterSample(local.StartedAt, V16.ReadingContext.TransactionBegin, local.MeterStart))],
        };
        await QueueAsync(number, Queued(transaction, request), step.ExpectError, cancellationToken);
    }

    private async Task UpdatedEventsAsync(int number, ScenarioStep step, MeterValuesStep meterValues, CancellationToken cancellationToken)
    {
        var evseId = meterValues.ConnectorId ?? _lastConnector;
        var meter = MeterOf(evseId);
        for (var i = 1; i <= meterValues.Count; i++)
        {
            meter.AddEnergy(meterValues.EnergyStepWh);
            if (_stationTransactions.TryGetValue(evseId, out var transaction))
            {
                var sample = meter.Sample(meter.Clock.Advance(TimeSpan.Zero));
                var request = Event(transaction, TransactionEventEnumType.Updated, TriggerReasonEnumType.MeterValuePeriodic, sample.Timestamp, ChargingStateEnumType.Charging) with
                {
                    MeterValue = [SimulatedChargingStation.ToMeterValue(sample)],
                };
                await QueueAsync(number, Queued(transaction, request), step.ExpectError, cancellationToken);
            }
            else if (RequireOnline(number, "meterValues outside a transaction"))
            {
                var payload = V201Json.ToPayload(new MeterValuesRequest { EvseId = evseId, MeterValue = [V201ScenarioPayloads.Sample(meter)] });
                Check(number, "MeterValues", await _connection!.CallAsync("MeterValues", payload, CallTimeout, cancellationToken), step.ExpectError);
            }

            if (i < meterValues.Count && meterValues.IntervalSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(meterValues.IntervalSeconds), cancellationToken);
            }
        }
    }

    private async Task EndedEventAsync(int number, ScenarioStep step, StopTransactionStep stop, CancellationToken cancellationToken)
    {
        var evseId = stop.ConnectorId ?? _lastConnector;
        if (!_stationTransactions.Remove(evseId, out var transaction))
        {
            throw new InvalidDataException($"No transaction runs on EVSE {evseId}.");
        }

        var meter = MeterOf(evseId);
        if (stop.MeterStop is { } meterStop)
        {
            meter.SetRegister(meterStop);
        }

        var reason = stop.Reason is null ? V16.Reason.Local
            : Enum.TryParse<V16.Reason>(stop.Reason, out var parsed) ? parsed
            : throw new InvalidDataException($"'{stop.Reason}' is not a stop reason.");
        var (trigger, stoppedReason) = SimulatedChargingStation.EndOf(reason);
        var endedAt = meter.Clock.Advance(TimeSpan.Zero);
        var request = Event(transaction, TransactionEventEnumType.Ended, trigger, endedAt, ChargingStateEnumType.Idle) with
        {
            MeterValue = [SimulatedChargingStation.ToMeterValue(ConnectorMeter.RegisterSample(endedAt, V16.ReadingContext.TransactionEnd, meter.RegisterWh))],
        };
        request = request with { TransactionInfo = request.TransactionInfo with { StoppedReason = stoppedReason } };
        await QueueAsync(number, Queued(transaction, request), step.ExpectError, cancellationToken);
    }

    private TransactionEventRequest Event(
        StationTransaction transaction, TransactionEventEnumType type, TriggerReasonEnumType trigger, DateTimeOffset at, ChargingStateEnumType state) => new()
        {
            EventType = type,
            Timestamp = at,
            TriggerReason = trigger,
            SeqNo = transaction.NextSeqNo(),
            Offline = IsOnline ? null : true,
            TransactionInfo = new TransactionType
            {
                TransactionId = transaction.Id,
                ChargingState = state,
                RemoteStartId = type == TransactionEventEnumType.Started ? transaction.RemoteStartId : null,
            },
        };

    private static QueuedTransactionMessage Queued(StationTransaction transaction, TransactionEventRequest request)
    {
        var payload = V201Json.ToPayload(request);
        return new QueuedTransactionMessage("TransactionEvent", transaction.Local, _ => payload);
    }
}
