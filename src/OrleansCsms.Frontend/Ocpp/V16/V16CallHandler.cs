using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V16;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V16;

/// <summary>
/// Answers OCPP 1.6 calls from charge points: checks the action and validates the payload against the 1.6
/// schema, then hands the message to the charge point's grain in version-independent terms. A reply is built
/// only from what the grain returns, i.e. after its effect is committed.
/// </summary>
internal sealed class V16CallHandler(ILogger<V16CallHandler> logger, IOptions<OcppOptions> options, IGrainFactory grains, TimeProvider time) : IOcppCallHandler
{
    private readonly int _maxConnectorId = options.Value.MaxConnectorId;

    public async Task<OcppMessage> HandleAsync(ChargePointLink chargePoint, OcppCall call, CancellationToken cancellationToken)
    {
        if (!V16Actions.TryGet(call.Action, out var action))
        {
            return new OcppCallError(call.MessageId, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP 1.6 action.");
        }

        if (!action.IsSentByChargePoint)
        {
            return new OcppCallError(call.MessageId, OcppErrorCode.NotSupported, $"'{call.Action}' is sent by a central system, not by a charge point.");
        }

        var validation = V16Schemas.ValidateRequest(call.Action, call.Payload);
        if (!validation.IsValid)
        {
            return new OcppCallError(call.MessageId, validation.Code, validation.Description);
        }

        if (ConnectorRefusal(call) is { } refusal)
        {
            return new OcppCallError(call.MessageId, OcppErrorCode.PropertyConstraintViolation, refusal);
        }

        return await OcppCallAnswers.AnswerAsync(call, () => DispatchAsync(chargePoint, call), chargePoint.Id, logger, cancellationToken);
    }

    /// <summary>
    /// Why the connectorId the call names (StatusNotification, MeterValues, StartTransaction) is refused, or null. The
    /// schema only says it is an integer; 0 is the charge point as a whole, and a transaction is always on a connector.
    /// </summary>
    private string? ConnectorRefusal(OcppCall call)
    {
        if (!call.Payload.TryGetProperty("connectorId"u8, out var property) || !property.TryGetInt32(out var connectorId))
        {
            return null;
        }

        return connectorId switch
        {
            < 0 => $"connectorId: {connectorId} is negative; 0 is the charge point as a whole and 1 to {_maxConnectorId} its connectors.",
            _ when connectorId > _maxConnectorId => $"connectorId: {connectorId} is above {_maxConnectorId}, the highest connector id this central system accepts.",
            0 when call.Action == "StartTransaction" => $"connectorId: a transaction is on a connector, 1 to {_maxConnectorId}, never on 0, the charge point as a whole.",
            _ => null,
        };
    }

    private async Task<JsonElement?> DispatchAsync(ChargePointLink link, OcppCall call)
    {
        var chargePoint = link.Grain;
        return call.Action switch
        {
            "BootNotification" => await BootAsync(chargePoint, V16Json.FromPayload<BootNotificationRequest>(call.Payload)),
            "Heartbeat" => V16Json.ToPayload(new HeartbeatConfirmation { CurrentTime = link.ForwardHeartbeat() ? await chargePoint.HeartbeatAsync() : time.GetUtcNow() }),
            "StatusNotification" => await StatusAsync(chargePoint, V16Json.FromPayload<StatusNotificationRequest>(call.Payload)),
            "Authorize" => V16Json.ToPayload(new AuthorizeConfirmation
            {
                // The tag's status never depends on the charge point: asked of the tag itself, it never waits behind the charge point's writes.
                IdTagInfo = ToV16(await grains.GetGrain<Domain.IIdTagGrain>(V16Json.FromPayload<AuthorizeRequest>(call.Payload).IdTag).AuthorizeAsync()),
            }),
            "StartTransaction" => await StartAsync(chargePoint, V16Json.FromPayload<StartTransactionRequest>(call.Payload)),
            "MeterValues" => await MeterValuesAsync(link, V16Json.FromPayload<MeterValuesRequest>(call.Payload)),
            "StopTransaction" => await StopAsync(chargePoint, V16Json.FromPayload<StopTransactionRequest>(call.Payload)),
            "DataTransfer" => await DataTransferAsync(chargePoint, V16Json.FromPayload<DataTransferRequest>(call.Payload)),
            "DiagnosticsStatusNotification" => await JobStatusAsync(
                link, call.Action, OcppWireNames.Of(V16Json.FromPayload<DiagnosticsStatusNotificationRequest>(call.Payload).Status), null,
                V16Json.ToPayload(new DiagnosticsStatusNotificationConfirmation())),
            "FirmwareStatusNotification" => await JobStatusAsync(
                link, call.Action, OcppWireNames.Of(V16Json.FromPayload<FirmwareStatusNotificationRequest>(call.Payload).Status), null,
                V16Json.ToPayload(new FirmwareStatusNotificationConfirmation())),
            "LogStatusNotification" => await LogStatusAsync(link, call),
            "SignedFirmwareStatusNotification" => await SignedFirmwareStatusAsync(link, call),
            "SignCertificate" => await SignCertificateAsync(link, V16Json.FromPayload<SignCertificateRequest>(call.Payload)),
            "SecurityEventNotification" => await SecurityEventAsync(link, V16Json.FromPayload<SecurityEventNotificationRequest>(call.Payload)),
            _ => null,
        };
    }

    private static async Task<JsonElement> BootAsync(Domain.IChargePointGrain chargePoint, BootNotificationRequest request)
    {
        var result = await chargePoint.BootAsync(new Domain.BootInfo(
            request.ChargePointVendor, request.ChargePointModel, request.ChargePointSerialNumber, request.ChargeBoxSerialNumber,
            request.FirmwareVersion, request.Iccid, request.Imsi, request.MeterType, request.MeterSerialNumber));
        return V16Json.ToPayload(new BootNotificationConfirmation
        {
            Status = Enum.Parse<RegistrationStatus>(result.Status),
            CurrentTime = result.CurrentTime,
            Interval = result.IntervalSeconds,
        });
    }

    private static async Task<JsonElement> StatusAsync(Domain.IChargePointGrain chargePoint, StatusNotificationRequest request)
    {
        await chargePoint.StatusAsync(new Domain.ConnectorStatusReport(
            request.ConnectorId, OcppWireNames.Of(request.Status), OcppWireNames.Of(request.ErrorCode), request.Timestamp,
            request.Info, request.VendorId, request.VendorErrorCode));
        return V16Json.ToPayload(new StatusNotificationConfirmation());
    }

    private static async Task<JsonElement> StartAsync(Domain.IChargePointGrain chargePoint, StartTransactionRequest request)
    {
        var result = await chargePoint.StartTransactionAsync(new Domain.StartTransactionRequest(
            request.ConnectorId, request.IdTag, request.Timestamp, request.MeterStart, request.ReservationId));
        return V16Json.ToPayload(new StartTransactionConfirmation { TransactionId = result.TransactionId, IdTagInfo = ToV16(result.IdTagInfo) });
    }

    private async Task<JsonElement> MeterValuesAsync(ChargePointLink link, MeterValuesRequest request)
    {
        var meterValues = ToDomain(request.MeterValue);
        if (request.TransactionId is int transactionId && transactionId > 0)
        {
            // Readings of a transaction go to it directly: it alone decides whether they are its own (another charge
            // point's or an unknown transaction's are kept against the connector), and the charge point's grain is
            // free for its other messages.
            await link.Transaction(transactionId, grains).AddMeterValuesAsync(link.Id, request.ConnectorId, meterValues);
        }
        else
        {
            await link.Grain.MeterValuesAsync(new Domain.MeterValuesReport(request.ConnectorId, request.TransactionId, meterValues));
        }

        return V16Json.ToPayload(new MeterValuesConfirmation());
    }

    private static async Task<JsonElement> StopAsync(Domain.IChargePointGrain chargePoint, StopTransactionRequest request)
    {
        var idTagInfo = await chargePoint.StopTransactionAsync(new Domain.StopTransactionRequest(
            request.TransactionId, request.Timestamp, request.MeterStop, request.IdTag, OcppWireNames.Of(request.Reason),
            request.TransactionData is { } data ? ToDomain(data) : null));
        return V16Json.ToPayload(new StopTransactionConfirmation { IdTagInfo = idTagInfo is null ? null : ToV16(idTagInfo) });
    }

    private static async Task<JsonElement> DataTransferAsync(Domain.IChargePointGrain chargePoint, DataTransferRequest request)
    {
        var result = await chargePoint.DataTransferAsync(new Domain.DataTransferRequest(request.VendorId, request.MessageId, request.Data));
        return V16Json.ToPayload(new DataTransferConfirmation { Status = Enum.Parse<DataTransferStatus>(result.Status), Data = result.Data });
    }

    private Task<JsonElement> LogStatusAsync(ChargePointLink link, OcppCall call)
    {
        var request = V16Json.FromPayload<LogStatusNotificationRequest>(call.Payload);
        return JobStatusAsync(link, call.Action, OcppWireNames.Of(request.Status), request.RequestId, V16Json.ToPayload(new LogStatusNotificationConfirmation()));
    }

    private Task<JsonElement> SignedFirmwareStatusAsync(ChargePointLink link, OcppCall call)
    {
        var request = V16Json.FromPayload<SignedFirmwareStatusNotificationRequest>(call.Payload);
        return JobStatusAsync(
            link, call.Action, OcppWireNames.Of(request.Status), request.RequestId, V16Json.ToPayload(new SignedFirmwareStatusNotificationConfirmation()));
    }

    private async Task<JsonElement> JobStatusAsync(ChargePointLink link, string action, string status, int? requestId, JsonElement confirmation)
    {
        await JobStatusNotifications.RecordAsync(link, grains, action, status, requestId);
        return confirmation;
    }

    private async Task<JsonElement> SignCertificateAsync(ChargePointLink link, SignCertificateRequest request)
    {
        var status = await grains.GetGrain<Domain.IChargePointCertificatesGrain>(link.Id).SignCertificateAsync(request.Csr);
        return V16Json.ToPayload(new SignCertificateConfirmation { Status = Enum.Parse<GenericStatusEnumType>(status) });
    }

    private async Task<JsonElement> SecurityEventAsync(ChargePointLink link, SecurityEventNotificationRequest request)
    {
        // Its own grain: recording a security event never waits behind the charge point's transaction messages.
        await grains.GetGrain<Domain.ISecurityEventLogGrain>(link.Id).RecordAsync(new Domain.SecurityEventReport(request.Type, request.Timestamp, request.TechInfo));
        return V16Json.ToPayload(new SecurityEventNotificationConfirmation());
    }

    private static List<Domain.MeterValue> ToDomain(IReadOnlyList<MeterValue> meterValues) =>
        [.. meterValues.Select(m => new Domain.MeterValue(m.Timestamp, [.. m.SampledValue.Select(s => new Domain.SampledValue(
            s.Value, OcppWireNames.Of(s.Context), OcppWireNames.Of(s.Format), OcppWireNames.Of(s.Measurand), OcppWireNames.Of(s.Phase),
            OcppWireNames.Of(s.Location), OcppWireNames.Of(s.Unit)))]))];

    private static IdTagInfo ToV16(Domain.IdTagInfo info) => new()
    {
        Status = Enum.Parse<AuthorizationStatus>(info.Status),
        ExpiryDate = info.ExpiryDate,
        // A 2.0.1 group token may be longer than 1.6's CiString20: a 1.6 charge point is told the status without it.
        ParentIdTag = info.ParentIdTag is { Length: <= Api.IdTagRules.V16MaxLength } parent ? parent : null,
    };
}
