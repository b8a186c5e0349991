using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>The device model of one OCPP 2.0.1 station (key: its identity): components, variables and events.</summary>
[Alias("csms.IDeviceModelGrain")]
public interface IDeviceModelGrain : IGrainWithStringKey
{
    /// <summary>Records that a report was asked for, before the request goes out, so that its parts find it.</summary>
    Task ReportRequestedAsync(int requestId, string kind);

    /// <summary>Stores one part of a NotifyReport; a part received before (same requestId and seqNo) changes nothing.</summary>
    Task RecordReportAsync(ReportPart part);

    /// <summary>Stores the events of a NotifyEvent, updating the Actual value of each variable they name.</summary>
    Task RecordEventsAsync(IReadOnlyList<StationEvent> events);

    /// <summary>Stores the values a station confirmed (a GetVariables or an accepted SetVariables) as the variables' attributes.</summary>
    Task RecordValuesAsync(IReadOnlyList<ReportedVariable> values);

    /// <summary>Stores one part of a NotifyMonitoringReport: its monitors join (or replace, by id) the known ones; a part received before changes nothing.</summary>
    Task RecordMonitoringReportAsync(MonitoringReportPart part);

    /// <summary>Stores what a station answered to a SetVariableMonitoring: the accepted monitors become known ones, every result is kept.</summary>
    Task RecordMonitorResultsAsync(IReadOnlyList<MonitorSetResult> results);

    /// <summary>Forgets the monitors a station cleared (ClearVariableMonitoring answered Accepted or NotFound).</summary>
    Task MonitorsClearedAsync(IReadOnlyList<int> ids);

    /// <summary>Stores the monitoring base a station accepted; FactoryDefault and HardWiredOnly remove the monitors the CSMS set.</summary>
    Task MonitoringBaseSetAsync(string monitoringBase);

    /// <summary>Stores the monitoring severity level a station accepted.</summary>
    Task MonitoringLevelSetAsync(int severity);

    /// <summary>Returns the device model.</summary>
    [ReadOnly]
    Task<DeviceModelState> GetAsync();

    /// <summary>The value of the Actual attribute of a station-wide component's variable the station reported, or null.</summary>
    [ReadOnly]
    Task<string?> ActualValueAsync(string component, string variable, string? variableInstance = null);

    /// <summary>Forgets everything (the station was deleted).</summary>
    Task ForgetAsync();
}
