namespace OrleansCsms.Grains;

/// <summary>The counter maintenance job ids come from; a job's id is also its OCPP requestId.</summary>
[GrainType(GrainTypes.MaintenanceJobIds)]
public sealed class MaintenanceJobIdsGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<IdCounterState> state) : IdCounterGrain(state), IMaintenanceJobIdsGrain;
