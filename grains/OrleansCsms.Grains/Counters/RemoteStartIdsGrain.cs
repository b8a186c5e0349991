namespace OrleansCsms.Grains;

[GrainType(GrainTypes.RemoteStartIds)]
public sealed class RemoteStartIdsGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<IdCounterState> state) : IdCounterGrain(state), IRemoteStartIdsGrain;
