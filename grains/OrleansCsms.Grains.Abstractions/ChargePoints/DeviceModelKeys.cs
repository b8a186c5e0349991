using System.Diagnostics.CodeAnalysis;

namespace OrleansCsms.Grains;

/// <summary>A variable of an OCPP 2.0.1 station's device model, named by its component and variable.</summary>
[GenerateSerializer]
[Alias("csms.DeviceModelKey")]
[Immutable]
public sealed record DeviceModelKey(string Component, string Variable);

/// <summary>
/// Reads the names operators give 2.0.1 variables through the version-neutral configuration commands:
/// "Component.Variable", or an OCPP 1.6 configuration key whose 2.0.1 counterpart is fixed by the specification.
/// </summary>
public static class DeviceModelKeys
{
    // The 1.6 keys whose role one 2.0.1 controller variable took over.
    private static readonly Dictionary<string, DeviceModelKey> FromV16 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HeartbeatInterval"] = new("OCPPCommCtrlr", "HeartbeatInterval"),
        ["WebSocketPingInterval"] = new("OCPPCommCtrlr", "WebSocketPingInterval"),
        ["ResetRetries"] = new("OCPPCommCtrlr", "ResetRetries"),
        ["MeterValueSampleInterval"] = new("SampledDataCtrlr", "TxUpdatedInterval"),
        ["MeterValuesSampledData"] = new("SampledDataCtrlr", "TxUpdatedMeasurands"),
        ["StopTxnSampledData"] = new("SampledDataCtrlr", "TxEndedMeasurands"),
        ["ClockAlignedDataInterval"] = new("AlignedDataCtrlr", "Interval"),
        ["MeterValuesAlignedData"] = new("AlignedDataCtrlr", "Measurands"),
        ["ConnectionTimeOut"] = new("TxCtrlr", "EVConnectionTimeOut"),
        ["StopTransactionOnInvalidId"] = new("TxCtrlr", "StopTxOnInvalidId"),
        ["StopTransactionOnEVSideDisconnect"] = new("TxCtrlr", "StopTxOnEVSideDisconnect"),
        ["LocalAuthorizeOffline"] = new("AuthCtrlr", "LocalAuthorizeOffline"),
        ["LocalPreAuthorize"] = new("AuthCtrlr", "LocalPreAuthorize"),
        ["AuthorizationCacheEnabled"] = new("AuthCacheCtrlr", "Enabled"),
        ["LocalAuthListEnabled"] = new("LocalAuthListCtrlr", "Enabled"),
        ["SecurityProfile"] = new("SecurityCtrlr", "SecurityProfile"),
        ["AuthorizationKey"] = new("SecurityCtrlr", "BasicAuthPassword"),
        ["CpoName"] = new("SecurityCtrlr", "OrganizationName"),
    };

    public static bool TryParse(string key, [NotNullWhen(true)] out DeviceModelKey? parsed)
    {
        if (FromV16.TryGetValue(key, out parsed))
        {
            return true;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        parsed = dot > 0 && dot < key.Length - 1 && key.IndexOf('.', dot + 1) < 0 ? new DeviceModelKey(key[..dot], key[(dot + 1)..]) : null;
        return parsed is not null;
    }

    public static DeviceModelKey Parse(string key) =>
        TryParse(key, out var parsed) ? parsed : throw new ArgumentException($"'{key}' names no OCPP 2.0.1 variable.", nameof(key));
}
