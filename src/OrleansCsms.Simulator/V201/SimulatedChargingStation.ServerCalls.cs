using System.Text.Json;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V201;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>Answers to the CSMS's calls. Each answer is decided at once; what follows it runs after it is sent.</summary>
public sealed partial class SimulatedChargingStation
{
    private ServerCallReply OnServerCall(OcppCall call)
    {
        _metrics.RecordServerCall(call.Action);
        if (!V201Actions.TryGet(call.Action, out var action))
        {
            return Error(call, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP 2.0.1 action.");
        }

        if (!action.IsSentByCsms)
        {
            return Error(call, OcppErrorCode.NotSupported, $"'{call.Action}' is sent by charging stations.");
        }

        var validation = V201Schemas.ValidateRequest(call.Action, call.Payload);
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
            "RequestStartTransaction" => RequestStart(call, Read<RequestStartTransactionRequest>(call)),
            "RequestStopTransaction" => RequestStop(call, Read<RequestStopTransactionRequest>(call)),
            "Reset" => Reset(call, Read<ResetRequest>(call)),
            "UnlockConnector" => Unlock(call, Read<UnlockConnectorRequest>(call)),
            "ChangeAvailability" => ChangeAvailability(call, Read<ChangeAvailabilityRequest>(call)),
            "TriggerMessage" => Trigger(call, Read<TriggerMessageRequest>(call)),
            "GetVariables" => Reply(call, new GetVariablesConfirmation
            {
                GetVariableResult = [.. Read<GetVariablesRequest>(call).GetVariableData.Select(DeviceModel.Get)],
            }),
            "SetVariables" => Reply(call, new SetVariablesConfirmation
            {
                SetVariableResult = [.. Read<SetVariablesRequest>(call).SetVariableData.Select(DeviceModel.Set)],
            }),
            "GetTransactionStatus" => TransactionStatus(call, Read<GetTransactionStatusRequest>(call)),
            "ClearCache" => Reply(call, new ClearCacheConfirmation { Status = ClearCacheStatusEnumType.Accepted }),
            "UpdateFirmware" => UpdateFirmware(call, Read<UpdateFirmwareRequest>(call)),
            "DataTransfer" => Reply(call, new DataTransferConfirmation { Status = DataTransferStatusEnumType.Accepted, Data = Read<DataTransferRequest>(call).Data }),
            _ => Error(call, OcppErrorCode.NotSupported, $"This simulator does not support {call.Action}."),
        };

    private ServerCallReply RequestStart(OcppCall call, RequestStartTransactionRequest request)
    {
        var connector = request.EvseId is { } id
            ? ConnectorOrNull(id)
            : _connectors.FirstOrDefault(c => c.IsOperative && !c.IsReserved);
        if (_settings.RemoteStart == RemoteStartBehaviour.Reject || connector is null || !connector.IsOperative)
        {
            return Reply(call, new RequestStartTransactionConfirmation { Status = RequestStartStopStatusEnumType.Rejected });
        }

        if (_settings.RemoteStart == RemoteStartBehaviour.AcceptOnly)
        {
            return Reply(call, new RequestStartTransactionConfirmation { Status = RequestStartStopStatusEnumType.Accepted });
        }

        if (!connector.TryReserve())
        {
            return Reply(call, new RequestStartTransactionConfirmation
            {
                Status = RequestStartStopStatusEnumType.Rejected,
                TransactionId = _transactions[connector.Id - 1]?.Id,
            });
        }

        return Reply(call, new RequestStartTransactionConfirmation { Status = RequestStartStopStatusEnumType.Accepted }, () =>
        {
            _ = ChargeSessionAsync(connector, request.IdToken.IdToken, request.RemoteStartId);
            return Task.CompletedTask;
        });
    }

    private ServerCallReply RequestStop(OcppCall call, RequestStopTransactionRequest request)
    {
        var index = Array.FindIndex(_transactions, t => t?.Id == request.TransactionId);
        return index < 0
            ? Reply(call, new RequestStopTransactionConfirmation { Status = RequestStartStopStatusEnumType.Rejected })
            : Reply(call, new RequestStopTransactionConfirmation { Status = RequestStartStopStatusEnumType.Accepted }, () =>
            {
                _connectors[index].RequestStop(V16.Reason.Remote);
                return Task.CompletedTask;
            });
    }

    private ServerCallReply TransactionStatus(OcppCall call, GetTransactionStatusRequest request)
    {
        var queued = _queue.Count > 0;
        var ongoing = request.TransactionId is { } id && _transactions.Any(t => t?.Id == id);
        return Reply(call, new GetTransactionStatusConfirmation
        {
            MessagesInQueue = queued,
            OngoingIndicator = request.TransactionId is null ? null : ongoing,
        });
    }

    /// <summary>A reset of the station reboots it; an OnIdle reset waits for nothing here, since its sessions end with it.</summary>
    private ServerCallReply Reset(OcppCall call, ResetRequest request) =>
        request.EvseId is { } evseId && ConnectorOrNull(evseId) is null
            ? Reply(call, new ResetConfirmation { Status = ResetStatusEnumType.Rejected })
            : Reply(call, new ResetConfirmation { Status = ResetStatusEnumType.Accepted }, () => RebootAsync(request.EvseId));

    private ServerCallReply Unlock(OcppCall call, UnlockConnectorRequest request)
    {
        if (ConnectorOrNull(request.EvseId) is not { } connector || request.ConnectorId != 1)
        {
            return Reply(call, new UnlockConnectorConfirmation { Status = UnlockStatusEnumType.UnknownConnector });
        }

        return connector.Session is not null
            ? Reply(call, new UnlockConnectorConfirmation { Status = UnlockStatusEnumType.OngoingAuthorizedTransaction })
            : Reply(call, new UnlockConnectorConfirmation { Status = UnlockStatusEnumType.Unlocked });
    }

    private ServerCallReply ChangeAvailability(OcppCall call, ChangeAvailabilityRequest request)
    {
        ConnectorState[] targets = request.Evse is null or { Id: 0 } ? _connectors
            : ConnectorOrNull(request.Evse.Id) is { } one && request.Evse.ConnectorId is null or 1 ? [one] : [];
        if (targets.Length == 0)
        {
            return Reply(call, new ChangeAvailabilityConfirmation { Status = ChangeAvailabilityStatusEnumType.Rejected });
        }

        var operative = request.OperationalStatus == OperationalStatusEnumType.Operative;
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
                connector.Status = operative ? V16.ChargePointStatus.Available : V16.ChargePointStatus.Unavailable;
            }
        }

