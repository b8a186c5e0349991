using System.Text.Json;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>The payloads a simulated charge point sends.</summary>
public sealed partial class SimulatedChargePoint
{
    private JsonElement BootPayload() => V16Json.ToPayload(new BootNotificationRequest
    {
        ChargePointVendor = _settings.Vendor,
        ChargePointModel = _settings.Model,
        ChargePointSerialNumber = Identity,
        FirmwareVersion = "1.0.0-sim",
        MeterType = "Simulated 3-phase",
    });

    /// <summary>Reports a connector's current status (0: the charge point as a whole).</summary>
    private Task<CallOutcome> SendStatusAsync(int connectorId, CancellationToken cancellationToken) =>
        CallAsync("StatusNotification", StatusPayload(connectorId), cancellationToken);

    private JsonElement StatusPayload(int connectorId) => V16Json.ToPayload(new StatusNotificationRequest
    {
        ConnectorId = connectorId,
        ErrorCode = ChargePointErrorCode.NoError,
        Status = connectorId == 0 ? WholeStatus() : _connectors[connectorId - 1].Status,
        Timestamp = DateTimeOffset.UtcNow,
    });

    private ChargePointStatus WholeStatus() =>
        _connectors.All(c => !c.IsOperative) ? ChargePointStatus.Unavailable : ChargePointStatus.Available;

    private JsonElement FloodPayload(string action, int iteration)
    {
        var connector = _connectors[iteration % _connectors.Length];
        return action switch
        {
            "StatusNotification" => StatusPayload(connector.Id),
            "MeterValues" => V16Json.ToPayload(new MeterValuesRequest
            {
                ConnectorId = connector.Id,
                TransactionId = connector.Session?.Transaction.TransactionId,
                MeterValue = [connector.Meter.Sample(connector.Meter.Clock.Advance(TimeSpan.Zero))],
            }),
            "Authorize" => V16Json.ToPayload(new AuthorizeRequest { IdTag = PickIdTag() }),
            "DataTransfer" => V16Json.ToPayload(new DataTransferRequest { VendorId = _settings.Vendor, MessageId = "Flood", Data = Identity }),
            _ => EmptyPayload,
        };
    }

    private string PickIdTag() => _settings.IdTags[_random.Next(_settings.IdTags.Count)];

    /// <summary>
    /// The driver of a connector's own sessions: connectors of the fleet take the tags in turn, so with at least
    /// as many tags as connectors no tag is ever in two sessions at once (which would be ConcurrentTx).
    /// </summary>
    private string IdTagOf(ConnectorState connector) =>
        _settings.IdTags[(int)(((((long)Number - 1) * _connectors.Length) + connector.Id - 1) % _settings.IdTags.Count)];

    private QueuedTransactionMessage StopMessage(LocalTransaction transaction, int meterStop, DateTimeOffset stoppedAt, Reason reason) =>
        TransactionMessages.Stop(transaction, meterStop, stoppedAt, reason, _ => _metrics.RecordTransaction(new CompletedTransaction(
            Identity, transaction.ConnectorId, transaction.TransactionId!.Value, transaction.IdTag, transaction.MeterStart, meterStop,
            transaction.MeterValuesSent, transaction.SampledValuesSent + TransactionMessages.StopSampledValues)));
}
