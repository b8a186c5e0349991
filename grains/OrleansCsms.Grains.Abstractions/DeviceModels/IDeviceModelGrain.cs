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

    /// <summary>Returns the device model.</summary>
    [ReadOnly]
    Task<DeviceModelState> GetAsync();

    /// <summary>The value of the Actual attribute of a station-wide component's variable the station reported, or null.</summary>
    [ReadOnly]
    Task<string?> ActualValueAsync(string component, string variable, string? variableInstance = null);

    /// <summary>Forgets everything (the station was deleted).</summary>
    Task ForgetAsync();
}
