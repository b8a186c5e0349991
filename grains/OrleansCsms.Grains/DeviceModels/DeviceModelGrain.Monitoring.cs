namespace OrleansCsms.Grains;

/// <summary>
/// The monitors of a station's device model (OCPP 2.0.1 block N): those the CSMS set and those monitoring reports
/// told of, by monitor id, which the station makes unique; the monitoring base and level it accepted.
/// </summary>
public sealed partial class DeviceModelGrain
{
    // Enough results for an operator to see why the latest requests' monitors were refused.
    private const int MonitorResultsKept = 200;

    public async Task RecordMonitoringReportAsync(MonitoringReportPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (!TryProgress(part.RequestId, ReportKinds.Monitoring, part.GeneratedAt, part.SeqNo, part.ToBeContinued, part.Variables.Count))
        {
            return;
        }

        foreach (var variable in part.Variables)
        {
            foreach (var monitor in variable.Monitors)
            {
                // A monitor the CSMS set keeps that origin: the report confirms it, it does not make it the station's own.
                var origin = State.Monitors.TryGetValue(monitor.Id, out var known) ? known.Origin : MonitorOrigins.Reported;
                State.Monitors[monitor.Id] = new VariableMonitor(
                    monitor.Id, variable.Component, variable.Variable, monitor.Type, monitor.Value, monitor.Severity, monitor.Transaction, origin, part.GeneratedAt);
            }
        }

        await state.WriteStateAsync();
    }

    public async Task RecordMonitorResultsAsync(IReadOnlyList<MonitorSetResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var result in results)
        {
            if (result is { Status: "Accepted", Id: { } id })
            {
                State.Monitors[id] = new VariableMonitor(
                    id, result.Component, result.Variable, result.Type, result.Value, result.Severity, result.Transaction, MonitorOrigins.Set, result.At);
            }

            State.MonitorResults.Add(result);
        }

        if (State.MonitorResults.Count > MonitorResultsKept)
        {
            State.MonitorResults.RemoveRange(0, State.MonitorResults.Count - MonitorResultsKept);
        }

        await state.WriteStateAsync();
    }

    public async Task MonitorsClearedAsync(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var removed = ids.Count(State.Monitors.Remove);
        if (removed > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task MonitoringBaseSetAsync(string monitoringBase)
    {
        State.MonitoringBase = monitoringBase;
        State.MonitoringChangedAt = time.GetUtcNow();
        if (monitoringBase is "FactoryDefault" or "HardWiredOnly")
        {
            // N03: both remove the custom monitors; which preconfigured ones remain only a new monitoring report can tell.
            foreach (var id in State.Monitors.Values.Where(m => m.Origin == MonitorOrigins.Set).Select(m => m.Id).ToList())
            {
                State.Monitors.Remove(id);
            }
        }

        await state.WriteStateAsync();
    }

    public async Task MonitoringLevelSetAsync(int severity)
    {
        State.MonitoringLevel = severity;
        State.MonitoringChangedAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }
}
