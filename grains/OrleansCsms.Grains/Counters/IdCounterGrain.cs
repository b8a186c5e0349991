namespace OrleansCsms.Grains;

/// <summary>
/// A counter OCPP integer ids come from (reservation ids, request ids): each id is stored before it is given out, so
/// none is issued twice across restarts and failovers. Each kind of id is a grain type of its own, so that its stored
/// counter keeps its name.
/// </summary>
public abstract class IdCounterGrain(IPersistentState<IdCounterState> state) : Grain, IDurableStateGrain
{
    public async Task<int> NextAsync()
    {
        // OCPP ids are int32: fail loudly rather than wrap onto old ids.
        var next = checked(state.State.Last + 1);
        state.State.Last = next;
        await state.WriteStateAsync();
        return next;
    }
}

/// <summary>The last id a counter gave out.</summary>
[GenerateSerializer]
[Alias("csms.IdCounterState")]
public sealed class IdCounterState
{
    [Id(0)]
    public int Last { get; set; }
}
