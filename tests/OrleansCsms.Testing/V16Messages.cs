using System.Globalization;

namespace OrleansCsms.Testing;

/// <summary>Builders of OCPP 1.6 charge point messages with realistic defaults, so tests state only what matters to them.</summary>
public static class V16Messages
{
    public static object BootNotification(string vendor = "Acme", string model = "FastCharger 50") => new
    {
        chargePointVendor = vendor,
        chargePointModel = model,
        chargePointSerialNumber = "CPSN-0042",
        chargeBoxSerialNumber = "CBSN-0042",
        firmwareVersion = "4.2.1",
        iccid = "89314404000112345678",
        imsi = "262011234567890",
        meterType = "DZG DVH4013",
        meterSerialNumber = "MSN-77",
    };

    public static object StatusNotification(int connectorId, string status, string errorCode = "NoError", string? info = null) =>
        new { connectorId, status, errorCode, info, timestamp = Timestamp(DateTimeOffset.UtcNow), vendorId = "Acme", vendorErrorCode = errorCode == "NoError" ? null : "E42" };

    public static object Authorize(string idTag) => new { idTag };

    public static object StartTransaction(string idTag, int meterStart, DateTimeOffset timestamp, int connectorId = 1, int? reservationId = null) =>
        new { connectorId, idTag, meterStart, reservationId, timestamp = Timestamp(timestamp) };

    /// <summary>A periodic reading with energy (Wh), power, current per phase, voltage and state of charge.</summary>
    public static object MeterValues(int transactionId, DateTimeOffset timestamp, double energyWh, int connectorId = 1) => new
    {
        connectorId,
        transactionId,
        meterValue = new[] { MeterValue(timestamp, energyWh) },
    };

    public static object MeterValue(DateTimeOffset timestamp, double energyWh, string context = "Sample.Periodic") => new
    {
        timestamp = Timestamp(timestamp),
        sampledValue = new object[]
        {
            new { value = Number(energyWh), context, format = "Raw", measurand = "Energy.Active.Import.Register", location = "Outlet", unit = "Wh" },
            new { value = "11000", context, measurand = "Power.Active.Import", unit = "W" },
            new { value = "16.1", context, measurand = "Current.Import", phase = "L1", unit = "A" },
            new { value = "230.4", context, measurand = "Voltage", phase = "L1-N", unit = "V" },
            new { value = "57", context, measurand = "SoC", location = "EV", unit = "Percent" },
        },
    };

    public static object StopTransaction(int transactionId, int meterStop, DateTimeOffset timestamp, string? idTag = null, string? reason = "Local", object[]? transactionData = null) =>
        new { transactionId, meterStop, timestamp = Timestamp(timestamp), idTag, reason, transactionData };

    /// <summary>Wire form of a time, as chargers send it: UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
