namespace OrleansCsms.Grains;

/// <summary>The counter job ids come from: each id is stored before it is given out, so none is issued twice.</summary>
[GrainType(GrainTypes.MaintenanceJobIds)]
public sealed class MaintenanceJobIdsGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<MaintenanceJobIdsState> state) : Grain, IMaintenanceJobIdsGrain, IDurableStateGrain
{
    public async Task<int> NextAsync()
    {
        // Job ids are OCPP requestIds, int32: fail loudly rather than wrap onto old ids.
        var next = checked(state.State.Last + 1);
        state.State.Last = next;
        await state.WriteStateAsync();
        return next;
    }
}

/// <summary>The last job id given out.</summary>
[GenerateSerializer]
[Alias("csms.MaintenanceJobIdsState")]
public sealed class MaintenanceJobIdsState
{
    [Id(0)]
    public int Last { get; set; }
}
