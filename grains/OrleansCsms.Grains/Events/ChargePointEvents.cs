namespace OrleansCsms.Grains;

/// <summary>
/// The events of the stream, built from the grains' own records, so their bodies read the same whatever OCPP version
/// the charge point speaks. Bodies stay small: who, what and the figures an operator watches, never a whole message.
/// </summary>
internal static class ChargePointEvents
{
    public static RaisedEvent Connected(string chargePointId, ChargePointSession session, DateTimeOffset now) =>
        RaisedEvent.Of(chargePointId, EventTypes.Connected, now, new
        {
            session.ConnectionId,
            session.Protocol,
            session.FrontEndId,
            session.RemoteAddress,
        });

    public static RaisedEvent Disconnected(string chargePointId, string connectionId, DateTimeOffset now) =>
        RaisedEvent.Of(chargePointId, EventTypes.Disconnected, now, new { connectionId });

    public static RaisedEvent Booted(string chargePointId, BootInfo boot, string status, DateTimeOffset now) =>
        RaisedEvent.Of(chargePointId, EventTypes.Booted, now, new
        {
            status,
            boot.Vendor,
            boot.Model,
            boot.FirmwareVersion,
            boot.ChargePointSerialNumber,
        });

    public static RaisedEvent StatusChanged(string chargePointId, int connectorId, ConnectorState connector, string? previousStatus, DateTimeOffset now) =>
        RaisedEvent.Of(chargePointId, EventTypes.StatusChanged, now, new
        {
            connectorId,
            connector.Status,
            previousStatus,
            connector.ErrorCode,
            connector.Info,
            connector.Timestamp,
        });

    public static RaisedEvent CommandAnswered(string chargePointId, string action, ChargePointCallResult result, DateTimeOffset now) =>
        RaisedEvent.Of(chargePointId, EventTypes.CommandAnswered, now, new
        {
            action,
            outcome = result.Outcome.ToString(),
            status = result.AnsweredStatus(),
            result.ErrorCode,
        });

    public static RaisedEvent TransactionStarted(TransactionState transaction, DateTimeOffset now) =>
        RaisedEvent.Of(transaction.ChargePointId, EventTypes.TransactionStarted, now, new
        {
            transaction.TransactionId,
            transaction.ConnectorId,
            transaction.IdTag,
            idTagStatus = transaction.StartIdTagStatus,
            transaction.MeterStart,
            transaction.ReservationId,
            timestamp = transaction.StartTimestamp,
        });

    public static RaisedEvent TransactionUpdated(TransactionState transaction, int readings, DateTimeOffset now) =>
        RaisedEvent.Of(transaction.ChargePointId, EventTypes.TransactionUpdated, now, new
        {
            transaction.TransactionId,
            transaction.ConnectorId,
            transaction.EnergyWh,
            readings,
            power = transaction.LastReadings.TryGetValue("Power.Active.Import", out var power) ? power : null,
            transaction.LastMeterValueAt,
        });

    public static RaisedEvent TransactionStopped(TransactionState transaction, DateTimeOffset now) =>
        RaisedEvent.Of(transaction.ChargePointId, EventTypes.TransactionStopped, now, new
        {
            transaction.TransactionId,
            transaction.ConnectorId,
            transaction.MeterStop,
            transaction.EnergyWh,
            reason = transaction.StopReason,
            transaction.EndedBy,
            timestamp = transaction.StopTimestamp,
        });

    public static RaisedEvent SecurityEvent(string chargePointId, SecurityEvent recorded) =>
        RaisedEvent.Of(chargePointId, EventTypes.SecurityEvent, recorded.ReceivedAt, new
        {
            recorded.Type,
            recorded.Timestamp,
            recorded.TechInfo,
            recorded.Critical,
        });

    public static RaisedEvent ChargingLimitChanged(string chargePointId, ExternalChargingLimit limit, DateTimeOffset now) =>
        RaisedEvent.Of(chargePointId, EventTypes.ChargingLimitChanged, now, new
        {
            limit.Source,
            limit.EvseId,
            limit.IsGridCritical,
            cleared = !limit.InForce,
            limits = limit.Schedules.Select(s => new { s.ChargingRateUnit, s.StartSchedule, s.Duration, periods = s.Periods.Count }),
        });

    /// <summary>How many sampled values a MeterValues carried.</summary>
    public static int Readings(IReadOnlyList<MeterValue> meterValues) => meterValues.Sum(m => m.SampledValues.Count);

}
