using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>
/// Ticks every second; ticks and blocking turns share the key's concurrency meter. Fails its activation, after
/// registering the timer, while the flag "{key}:fail-activation" is set.
/// </summary>
public sealed class TickerGrain(GrainProbe probe) : Grain, ITickerGrain
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private int _ticks;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Context.RegisterTimer(TickAsync, Period, Period);
        probe.Record(Key, "activate");
        return probe.Flag($"{Key}:fail-activation")
            ? Task.FromException(new TurnFailedException($"Activation of grain {Key} fails on purpose."))
            : Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        probe.Record(Key, "deactivate");
        probe.Signal($"{Key}:deactivated").TrySetResult();
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public async Task BlockAsync(string gate)
    {
        var meter = probe.Meter(Key);
        meter.Enter();
        probe.Record(Key, "block-start");
        probe.Signal($"{Key}:blocked").TrySetResult();
        await probe.Signal(gate).Task;
        probe.Record(Key, "block-end");
        meter.Exit();
    }

    public Task DeactivateAsync()
    {
        Context.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var meter = probe.Meter(Key);
        meter.Enter();
        _ticks++;
        probe.Record(Key, "tick");
        await Task.Yield();
        meter.Exit();
        probe.Signal($"{Key}:tick-{_ticks}").TrySetResult();
    }
}
