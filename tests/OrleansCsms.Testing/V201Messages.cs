using System.Globalization;

namespace OrleansCsms.Testing;

/// <summary>Builders of OCPP 2.0.1 charging station messages with realistic defaults, so tests state only what matters to them.</summary>
public static class V201Messages
{
    public static object BootNotification(string reason = "PowerUp", string vendor = "Acme", string model = "FastCharger 201") => new
    {
        reason,
        chargingStation = new
        {
            serialNumber = "CSSN-0201",
            model,
            vendorName = vendor,
            firmwareVersion = "2.0.1-r7",
            modem = new { iccid = "89314404000112345678", imsi = "262011234567890" },
        },
    };

    public static object StatusNotification(int evseId, string connectorStatus, int connectorId = 1) =>
        new { timestamp = Timestamp(DateTimeOffset.UtcNow), connectorStatus, evseId, connectorId };

    public static object IdToken(string idToken, string type = "ISO14443") => new { idToken, type };

    public static object Authorize(string idToken, string type = "ISO14443") => new { idToken = IdToken(idToken, type) };

    /// <summary>
    /// A TransactionEvent as a station sends it: <paramref name="energyWh"/>, when given, is the energy register
    /// reading (with power and current) taken at <paramref name="timestamp"/>.
    /// </summary>
    public static object TransactionEvent(
        string eventType,
        string transactionId,
        int seqNo,
        DateTimeOffset timestamp,
        string triggerReason,
        double? energyWh = null,
        string? idToken = null,
        int? evseId = 1,
        string? chargingState = null,
        string? stoppedReason = null,
        bool? offline = null,
        int? remoteStartId = null,
        string idTokenType = "ISO14443") => new
        {
            eventType,
            timestamp = Timestamp(timestamp),
            triggerReason,
            seqNo,
            offline,
            transactionInfo = new { transactionId, chargingState, stoppedReason, remoteStartId },
            evse = evseId is { } id ? new { id, connectorId = 1 } : null,
            idToken = idToken is null ? null : IdToken(idToken, idTokenType),
            meterValue = energyWh is { } wh ? new[] { MeterValue(timestamp, wh, eventType switch
            {
                "Started" => "Transaction.Begin",
                "Ended" => "Transaction.End",
                _ => "Sample.Periodic",
            }) } : null,
        };

    public static object MeterValue(DateTimeOffset timestamp, double energyWh, string context = "Sample.Periodic") => new
    {
        timestamp = Timestamp(timestamp),
        sampledValue = new object[]
        {
            new { value = energyWh, context, measurand = "Energy.Active.Import.Register", location = "Outlet", unitOfMeasure = new { unit = "Wh", multiplier = 0 } },
            new { value = 11000, context, measurand = "Power.Active.Import", unitOfMeasure = new { unit = "W" } },
            new { value = 16.1, context, measurand = "Current.Import", phase = "L1", unitOfMeasure = new { unit = "A" } },
        },
    };

    /// <summary>Wire form of a time, as stations send it: UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
