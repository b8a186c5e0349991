using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>
/// Answers OCPP 2.0.1 calls from charging stations: checks the action and validates the payload against the 2.0.1
/// schema, then hands the message to the same version-independent grains as 1.6. A reply is built only from what
/// the grain returns, i.e. after its effect is committed.
/// </summary>
internal sealed class V201CallHandler(ILogger<V201CallHandler> logger, IOptions<OcppOptions> options, IGrainFactory grains, TimeProvider time) : IOcppCallHandler
{
    private readonly int _maxEvseId = options.Value.MaxConnectorId;

    public async Task<OcppMessage> HandleAsync(ChargePointLink chargePoint, OcppCall call, CancellationToken cancellationToken)
    {
        if (!V201Actions.TryGet(call.Action, out var action))
        {
            return new OcppCallError(call.MessageId, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP 2.0.1 action.");
        }

        if (!action.IsSentByChargingStation)
        {
            return new OcppCallError(call.MessageId, OcppErrorCode.NotSupported, $"'{call.Action}' is sent by a CSMS, not by a charging station.");
        }

        var validation = V201Schemas.ValidateRequest(call.Action, call.Payload);
        if (!validation.IsValid)
        {
            return new OcppCallError(call.MessageId, validation.Code, validation.Description);
        }

        if (chargePoint.BootStatus is "Pending" or "Rejected" && !AllowedBeforeAcceptance(call.Action))
        {
            // B02/B03: until its boot is accepted a station sends nothing but boots and what the CSMS asked of it.
            return new OcppCallError(call.MessageId, OcppErrorCode.SecurityError, $"The boot of this station was answered {chargePoint.BootStatus}: send BootNotification until it is Accepted.");
        }

        if (EvseRefusal(call) is { } refusal)
        {
            return new OcppCallError(call.MessageId, OcppErrorCode.PropertyConstraintViolation, refusal);
        }

        return await OcppCallAnswers.AnswerAsync(call, () => DispatchAsync(chargePoint, call), chargePoint.Id, logger, cancellationToken);
    }

    /// <summary>The messages a station whose boot is Pending or Rejected may still send: boots, and the report parts a provisioning CSMS asked for.</summary>
    private static bool AllowedBeforeAcceptance(string action) => action is "BootNotification" or "NotifyReport";

    /// <summary>
    /// Why the EVSE a call names (StatusNotification, MeterValues, TransactionEvent) is refused, or null. The schema
    /// only says it is an integer; 0 is the station as a whole, where a connector's status or a transaction never is.
    /// </summary>
    private string? EvseRefusal(OcppCall call)
    {
        var evseId = call.Action switch
        {
            "TransactionEvent" when call.Payload.TryGetProperty("evse"u8, out var evse) => evse.GetProperty("id"u8).GetInt32(),
            "StatusNotification" or "MeterValues" => call.Payload.GetProperty("evseId"u8).GetInt32(),
            "NotifyEVChargingNeeds" or "NotifyEVChargingSchedule" or "ReportChargingProfiles" => call.Payload.GetProperty("evseId"u8).GetInt32(),
            _ => (int?)null,
        };
        return evseId switch
        {
            null => null,
            < 0 => $"evseId: {evseId} is negative; 0 is the charging station as a whole and 1 to {_maxEvseId} its EVSEs.",
            _ when evseId > _maxEvseId => $"evseId: {evseId} is above {_maxEvseId}, the highest EVSE id this CSMS accepts.",
            0 when call.Action is "StatusNotification" or "TransactionEvent" => $"evseId: a connector and a transaction are on an EVSE, 1 to {_maxEvseId}, never on 0, the charging station as a whole.",
            0 when call.Action is "NotifyEVChargingNeeds" or "NotifyEVChargingSchedule" => $"evseId: an EV charges on an EVSE, 1 to {_maxEvseId}, never on 0, the charging station as a whole.",
            _ => null,
        };
    }

    private async Task<JsonElement?> DispatchAsync(ChargePointLink link, OcppCall call) => call.Action switch
    {
        "BootNotification" => await BootAsync(link, V201Json.FromPayload<BootNotificationRequest>(call.Payload)),
        "Heartbeat" => V201Json.ToPayload(new HeartbeatConfirmation { CurrentTime = link.ForwardHeartbeat() ? await link.Grain.HeartbeatAsync() : time.GetUtcNow() }),
        "StatusNotification" => await StatusAsync(link.Grain, V201Json.FromPayload<StatusNotificationRequest>(call.Payload)),
        "Authorize" => await V201Authorization.AuthorizeAsync(grains, link, V201Json.FromPayload<AuthorizeRequest>(call.Payload), time.GetUtcNow()),
        "TransactionEvent" => await TransactionEventAsync(link, V201Json.FromPayload<TransactionEventRequest>(call.Payload)),
        "MeterValues" => await MeterValuesAsync(link, V201Json.FromPayload<MeterValuesRequest>(call.Payload)),
        "DataTransfer" => await DataTransferAsync(link.Grain, V201Json.FromPayload<DataTransferRequest>(call.Payload)),
        "FirmwareStatusNotification" => await FirmwareStatusAsync(link, V201Json.FromPayload<FirmwareStatusNotificationRequest>(call.Payload)),
        "LogStatusNotification" => await LogStatusAsync(link, V201Json.FromPayload<LogStatusNotificationRequest>(call.Payload)),
        "PublishFirmwareStatusNotification" => await V201FirmwareNotifications.PublishStatusAsync(link, grains, V201Json.FromPayload<PublishFirmwareStatusNotificationRequest>(call.Payload)),
        "SignCertificate" => await SignCertificateAsync(link, V201Json.FromPayload<SignCertificateRequest>(call.Payload)),
        "SecurityEventNotification" => await SecurityEventAsync(link, V201Json.FromPayload<SecurityEventNotificationRequest>(call.Payload)),
        "NotifyReport" => await NotifyReportAsync(link, V201Json.FromPayload<NotifyReportRequest>(call.Payload)),
        "NotifyEvent" => await NotifyEventAsync(link, V201Json.FromPayload<NotifyEventRequest>(call.Payload)),
        "ReportChargingProfiles" => await V201SmartCharging.ReportChargingProfilesAsync(grains, link, V201Json.FromPayload<ReportChargingProfilesRequest>(call.Payload)),
        "NotifyChargingLimit" => await V201SmartCharging.NotifyChargingLimitAsync(grains, link, V201Json.FromPayload<NotifyChargingLimitRequest>(call.Payload), time.GetUtcNow()),
        "ClearedChargingLimit" => await V201SmartCharging.ClearedChargingLimitAsync(grains, link, V201Json.FromPayload<ClearedChargingLimitRequest>(call.Payload)),
        "NotifyEVChargingNeeds" => await V201SmartCharging.NotifyEvChargingNeedsAsync(grains, link, V201Json.FromPayload<NotifyEVChargingNeedsRequest>(call.Payload)),
        "NotifyEVChargingSchedule" => await V201SmartCharging.NotifyEvChargingScheduleAsync(grains, link, V201Json.FromPayload<NotifyEVChargingScheduleRequest>(call.Payload)),
        "Get15118EVCertificate" => await V201Iso15118Certificates.Get15118EVCertificateAsync(grains, link, V201Json.FromPayload<Get15118EVCertificateRequest>(call.Payload)),
        "GetCertificateStatus" => await V201Iso15118Certificates.GetCertificateStatusAsync(grains, link, V201Json.FromPayload<GetCertificateStatusRequest>(call.Payload)),
        "NotifyDisplayMessages" => await V201DisplayMessages.NotifyAsync(grains, link.Id, V201Json.FromPayload<NotifyDisplayMessagesRequest>(call.Payload)),
        "NotifyMonitoringReport" => await V201Diagnostics.NotifyMonitoringReportAsync(link, grains, V201Json.FromPayload<NotifyMonitoringReportRequest>(call.Payload)),
        "NotifyCustomerInformation" => await V201Diagnostics.NotifyCustomerInformationAsync(link, grains, V201Json.FromPayload<NotifyCustomerInformationRequest>(call.Payload)),
        "ReservationStatusUpdate" => await V201Reservations.StatusUpdateAsync(link, grains, V201Json.FromPayload<ReservationStatusUpdateRequest>(call.Payload)),
        _ => null,
    };

    private static async Task<JsonElement> BootAsync(ChargePointLink link, BootNotificationRequest request)
    {
        var info = request.ChargingStation;
        var result = await link.Grain.BootAsync(new Domain.BootInfo(
            info.VendorName, info.Model, ChargePointSerialNumber: info.SerialNumber, FirmwareVersion: info.FirmwareVersion,
            Iccid: info.Modem?.Iccid, Imsi: info.Modem?.Imsi, Reason: OcppWireNames.Of(request.Reason)));
        link.BootStatus = result.Status;
        return V201Json.ToPayload(new BootNotificationConfirmation
        {
            Status = Enum.Parse<RegistrationStatusEnumType>(result.Status),
            CurrentTime = result.CurrentTime,
            Interval = result.IntervalSeconds,
        });
    }

    private static async Task<JsonElement> StatusAsync(Domain.IChargePointGrain station, StatusNotificationRequest request)
    {
        // 2.0.1 reports no error code with a status; a fault is told by NotifyEvent.
        await station.StatusAsync(new Domain.ConnectorStatusReport(
            request.EvseId, OcppWireNames.Of(request.ConnectorStatus), "NoError", request.Timestamp, EvseConnectorId: request.ConnectorId));
        return V201Json.ToPayload(new StatusNotificationConfirmation());
    }

    private async Task<JsonElement> TransactionEventAsync(ChargePointLink link, TransactionEventRequest request)
    {
        var report = V201Messages.ToDomain(request);
        Domain.IdTagInfo? tokenInfo;
        Domain.TransactionCost? cost;
        if (report.EventType == Domain.TransactionEventTypes.Updated && link.StationTransaction(report.StationTransactionId) is { } transactionId)
        {
            // The middle of a session goes to its transaction directly, as 1.6 meter values do: the station's grain,
            // which gave the id, hears only of starts and ends, and is free for the station's other messages.
            var outcome = await link.Transaction(transactionId, grains).ApplyEventAsync(link.Id, report);
            (tokenInfo, cost) = (outcome.IdTokenInfo, outcome.Cost);
        }
        else
        {
            var result = await link.Grain.TransactionEventAsync(report);
            link.RememberStationTransaction(report.StationTransactionId, result.TransactionId);
            (tokenInfo, cost) = (result.IdTokenInfo, result.Cost);
        }

        tokenInfo = await V201Authorization.UnknownWhenUnrecordedAsync(grains, request.IdToken?.IdToken, tokenInfo);
        return V201Json.ToPayload(new TransactionEventConfirmation
        {
            IdTokenInfo = tokenInfo is { } info ? V201Messages.ToIdTokenInfo(info) : null,
            TotalCost = cost?.Total,
            UpdatedPersonalMessage = V201Messages.CostMessage(cost),
        });
    }

    private static async Task<JsonElement> MeterValuesAsync(ChargePointLink link, MeterValuesRequest request)
    {
        // 2.0.1 sends a transaction's readings in its TransactionEvents: these belong to the EVSE (0: the main meter).
        await link.Grain.MeterValuesAsync(new Domain.MeterValuesReport(request.EvseId, null, V201Messages.ToDomain(request.MeterValue)));
        return V201Json.ToPayload(new MeterValuesConfirmation());
    }

    private static async Task<JsonElement> DataTransferAsync(Domain.IChargePointGrain station, DataTransferRequest request)
    {
        var data = request.Data is { } element ? (element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()) : null;
        var result = await station.DataTransferAsync(new Domain.DataTransferRequest(request.VendorId, request.MessageId, data));
        return V201Json.ToPayload(new DataTransferConfirmation
        {
            Status = Enum.Parse<DataTransferStatusEnumType>(result.Status),
            Data = result.Data is { } answer ? JsonSerializer.SerializeToElement(answer) : null,
        });
    }

    private async Task<JsonElement> FirmwareStatusAsync(ChargePointLink link, FirmwareStatusNotificationRequest request)
    {
        await JobStatusNotifications.RecordAsync(link, grains, "FirmwareStatusNotification", OcppWireNames.Of(request.Status), request.RequestId);
        return V201Json.ToPayload(new FirmwareStatusNotificationConfirmation());
    }

    private async Task<JsonElement> LogStatusAsync(ChargePointLink link, LogStatusNotificationRequest request)
    {
        await JobStatusNotifications.RecordAsync(link, grains, "LogStatusNotification", OcppWireNames.Of(request.Status), request.RequestId);
        return V201Json.ToPayload(new LogStatusNotificationConfirmation());
    }

    private async Task<JsonElement> SignCertificateAsync(ChargePointLink link, SignCertificateRequest request)
    {
        var status = await grains.GetGrain<Domain.IChargePointCertificatesGrain>(link.Id).SignCertificateAsync(request.Csr, OcppWireNames.Of(request.CertificateType));
        return V201Json.ToPayload(new SignCertificateConfirmation { Status = Enum.Parse<GenericStatusEnumType>(status) });
    }

    private async Task<JsonElement> SecurityEventAsync(ChargePointLink link, SecurityEventNotificationRequest request)
    {
        // Its own grain: recording a security event never waits behind the station's transaction messages.
        await grains.GetGrain<Domain.ISecurityEventLogGrain>(link.Id).RecordAsync(new Domain.SecurityEventReport(request.Type, request.Timestamp, request.TechInfo));
        return V201Json.ToPayload(new SecurityEventNotificationConfirmation());
    }

    private async Task<JsonElement> NotifyReportAsync(ChargePointLink link, NotifyReportRequest request)
    {
        // The device model is a grain of its own: a large report never holds up the station's transaction messages.
        await grains.GetGrain<Domain.IDeviceModelGrain>(link.Id).RecordReportAsync(V201DeviceModel.ToDomain(request));
        return V201Json.ToPayload(new NotifyReportConfirmation());
    }

    private async Task<JsonElement> NotifyEventAsync(ChargePointLink link, NotifyEventRequest request)
    {
        await grains.GetGrain<Domain.IDeviceModelGrain>(link.Id).RecordEventsAsync([.. request.EventData.Select(V201DeviceModel.ToDomain)]);
        return V201Json.ToPayload(new NotifyEventConfirmation());
    }
}
