namespace OrleansCsms.Grains;

/// <summary>
/// A monitor on one variable of a station (OCPP 2.0.1 N04): it makes the station send a NotifyEvent when the value
/// crosses a threshold, changes by a delta, or periodically.
/// </summary>
[GenerateSerializer]
[Alias("csms.VariableMonitor")]
[Immutable]
public sealed record VariableMonitor(
    int Id,
    ComponentReference Component,
    VariableReference Variable,
    string Type,
    decimal Value,
    int Severity,
    bool Transaction,
    string Origin,
    DateTimeOffset UpdatedAt);

/// <summary>Where the CSMS learned of a monitor: it set the monitor itself, or a monitoring report told of it.</summary>
public static class MonitorOrigins
{
    public const string Set = "Set";
    public const string Reported = "Reported";
}

/// <summary>The kinds of report a device model keeps the progress of, beside the base reports named by their reportBase.</summary>
public static class ReportKinds
{
    /// <summary>A GetMonitoringReport, whose NotifyMonitoringReport parts tell monitors.</summary>
    public const string Monitoring = "Monitoring";
}

/// <summary>What a station answered for one monitor asked in a SetVariableMonitoring, with what was asked.</summary>
[GenerateSerializer]
[Alias("csms.MonitorSetResult")]
[Immutable]
public sealed record MonitorSetResult(
    int? Id,
    ComponentReference Component,
    VariableReference Variable,
    string Type,
    decimal Value,
    int Severity,
    bool Transaction,
    string Status,
    string? ReasonCode,
    DateTimeOffset At);

/// <summary>The monitors of one variable a NotifyMonitoringReport lists.</summary>
[GenerateSerializer]
[Alias("csms.ReportedMonitors")]
[Immutable]
public sealed record ReportedMonitors(ComponentReference Component, VariableReference Variable, IReadOnlyList<ReportedMonitor> Monitors);

/// <summary>One monitor as a station reported it.</summary>
[GenerateSerializer]
[Alias("csms.ReportedMonitor")]
[Immutable]
public sealed record ReportedMonitor(int Id, bool Transaction, decimal Value, string Type, int Severity);

/// <summary>One part of a NotifyMonitoringReport.</summary>
[GenerateSerializer]
[Alias("csms.MonitoringReportPart")]
[Immutable]
public sealed record MonitoringReportPart(int RequestId, int SeqNo, bool ToBeContinued, DateTimeOffset GeneratedAt, IReadOnlyList<ReportedMonitors> Variables);
