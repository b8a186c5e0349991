using System.Globalization;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Simulator;

/// <summary>
/// The few components and variables of a simulated 2.0.1 station that Get/SetVariables reach: enough for a CSMS
/// to read its limits, tune its intervals and rotate its Basic password. Only the Actual attribute exists.
/// </summary>
public sealed class StationDeviceModel
{
    public const string OcppCommCtrlr = "OCPPCommCtrlr";
    public const string HeartbeatInterval = "HeartbeatInterval";
    public const string SampledDataCtrlr = "SampledDataCtrlr";
    public const string TxUpdatedInterval = "TxUpdatedInterval";
    public const string AuthCtrlr = "AuthCtrlr";
    public const string AuthorizeRemoteStart = "AuthorizeRemoteStart";
    public const string SecurityCtrlr = "SecurityCtrlr";
    public const string BasicAuthPasswordVariable = "BasicAuthPassword";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Component, string Variable), Entry> _entries = [];

    public StationDeviceModel(SimulationSettings settings, int heartbeatIntervalSeconds, int txUpdatedIntervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        QueueRetries = new ChargePointConfiguration(settings.Connectors, 0, 0);
        Define(OcppCommCtrlr, HeartbeatInterval, Kind.Integer, heartbeatIntervalSeconds.ToString(CultureInfo.InvariantCulture));
        Define(OcppCommCtrlr, "MessageAttempts", Kind.Integer, QueueRetries.TransactionMessageAttempts.ToString(CultureInfo.InvariantCulture),
            value => QueueRetries.Change(ChargePointConfiguration.TransactionMessageAttemptsKey, value));
        Define(OcppCommCtrlr, "MessageAttemptInterval", Kind.Integer, ((int)QueueRetries.TransactionMessageRetryInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            value => QueueRetries.Change(ChargePointConfiguration.TransactionMessageRetryIntervalKey, value));
        Define(SampledDataCtrlr, TxUpdatedInterval, Kind.Integer, txUpdatedIntervalSeconds.ToString(CultureInfo.InvariantCulture));
        Define(AuthCtrlr, AuthorizeRemoteStart, Kind.Boolean, "false");
        Define(SecurityCtrlr, BasicAuthPasswordVariable, Kind.WriteOnly, settings.Password ?? "");
        Define(SecurityCtrlr, "SecurityProfile", Kind.ReadOnly, settings.Password is null ? "0" : "1");
        Define("DeviceDataCtrlr", "ItemsPerMessage", Kind.ReadOnly, "16");
        Define("DeviceDataCtrlr", "BytesPerMessage", Kind.ReadOnly, "65536");
        Define("ChargingStation", "Model", Kind.ReadOnly, settings.Model);
        Define("ChargingStation", "VendorName", Kind.ReadOnly, settings.Vendor);
        Define("EVSE", "Count", Kind.ReadOnly, settings.Connectors.ToString(CultureInfo.InvariantCulture));
    }

    private enum Kind
    {
        Integer,
        Boolean,
        ReadOnly,
        WriteOnly,
    }

    /// <summary>Raised with the component and variable after a value changed.</summary>
    public event Action<string, string>? Changed;

    /// <summary>The retry settings of the transaction message queue, moved by OCPPCommCtrlr.MessageAttempts and MessageAttemptInterval.</summary>
    public ChargePointConfiguration QueueRetries { get; }

    public int HeartbeatIntervalSeconds
    {
        get => IntegerOf(OcppCommCtrlr, HeartbeatInterval);
        set => Store(OcppCommCtrlr, HeartbeatInterval, value.ToString(CultureInfo.InvariantCulture));
    }

    public int TxUpdatedIntervalSeconds => IntegerOf(SampledDataCtrlr, TxUpdatedInterval);

    public bool AuthorizesRemoteStart => ValueOf(AuthCtrlr, AuthorizeRemoteStart) == "true";

    /// <summary>The password the station presents when it next connects; null for none.</summary>
    public string? BasicAuthPassword => ValueOf(SecurityCtrlr, BasicAuthPasswordVariable) is { Length: > 0 } password ? password : null;

    public GetVariableResultType Get(GetVariableDataType request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = Find(request.Component, request.Variable, request.AttributeType, out var entry);
        string? value = null;
        if (status == GetVariableStatusEnumType.Accepted)
        {
            if (entry!.Kind == Kind.WriteOnly)
            {
                status = GetVariableStatusEnumType.Rejected;
            }
            else
            {
                lock (_lock)
                {
                    value = entry.Value;
                }
            }
        }

        return new GetVariableResultType
        {
            AttributeStatus = status,
            AttributeType = request.AttributeType,
            AttributeValue = value,
            Component = request.Component,
            Variable = request.Variable,
        };
    }

    public SetVariableResultType Set(SetVariableDataType request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = Find(request.Component, request.Variable, request.AttributeType, out var entry);
        var status = found switch
        {
            GetVariableStatusEnumType.UnknownComponent => SetVariableStatusEnumType.UnknownComponent,
            GetVariableStatusEnumType.UnknownVariable => SetVariableStatusEnumType.UnknownVariable,
            GetVariableStatusEnumType.NotSupportedAttributeType => SetVariableStatusEnumType.NotSupportedAttributeType,
            _ when !entry!.Accepts(request.AttributeValue) => SetVariableStatusEnumType.Rejected,
            _ => SetVariableStatusEnumType.Accepted,
        };
        if (status == SetVariableStatusEnumType.Accepted)
        {
            Store(entry!.Component, entry.Variable, request.AttributeValue);
        }

        return new SetVariableResultType
        {
            AttributeStatus = status,
            AttributeType = request.AttributeType,
            Component = request.Component,
            Variable = request.Variable,
        };
    }

    private GetVariableStatusEnumType Find(ComponentType component, VariableType variable, AttributeEnumType? attribute, out Entry? entry)
    {
        entry = null;
        if (!_entries.Keys.Any(k => k.Component == component.Name))
        {
            return GetVariableStatusEnumType.UnknownComponent;
        }

        if (!_entries.TryGetValue((component.Name, variable.Name), out entry))
        {
            return GetVariableStatusEnumType.UnknownVariable;
        }

        return attribute is null or AttributeEnumType.Actual ? GetVariableStatusEnumType.Accepted : GetVariableStatusEnumType.NotSupportedAttributeType;
    }

    private void Define(string component, string variable, Kind kind, string value, Action<string>? onSet = null) =>
        _entries.Add((component, variable), new Entry(component, variable, kind, onSet) { Value = value });

    private void Store(string component, string variable, string value)
    {
        var entry = _entries[(component, variable)];
        lock (_lock)
        {
            entry.Value = value;
        }

        entry.OnSet?.Invoke(value);
        Changed?.Invoke(component, variable);
    }

    private string ValueOf(string component, string variable)
    {
        lock (_lock)
        {
            return _entries[(component, variable)].Value;
        }
    }

    private int IntegerOf(string component, string variable) =>
        int.TryParse(ValueOf(component, variable), CultureInfo.InvariantCulture, out var value) ? value : 0;

    private sealed class Entry(string component, string variable, Kind kind, Action<string>? onSet)
    {
        public string Component { get; } = component;

        public string Variable { get; } = variable;

        public Kind Kind { get; } = kind;

        public Action<string>? OnSet { get; } = onSet;

        public string Value { get; set; } = "";

        public bool Accepts(string value) => Kind switch
        {
            Kind.Integer => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            Kind.Boolean => value is "true" or "false",
            Kind.WriteOnly => value.Length > 0,
            _ => false,
        };
    }
}