        var status = scheduled ? ChangeAvailabilityStatusEnumType.Scheduled : ChangeAvailabilityStatusEnumType.Accepted;
        return Reply(call, new ChangeAvailabilityConfirmation { Status = status }, async () =>
        {
            foreach (var connector in targets)
            {
                await SendStatusAsync(connector.Id, _running);
            }
        });
    }

    private ServerCallReply Trigger(OcppCall call, TriggerMessageRequest request)
    {
        var evseId = request.Evse?.Id;
        if (evseId is { } id && id != 0 && ConnectorOrNull(id) is null)
        {
            return Reply(call, new TriggerMessageConfirmation { Status = TriggerMessageStatusEnumType.Rejected });
        }

        Func<Task>? send = request.RequestedMessage switch
        {
            MessageTriggerEnumType.BootNotification => TriggeredBootAsync,
            MessageTriggerEnumType.Heartbeat => () => CallAsync("Heartbeat", EmptyPayload, _running),
            MessageTriggerEnumType.StatusNotification => () => TriggeredStatusAsync(evseId),
            MessageTriggerEnumType.MeterValues => () => TriggeredMeterValuesAsync(evseId),
            MessageTriggerEnumType.TransactionEvent => () => TriggeredTransactionEventsAsync(evseId),
            MessageTriggerEnumType.FirmwareStatusNotification => () => CallAsync(
                "FirmwareStatusNotification", V201Json.ToPayload(new FirmwareStatusNotificationRequest { Status = FirmwareStatusEnumType.Idle }), _running),
            MessageTriggerEnumType.LogStatusNotification => () => CallAsync(
                "LogStatusNotification", V201Json.ToPayload(new LogStatusNotificationRequest { Status = UploadLogStatusEnumType.Idle }), _running),
            _ => null,
        };
        return send is null
            ? Reply(call, new TriggerMessageConfirmation { Status = TriggerMessageStatusEnumType.NotImplemented })
            : Reply(call, new TriggerMessageConfirmation { Status = TriggerMessageStatusEnumType.Accepted }, send);
    }

    private IEnumerable<ConnectorState> Targets(int? evseId) =>
        evseId is { } id and > 0 ? [_connectors[id - 1]] : _connectors;

    private async Task TriggeredStatusAsync(int? evseId)
    {
        foreach (var connector in Targets(evseId))
        {
            await SendStatusAsync(connector.Id, _running);
        }
    }

    private async Task TriggeredMeterValuesAsync(int? evseId)
    {
        foreach (var connector in Targets(evseId))
        {
            var sample = connector.Meter.Sample(connector.Meter.Clock.Advance(TimeSpan.Zero), V16.ReadingContext.Trigger);
            await CallAsync("MeterValues", V201Json.ToPayload(new MeterValuesRequest { EvseId = connector.Id, MeterValue = [ToMeterValue(sample)] }), _running);
        }
    }

    /// <summary>A triggered TransactionEvent is an Updated event of each running transaction, queued behind the ones before it.</summary>
    private async Task TriggeredTransactionEventsAsync(int? evseId)
    {
        foreach (var connector in Targets(evseId))
        {
            if (_transactions[connector.Id - 1] is { } transaction)
            {
                var sample = connector.Meter.Sample(connector.Meter.Clock.Advance(TimeSpan.Zero), V16.ReadingContext.Trigger);
                await _queue.EnqueueAsync(UpdatedEvent(transaction, TriggerReasonEnumType.Trigger, sample), _running);
            }
        }
    }

    private async Task TriggeredBootAsync()
    {
        var outcome = await CallAsync("BootNotification", BootPayload(BootReasonEnumType.Triggered), requiresBoot: false, _running);
        if (outcome.IsResult && TryRead<BootNotificationConfirmation>(outcome.Payload) is { Status: RegistrationStatusEnumType.Accepted } confirmation)
        {
            ApplyBootInterval(confirmation.Interval);
        }
    }

    /// <summary>
    /// A reset: the sessions on the reset EVSE (or all) end with ImmediateReset; a station reset also closes the
    /// connection and boots again with reason RemoteReset.
    /// </summary>
    private async Task RebootAsync(int? evseId)
    {
        foreach (var connector in Targets(evseId))
        {
            connector.RequestStop(V16.Reason.HardReset);
        }

        if (evseId is > 0)
        {
            return;
        }

        // Sessions get a moment to queue their Ended event before the connection goes.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (Volatile.Read(ref _runningSessions) > 0 && !patience.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        _rebooting = true;
        _booted = false;
        _bootReason = BootReasonEnumType.RemoteReset;
        if (_connection is { } connection)
        {
            await connection.CloseAsync("Rebooting.");
        }
    }

    private ConnectorState? ConnectorOrNull(int evseId) =>
        evseId >= 1 && evseId <= _connectors.Length ? _connectors[evseId - 1] : null;

    private static T Read<T>(OcppCall call)
        where T : class => V201Json.FromPayload<T>(call.Payload);

    private static ServerCallReply Reply<T>(OcppCall call, T confirmation, Func<Task>? afterReply = null)
        where T : class => new(new OcppCallResult(call.MessageId, V201Json.ToPayload(confirmation)), afterReply);

    private static ServerCallReply Error(OcppCall call, OcppErrorCode code, string description) =>
        new(new OcppCallError(call.MessageId, code, description));
}
