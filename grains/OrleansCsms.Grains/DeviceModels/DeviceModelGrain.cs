using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// The device model of one OCPP 2.0.1 station, filled from its NotifyReports, NotifyEvents and the answers to
/// Get/SetVariables. A report arrives in parts; each is stored as it comes, so a report cut short keeps what it told.
/// </summary>
[GrainType(GrainTypes.DeviceModel)]
public sealed partial class DeviceModelGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<DeviceModelState> state,
    IOptions<ChargePointOptions> options,
    TimeProvider time) : Grain, IDeviceModelGrain, IDurableStateGrain
{
    // Enough for a station's recent reports; older progress says nothing an operator still needs.
    private const int ReportsKept = 20;

    // Far more parts than a station's whole device model needs; bounds what a misbehaving one can make the CSMS keep.
    private const int ReportPartsKept = 10_000;

    private DeviceModelState State => state.State;

    public async Task ReportRequestedAsync(int requestId, string kind)
    {
        State.Reports[requestId] = new ReportProgress(requestId, kind, time.GetUtcNow(), 0, 0, Complete: false, null, []);
        Trim(State.Reports, ReportsKept);
        await state.WriteStateAsync();
    }

    public async Task RecordReportAsync(ReportPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (!TryProgress(part.RequestId, null, part.GeneratedAt, part.SeqNo, part.ToBeContinued, part.Variables.Count))
        {
            return;
        }

        foreach (var variable in part.Variables)
        {
            State.Variables[variable.Key] = variable;
        }

        await state.WriteStateAsync();
    }

    public async Task RecordEventsAsync(IReadOnlyList<StationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var stationEvent in events)
        {
            State.Events.Add(stationEvent);
            SetActual(stationEvent.Component, stationEvent.Variable, stationEvent.ActualValue, stationEvent.Timestamp);
        }

        var kept = options.Value.StationEventsKept;
        if (State.Events.Count > kept)
        {
            State.EventsDropped += State.Events.Count - kept;
            State.Events.RemoveRange(0, State.Events.Count - kept);
        }

        await state.WriteStateAsync();
    }

    public async Task RecordValuesAsync(IReadOnlyList<ReportedVariable> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            // A confirmed value updates the attributes it names and keeps the others (and the characteristics) as reported.
            var attributes = State.Variables.TryGetValue(value.Key, out var known) ? known.Attributes.ToList() : [];
            foreach (var attribute in value.Attributes)
            {
                var index = attributes.FindIndex(a => a.Type == attribute.Type);
                if (index >= 0)
                {
                    attributes[index] = attributes[index] with { Value = attribute.Value };
                }
                else
                {
                    attributes.Add(attribute);
                }
            }

            State.Variables[value.Key] = value with { Attributes = attributes, Characteristics = value.Characteristics ?? known?.Characteristics };
        }

        await state.WriteStateAsync();
    }

    public Task<DeviceModelState> GetAsync() => Task.FromResult(State);

    public Task<string?> ActualValueAsync(string component, string variable, string? variableInstance = null) =>
        Task.FromResult(State.Variables.TryGetValue(ReportedVariable.KeyOf(new ComponentReference(component), new VariableReference(variable, variableInstance)), out var known)
            ? known.Attributes.FirstOrDefault(a => a.Type == "Actual")?.Value
            : null);

    public async Task ForgetAsync()
    {
        await state.ClearStateAsync();
        state.State = new DeviceModelState();
    }

    private void SetActual(ComponentReference component, VariableReference variable, string value, DateTimeOffset at)
    {
        var key = ReportedVariable.KeyOf(component, variable);
        if (State.Variables.TryGetValue(key, out var known))
        {
            var attributes = known.Attributes.ToList();
            var index = attributes.FindIndex(a => a.Type == "Actual");
            if (index >= 0 && attributes[index].Mutability == "WriteOnly")
            {
                // N07: an event on a write-only variable carries no value; there is none to keep.
                return;
            }

            if (index >= 0)
            {
                attributes[index] = attributes[index] with { Value = value };
            }
            else
            {
                attributes.Add(new VariableAttributeValue("Actual", value));
            }

            State.Variables[key] = known with { Attributes = attributes, UpdatedAt = at };
        }
        else
        {
            State.Variables[key] = new ReportedVariable(component, variable, [new VariableAttributeValue("Actual", value)], null, at);
        }
    }

    /// <summary>
    /// Counts a part of a report (NotifyReport or NotifyMonitoringReport) in its progress; false when it changes nothing:
    /// a part received before, one after the last, or one over the bound.
    /// </summary>
    private bool TryProgress(int requestId, string? kind, DateTimeOffset generatedAt, int seqNo, bool toBeContinued, int items)
    {
        var progress = State.Reports.GetValueOrDefault(requestId)
            ?? new ReportProgress(requestId, kind, generatedAt, 0, 0, Complete: false, null, []);
        var sequence = new ReportSequence(progress.SeqNos, progress.LastSeqNo).Add(seqNo, toBeContinued, ReportPartsKept, out var outcome);
        if (outcome != ReportPartOutcome.Added)
        {
            return false;
        }

        // A report stored complete before the last seqNo was kept stays complete.
        var complete = progress.Complete || sequence.Complete;
        State.Reports[requestId] = progress with
        {
            PartsReceived = progress.PartsReceived + 1,
            VariablesReceived = progress.VariablesReceived + items,
            Complete = complete,
            CompletedAt = complete ? progress.CompletedAt ?? time.GetUtcNow() : null,
            SeqNos = sequence.Received,
            LastSeqNo = sequence.LastSeqNo,
        };
        Trim(State.Reports, ReportsKept);
        return true;
    }

    private static void Trim<T>(SortedDictionary<int, T> items, int keep)
    {
        while (items.Count > keep)
        {
            items.Remove(items.Keys.First());
        }
    }
}
