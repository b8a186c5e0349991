using System.Globalization;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// The configuration keys a charge point reports and accepts changes to (GetConfiguration, ChangeConfiguration);
/// kept in memory, so a restart of the simulator forgets changes, as a factory reset would.
/// </summary>
public sealed class ChargePointConfiguration
{
    public const string HeartbeatIntervalKey = "HeartbeatInterval";
    public const string MeterValueSampleIntervalKey = "MeterValueSampleInterval";
    public const string AuthorizeRemoteTxRequestsKey = "AuthorizeRemoteTxRequests";
    public const string TransactionMessageAttemptsKey = "TransactionMessageAttempts";
    public const string TransactionMessageRetryIntervalKey = "TransactionMessageRetryInterval";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public ChargePointConfiguration(int connectors, int heartbeatIntervalSeconds, int meterValueSampleIntervalSeconds)
    {
        Define(HeartbeatIntervalKey, heartbeatIntervalSeconds, IsNonNegativeInteger);
        Define(MeterValueSampleIntervalKey, meterValueSampleIntervalSeconds, IsNonNegativeInteger);
        Define(AuthorizeRemoteTxRequestsKey, "false", IsBoolean);
        Define(TransactionMessageAttemptsKey, 3, value => int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 1);
        Define(TransactionMessageRetryIntervalKey, 5, IsNonNegativeInteger);
        Define("LocalAuthorizeOffline", "true", IsBoolean);
        Define("LocalPreAuthorize", "false", IsBoolean);
        Define("ConnectionTimeOut", 60, IsNonNegativeInteger);
        Define("ClockAlignedDataInterval", 0, IsNonNegativeInteger);
        Define("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC", _ => true);
        Define("StopTxnSampledData", "Energy.Active.Import.Register", _ => true);
        Define("StopTransactionOnEVSideDisconnect", "true", IsBoolean);
        Define("WebSocketPingInterval", 0, IsNonNegativeInteger);
        Define("ResetRetries", 1, IsNonNegativeInteger);
        Define("NumberOfConnectors", connectors, isReadOnly: true);
        Define("SupportedFeatureProfiles", "Core,RemoteTrigger", isReadOnly: true);
        Define("GetConfigurationMaxKeys", 50, isReadOnly: true);
    }

    /// <summary>Raised after a key's value changed, with the key.</summary>
    public event Action<string>? Changed;

    public int HeartbeatIntervalSeconds => GetInt(HeartbeatIntervalKey);

    public int MeterValueSampleIntervalSeconds => GetInt(MeterValueSampleIntervalKey);

    public bool AuthorizeRemoteTxRequests => GetBool(AuthorizeRemoteTxRequestsKey);

    public int TransactionMessageAttempts => GetInt(TransactionMessageAttemptsKey);

    public TimeSpan TransactionMessageRetryInterval => TimeSpan.FromSeconds(GetInt(TransactionMessageRetryIntervalKey));

    /// <summary>What GetConfiguration answers for <paramref name="keys"/>, every key when none are asked for.</summary>
    public GetConfigurationConfirmation Get(IReadOnlyList<string>? keys)
    {
        lock (_lock)
        {
            if (keys is not { Count: > 0 })
            {
                return new GetConfigurationConfirmation { ConfigurationKey = [.. _entries.Values.Select(e => e.ToKeyValue())] };
            }

            var known = keys.Where(_entries.ContainsKey).Select(k => _entries[k].ToKeyValue()).ToList();
            var unknown = keys.Where(k => !_entries.ContainsKey(k)).ToList();
            return new GetConfigurationConfirmation
            {
                ConfigurationKey = known.Count > 0 ? known : null,
                UnknownKey = unknown.Count > 0 ? unknown : null,
            };
        }
    }

    /// <summary>Applies ChangeConfiguration: unknown keys are NotSupported, read-only keys and bad values Rejected.</summary>
    public ConfigurationStatus Change(string key, string value)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return ConfigurationStatus.NotSupported;
            }

            if (entry.IsReadOnly || !entry.Accepts(value))
            {
                return ConfigurationStatus.Rejected;
            }

            _entries[key] = entry with { Value = value };
        }

        Changed?.Invoke(key);
        return ConfigurationStatus.Accepted;
    }

    /// <summary>Sets a value the charge point learnt by itself, such as the heartbeat interval from a BootNotification.</summary>
    public void Set(string key, int value)
    {
        lock (_lock)
        {
            _entries[key] = _entries[key] with { Value = value.ToString(CultureInfo.InvariantCulture) };
        }

        Changed?.Invoke(key);
    }

    private int GetInt(string key)
    {
        lock (_lock)
        {
            return int.Parse(_entries[key].Value, CultureInfo.InvariantCulture);
        }
    }

    private bool GetBool(string key)
    {
        lock (_lock)
        {
            return bool.Parse(_entries[key].Value);
        }
    }

    private void Define(string key, int value, Func<string, bool> accepts) =>
        _entries[key] = new Entry(key, value.ToString(CultureInfo.InvariantCulture), false, accepts);

    private void Define(string key, string value, Func<string, bool> accepts) => _entries[key] = new Entry(key, value, false, accepts);

    private void Define(string key, int value, bool isReadOnly) =>
        _entries[key] = new Entry(key, value.ToString(CultureInfo.InvariantCulture), isReadOnly, _ => false);

    private void Define(string key, string value, bool isReadOnly) => _entries[key] = new Entry(key, value, isReadOnly, _ => false);

    private static bool IsNonNegativeInteger(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static bool IsBoolean(string value) => bool.TryParse(value, out _);

    private sealed record Entry(string Key, string Value, bool IsReadOnly, Func<string, bool> Accepts)
    {
        public KeyValue ToKeyValue() => new() { Key = Key, Readonly = IsReadOnly, Value = Value };
    }
}
