namespace OrleansCsms.Grains;

/// <summary>The counter reservation ids come from: each id is stored before it is given out, so none is issued twice.</summary>
[GrainType(GrainTypes.ReservationIds)]
public sealed class ReservationIdsGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<ReservationIdsState> state) : Grain, IReservationIdsGrain, IDurableStateGrain
{
    public async Task<int> NextAsync()
    {
        // OCPP 1.6 reservation ids are int32: fail loudly rather than wrap onto old ids.
        var next = checked(state.State.Last + 1);
        state.State.Last = next;
        await state.WriteStateAsync();
        return next;
    }
}

/// <summary>The last reservation id given out.</summary>
[GenerateSerializer]
[Alias("csms.ReservationIdsState")]
public sealed class ReservationIdsState
{
    [Id(0)]
    public int Last { get; set; }
}
