namespace OrleansCsms.Tests.Runtime;

public sealed class ShutdownTests
{
    [Fact]
    public async Task DeactivateAllAsync_waits_for_the_turns_in_flight_before_deactivating()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);
        var idle = GrainRuntimeHarness.NewKey();
        await runtime.Grains.GetGrain<ITurnGrain>(idle).GetActivationIdAsync();
        var blocked = grain.BlockAsync($"{key}:release");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:blocked").Task, $"grain Turn/{key} to enter its blocking turn");

        var shutdown = runtime.Router.DeactivateAllAsync();

        Assert.False(shutdown.IsCompleted, $"Expected DeactivateAllAsync to wait for the turn in flight on grain Turn/{key}.");
        runtime.Probe.Signal($"{key}:release").SetResult();
        await Within.WaitAsync(shutdown, $"DeactivateAllAsync to finish once the turn of grain Turn/{key} ended");
        Assert.True(blocked.IsCompletedSuccessfully, $"Expected the turn in flight on grain Turn/{key} to complete, not to be cut off.");
        Assert.Equal(["activate", "block-start", "block-end", "deactivate-start", "deactivate-end"], runtime.Probe.Events(key));
        Assert.Equal(["activate", "deactivate-start", "deactivate-end"], runtime.Probe.Events(idle));
        Assert.Equal(0, runtime.Router.ActivationCount);
    }
}
