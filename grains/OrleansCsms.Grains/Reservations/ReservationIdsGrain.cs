namespace OrleansCsms.Grains;

/// <summary>The counter reservation ids come from.</summary>
[GrainType(GrainTypes.ReservationIds)]
public sealed class ReservationIdsGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<IdCounterState> state) : IdCounterGrain(state), IReservationIdsGrain;
