using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Which monitors a station activates (SetMonitoringBase): All, FactoryDefault or HardWiredOnly.</summary>
public sealed record MonitoringBaseBody(string? MonitoringBase);

/// <summary>The least urgent severity (0 danger to 9 debug) a station reports events of (SetMonitoringLevel).</summary>
public sealed record MonitoringLevelBody(int? Severity);

/// <summary>
/// One monitor to set: the variable it watches, its type (UpperThreshold, LowerThreshold, Delta, Periodic,
/// PeriodicClockAligned), its value (a threshold, a delta, or an interval in seconds), its severity (0-9), whether it
/// only watches during a transaction, and the id of a monitor it replaces.
/// </summary>
public sealed record SetMonitorItem(ComponentBody? Component, VariableBody? Variable, string? Type, decimal? Value, int? Severity, bool? Transaction = null, int? Id = null);

/// <summary>The monitors to set on an OCPP 2.0.1 station.</summary>
public sealed record SetMonitorsBody(IReadOnlyList<SetMonitorItem>? Items);

/// <summary>The ids of the monitors to clear.</summary>
public sealed record ClearMonitorsBody(IReadOnlyList<int>? Ids);

/// <summary>
/// What a monitoring report covers (GetMonitoringReport): monitors of some kinds (ThresholdMonitoring,
/// DeltaMonitoring, PeriodicMonitoring) and/or of named components and variables; neither asks for every monitor.
/// </summary>
public sealed record MonitoringReportBody(IReadOnlyList<string>? MonitoringCriteria, IReadOnlyList<ComponentVariableItem>? ComponentVariables);

/// <summary>What a station answered for each monitor or id, in the order asked, and how many messages the request took.</summary>
public sealed record MonitoringResultsResponse(IReadOnlyList<JsonElement> Results, int Messages);

/// <summary>
/// The monitoring of an OCPP 2.0.1 station as the CSMS knows it: its monitors (by id), the base and level it
/// accepted, the results of the latest monitors asked for, and its monitoring reports.
/// </summary>
public sealed record MonitoringResponse(
    IReadOnlyList<VariableMonitor> Monitors,
    string? MonitoringBase,
    int? MonitoringLevel,
    DateTimeOffset? ChangedAt,
    IReadOnlyList<MonitorSetResult> LatestResults,
    IReadOnlyList<ReportProgress> Reports);

/// <summary>The checks on monitoring requests, from the OCPP 2.0.1 schemas and use cases N03-N06.</summary>
public static class MonitoringRules
{
    public static readonly IReadOnlyList<string> MonitoringBases = ["All", "FactoryDefault", "HardWiredOnly"];

    public static readonly IReadOnlyList<string> MonitorTypes = ["UpperThreshold", "LowerThreshold", "Delta", "Periodic", "PeriodicClockAligned"];

    public static readonly IReadOnlyList<string> MonitoringCriteria = ["ThresholdMonitoring", "DeltaMonitoring", "PeriodicMonitoring"];

    /// <summary>Severities run from 0 (danger) to 9 (debug).</summary>
    public const int MaxSeverity = 9;

    /// <summary>The most monitors or ids one request to the CSMS takes; it splits them per the station's limits.</summary>
    public const int MaxItems = 1_000;
}
