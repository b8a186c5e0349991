using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>Persisted state of <see cref="CounterGrain"/>.</summary>
public sealed class CounterState
{
    public int Value { get; set; }
}

/// <summary>A counter whose activations and deactivations are recorded as events on its key.</summary>
public sealed class CounterGrain(IPersistentState<CounterState> state, GrainProbe probe) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record(Key, "activate");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        probe.Record(Key, "deactivate");
        probe.Signal($"{Key}:deactivated").TrySetResult();
        return Task.CompletedTask;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task IncrementThenFailAsync()
    {
        state.State.Value++;
        throw new InvalidOperationException("Failed before the state was written.");
    }

    public async Task<int> IncrementAfterAsync(string gate)
    {
        probe.Signal($"{Key}:blocked").TrySetResult();
        await probe.Signal(gate).Task;
        return await IncrementAsync();
    }
}
