namespace OrleansCsms.Grains;

/// <summary>
/// Persisted state of an OCPP 2.0.1 station's device model grain: its components and variables as its reports and
/// events told them, the progress of the reports it was asked for, and its latest events.
/// </summary>
[GenerateSerializer]
[Alias("csms.DeviceModelState")]
public sealed class DeviceModelState
{
    /// <summary>Every variable the station reported, by <see cref="ReportedVariable.Key"/>.</summary>
    [Id(0)]
    public Dictionary<string, ReportedVariable> Variables { get; set; } = [];

    /// <summary>The reports (GetBaseReport, GetReport) the station is sending or sent, by requestId; the latest few are kept.</summary>
    [Id(1)]
    public SortedDictionary<int, ReportProgress> Reports { get; set; } = [];

    /// <summary>The station's latest events (NotifyEvent), oldest first, bounded.</summary>
    [Id(2)]
    public List<StationEvent> Events { get; set; } = [];

    /// <summary>How many events were dropped to keep <see cref="Events"/> bounded.</summary>
    [Id(3)]
    public long EventsDropped { get; set; }

    /// <summary>The monitors the station has as far as the CSMS knows (set by it, or told by monitoring reports), by monitor id.</summary>
    [Id(600)]
    public SortedDictionary<int, VariableMonitor> Monitors { get; set; } = [];

    /// <summary>The monitoring base the station last accepted (SetMonitoringBase: All, FactoryDefault, HardWiredOnly).</summary>
    [Id(601)]
    public string? MonitoringBase { get; set; }

    /// <summary>The severity level the station last accepted (SetMonitoringLevel, 0-9): it reports events of this severity or more urgent.</summary>
    [Id(602)]
    public int? MonitoringLevel { get; set; }

    /// <summary>What the station answered for each monitor of the latest SetVariableMonitoring requests, newest last, bounded.</summary>
    [Id(603)]
    public List<MonitorSetResult> MonitorResults { get; set; } = [];

    /// <summary>When the monitoring base or level last changed.</summary>
    [Id(604)]
    public DateTimeOffset? MonitoringChangedAt { get; set; }
}

/// <summary>A component of a station, optionally one instance of it and on one EVSE or connector.</summary>
[GenerateSerializer]
[Alias("csms.ComponentReference")]
[Immutable]
public sealed record ComponentReference(string Name, string? Instance = null, int? EvseId = null, int? ConnectorId = null);

/// <summary>A variable of a component, optionally one instance of it.</summary>
[GenerateSerializer]
[Alias("csms.VariableReference")]
[Immutable]
public sealed record VariableReference(string Name, string? Instance = null);

/// <summary>One attribute of a variable: its type (Actual, Target, MinSet, MaxSet), value and whether it can be changed.</summary>
[GenerateSerializer]
[Alias("csms.VariableAttributeValue")]
[Immutable]
public sealed record VariableAttributeValue(string Type, string? Value, string? Mutability = null, bool? Persistent = null, bool? Constant = null);

/// <summary>What a variable can hold: unit, data type, limits, allowed values, and whether it can be monitored.</summary>
[GenerateSerializer]
[Alias("csms.VariableCharacteristicsValue")]
[Immutable]
public sealed record VariableCharacteristicsValue(string DataType, bool SupportsMonitoring, string? Unit = null, decimal? MinLimit = null, decimal? MaxLimit = null, string? ValuesList = null);

/// <summary>A variable of the station's device model as last reported.</summary>
[GenerateSerializer]
[Alias("csms.ReportedVariable")]
[Immutable]
public sealed record ReportedVariable(
    ComponentReference Component,
    VariableReference Variable,
    IReadOnlyList<VariableAttributeValue> Attributes,
    VariableCharacteristicsValue? Characteristics,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The variable's key in the device model: component[instance]@evse.connector/variable[instance].</summary>
    public string Key => KeyOf(Component, Variable);

    public static string KeyOf(ComponentReference component, VariableReference variable)
    {
        var key = new System.Text.StringBuilder(component.Name);
        if (component.Instance is { } instance)
        {
            key.Append('[').Append(instance).Append(']');
        }

        if (component.EvseId is { } evseId)
        {
            key.Append('@').Append(evseId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (component.ConnectorId is { } connectorId)
            {
                key.Append('.').Append(connectorId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        key.Append('/').Append(variable.Name);
        if (variable.Instance is { } variableInstance)
        {
            key.Append('[').Append(variableInstance).Append(']');
        }

        return key.ToString();
    }
}

/// <summary>One part of a NotifyReport: the variables it carries.</summary>
[GenerateSerializer]
[Alias("csms.ReportPart")]
[Immutable]
public sealed record ReportPart(int RequestId, int SeqNo, bool ToBeContinued, DateTimeOffset GeneratedAt, IReadOnlyList<ReportedVariable> Variables);

/// <summary>
/// How far a report has come: the parts received (<see cref="SeqNos"/>), the seqNo of the part that said it was last,
/// and whether every part up to it arrived.
/// </summary>
[GenerateSerializer]
[Alias("csms.ReportProgress")]
[Immutable]
public sealed record ReportProgress(
    int RequestId,
    string? Kind,
    DateTimeOffset RequestedAt,
    int PartsReceived,
    int VariablesReceived,
    bool Complete,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<SeqNoRange> SeqNos,
    int? LastSeqNo = null);

/// <summary>An event a station notified (NotifyEvent): a variable's value crossing a monitor, a problem, or an alert.</summary>
[GenerateSerializer]
[Alias("csms.StationEvent")]
[Immutable]
public sealed record StationEvent(
    int EventId,
    DateTimeOffset Timestamp,
    string Trigger,
    string ActualValue,
    ComponentReference Component,
    VariableReference Variable,
    string NotificationType,
    int? Cause = null,
    string? TechCode = null,
    string? TechInfo = null,
    bool? Cleared = null,
    string? TransactionId = null,
    int? VariableMonitoringId = null);
