using System.Text.Json;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>Answers to the central system's calls. Each answer is decided at once; what follows it runs after it is sent.</summary>
public sealed partial class SimulatedChargePoint
{
    private ServerCallReply OnServerCall(OcppCall call)
    {
        _metrics.RecordServerCall(call.Action);
        if (!V16Actions.TryGet(call.Action, out var action))
        {
            return Error(call, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP 1.6 action.");
        }

        if (!action.IsSentByCentralSystem)
        {
            return Error(call, OcppErrorCode.NotSupported, $"'{call.Action}' is sent by charge points.");
        }

        var validation = V16Schemas.ValidateRequest(call.Action, call.Payload);
        if (!validation.IsValid)
        {
            return new ServerCallReply(validation.ToCallError(call.MessageId));
        }

        try
        {
            return Answer(call);
        }
        catch (JsonException ex)
        {
            return Error(call, OcppErrorCode.FormationViolation, ex.Message);
        }
    }

    private ServerCallReply Answer(OcppCall call) =>
        call.Action switch
        {
            "RemoteStartTransaction" => RemoteStart(call, Read<RemoteStartTransactionRequest>(call)),
            "RemoteStopTransaction" => RemoteStop(call, Read<RemoteStopTransactionRequest>(call)),
            "Reset" => Reply(call, new ResetConfirmation { Status = ResetStatus.Accepted }, () => RebootAsync(Read<ResetRequest>(call).Type)),
            "UnlockConnector" => Unlock(call, Read<UnlockConnectorRequest>(call)),
            "ChangeAvailability" => ChangeAvailability(call, Read<ChangeAvailabilityRequest>(call)),
            "GetConfiguration" => Reply(call, Configuration.Get(Read<GetConfigurationRequest>(call).Key)),
            "ChangeConfiguration" => ChangeConfiguration(call, Read<ChangeConfigurationRequest>(call)),
            "TriggerMessage" => Trigger(call, Read<TriggerMessageRequest>(call)),
            "ClearCache" => Reply(call, new ClearCacheConfirmation { Status = ClearCacheStatus.Accepted }),
            "DataTransfer" => Reply(call, new DataTransferConfirmation { Status = DataTransferStatus.Accepted, Data = Read<DataTransferRequest>(call).Data }),
            _ => Error(call, OcppErrorCode.NotSupported, $"This simulator does not support {call.Action}."),
        };

    private ServerCallReply RemoteStart(OcppCall call, RemoteStartTransactionRequest request)
    {
        var connector = request.ConnectorId is { } id
            ? ConnectorOrNull(id)
            : _connectors.FirstOrDefault(c => c.IsOperative && !c.IsReserved);
        if (_settings.RemoteStart == RemoteStartBehaviour.Reject || connector is null || !connector.IsOperative)
        {
            return Reply(call, new RemoteStartTransactionConfirmation { Status = RemoteStartStopStatus.Rejected });
        }

        if (_settings.RemoteStart == RemoteStartBehaviour.AcceptOnly)
        {
            return Reply(call, new RemoteStartTransactionConfirmation { Status = RemoteStartStopStatus.Accepted });
        }

        if (!connector.TryReserve())
        {
            return Reply(call, new RemoteStartTransactionConfirmation { Status = RemoteStartStopStatus.Rejected });
        }

        return Reply(call, new RemoteStartTransactionConfirmation { Status = RemoteStartStopStatus.Accepted }, () =>
        {
            _ = ChargeSessionAsync(connector, request.IdTag, remote: true);
            return Task.CompletedTask;
        });
    }

    private ServerCallReply RemoteStop(OcppCall call, RemoteStopTransactionRequest request)
    {
        var connector = _connectors.FirstOrDefault(c => c.Session?.Transaction.TransactionId == request.TransactionId);
        return connector is null
            ? Reply(call, new RemoteStopTransactionConfirmation { Status = RemoteStartStopStatus.Rejected })
            : Reply(call, new RemoteStopTransactionConfirmation { Status = RemoteStartStopStatus.Accepted }, () =>
            {
                connector.RequestStop(Reason.Remote);
                return Task.CompletedTask;
            });
    }

    private ServerCallReply Unlock(OcppCall call, UnlockConnectorRequest request)
    {
        if (ConnectorOrNull(request.ConnectorId) is not { } connector)
        {
            return Reply(call, new UnlockConnectorConfirmation { Status = UnlockStatus.NotSupported });
        }

        return Reply(call, new UnlockConnectorConfirmation { Status = UnlockStatus.Unlocked }, () =>
        {
            connector.RequestStop(Reason.UnlockCommand);
            return Task.CompletedTask;
        });
    }

    private ServerCallReply ChangeAvailability(OcppCall call, ChangeAvailabilityRequest request)
    {
        var targets = request.ConnectorId == 0 ? _connectors : ConnectorOrNull(request.ConnectorId) is { } one ? [one] : [];
        if (targets.Length == 0)
        {
            return Reply(call, new ChangeAvailabilityConfirmation { Status = AvailabilityStatus.Rejected });
        }

        var operative = request.Type == AvailabilityType.Operative;
        var scheduled = false;
        foreach (var connector in targets)
        {
            if (!operative && connector.Session is not null)
            {
                connector.InoperativeScheduled = true;
                scheduled = true;
                continue;
            }

            connector.InoperativeScheduled = false;
            connector.IsOperative = operative;
            if (connector.Session is null)
            {
                connector.Status = operative ? ChargePointStatus.Available : ChargePointStatus.Unavailable;
            }
        }

        var confirmation = new ChangeAvailabilityConfirmation { Status = scheduled ? AvailabilityStatus.Scheduled : AvailabilityStatus.Accepted };
        return Reply(call, confirmation, async () =>
        {
            var reported = request.ConnectorId == 0 ? targets.Select(c => c.Id).Prepend(0) : targets.Select(c => c.Id);
            foreach (var id in reported)
            {
                await SendStatusAsync(id, _running);
            }
        });
    }

    private ServerCallReply ChangeConfiguration(OcppCall call, ChangeConfigurationRequest request) =>
        Reply(call, new ChangeConfigurationConfirmation { Status = Configuration.Change(request.Key, request.Value) });

    private ServerCallReply Trigger(OcppCall call, TriggerMessageRequest request)
    {
        if (request.ConnectorId is { } id && (id < 0 || id > _connectors.Length))
        {
            return Reply(call, new TriggerMessageConfirmation { Status = TriggerMessageStatus.Rejected });
        }

        Func<Task> send = request.RequestedMessage switch
        {
            MessageTrigger.BootNotification => TriggeredBootAsync,
            MessageTrigger.Heartbeat => () => CallAsync("Heartbeat", EmptyPayload, _running),
            MessageTrigger.StatusNotification => () => TriggeredStatusAsync(request.ConnectorId),
            MessageTrigger.MeterValues => () => TriggeredMeterValuesAsync(request.ConnectorId),
            MessageTrigger.DiagnosticsStatusNotification => () => CallAsync(
                "DiagnosticsStatusNotification", V16Json.ToPayload(new DiagnosticsStatusNotificationRequest { Status = DiagnosticsStatus.Idle }), _running),
            _ => () => CallAsync(
                "FirmwareStatusNotification", V16Json.ToPayload(new FirmwareStatusNotificationRequest { Status = FirmwareStatus.Idle }), _running),
        };
        return Reply(call, new TriggerMessageConfirmation { Status = TriggerMessageStatus.Accepted }, send);
    }

    private async Task TriggeredStatusAsync(int? connectorId)
    {
        foreach (var id in connectorId is { } one ? [one] : _connectors.Select(c => c.Id).Prepend(0))
        {
            await SendStatusAsync(id, _running);
        }
    }

    private async Task TriggeredMeterValuesAsync(int? connectorId)
    {
        foreach (var connector in connectorId is { } one and > 0 ? [_connectors[one - 1]] : _connectors)
        {
            var payload = V16Json.ToPayload(new MeterValuesRequest
            {
                ConnectorId = connector.Id,
                TransactionId = connector.Session?.Transaction.TransactionId,
                MeterValue = [connector.Meter.Sample(connector.Meter.Clock.Advance(TimeSpan.Zero), ReadingContext.Trigger)],
            });
            await CallAsync("MeterValues", payload, _running);
        }
    }

    private async Task TriggeredBootAsync()
    {
        var outcome = await CallAsync("BootNotification", BootPayload(), requiresBoot: false, _running);
        if (outcome.IsResult && TryRead<BootNotificationConfirmation>(outcome.Payload) is { Status: RegistrationStatus.Accepted } confirmation)
        {
            ApplyBootInterval(confirmation.Interval);
        }
    }

    /// <summary>A reset: sessions stop with the reset as reason, the connection closes, and the charge point boots again.</summary>
    private async Task RebootAsync(ResetType type)
    {
        var reason = type == ResetType.Hard ? Reason.HardReset : Reason.SoftReset;
        foreach (var connector in _connectors)
        {
            connector.RequestStop(reason);
        }

        // Sessions get a moment to queue their StopTransaction before the connection goes.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (Volatile.Read(ref _runningSessions) > 0 && !patience.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        _rebooting = true;
        _booted = false;
        if (_connection is { } connection)
        {
            await connection.CloseAsync("Rebooting.");
        }
    }

    private ConnectorState? ConnectorOrNull(int connectorId) =>
        connectorId >= 1 && connectorId <= _connectors.Length ? _connectors[connectorId - 1] : null;

    private static T Read<T>(OcppCall call)
        where T : class => V16Json.FromPayload<T>(call.Payload);

    private static ServerCallReply Reply<T>(OcppCall call, T confirmation, Func<Task>? afterReply = null)
        where T : class => new(new OcppCallResult(call.MessageId, V16Json.ToPayload(confirmation)), afterReply);

    private static ServerCallReply Error(OcppCall call, OcppErrorCode code, string description) =>
        new(new OcppCallError(call.MessageId, code, description));
}
