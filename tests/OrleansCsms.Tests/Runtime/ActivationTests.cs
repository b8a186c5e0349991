namespace OrleansCsms.Tests.Runtime;

public sealed class ActivationTests
{
    [Fact]
    public async Task A_grain_is_activated_once_by_a_hundred_concurrent_first_calls()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);

        var ids = await Within.WaitAsync(
            Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(grain.GetActivationIdAsync))),
            $"100 concurrent first calls to grain Turn/{key}");

        Assert.True(runtime.Probe.Count(key, "activate") == 1,
            $"Expected OnActivateAsync of grain Turn/{key} to run once, but it ran {runtime.Probe.Count(key, "activate")} times.");
        Assert.True(ids.Distinct().Count() == 1,
            $"Expected all 100 first calls to grain Turn/{key} to reach one activation, but they reached {ids.Distinct().Count()}.");
        Assert.Equal(1, runtime.Router.ActivationCount);
    }

    [Fact]
    public async Task An_exception_reaches_the_caller_with_its_type_and_the_grain_keeps_serving()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);
        var before = await grain.GetActivationIdAsync();

        var thrownAfterAwait = await Assert.ThrowsAsync<TurnFailedException>(() => grain.FailAsync("after an await"));
        var thrownAtOnce = await Assert.ThrowsAsync<TurnFailedException>(() => grain.FailSynchronouslyAsync("before returning"));

        Assert.Equal("after an await", thrownAfterAwait.Message);
        Assert.Equal("before returning", thrownAtOnce.Message);
        var after = await grain.GetActivationIdAsync();
        Assert.True(before == after, $"Expected grain Turn/{key} to keep its activation after its calls threw, but a new one served the next call.");
    }

    [Fact]
    public async Task A_failed_activation_fails_the_call_disposes_its_timers_and_the_next_call_activates_again()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITickerGrain>(key);
        var timersBefore = runtime.Time.ActiveTimerCount;
        runtime.Probe.SetFlag($"{key}:fail-activation", true);

        await Assert.ThrowsAsync<TurnFailedException>(grain.GetTicksAsync);

        Assert.True(runtime.Time.ActiveTimerCount == timersBefore,
            $"Expected the timer registered by the failed activation of grain Ticker/{key} to be disposed, but {runtime.Time.ActiveTimerCount - timersBefore} timer(s) remain.");
        runtime.Probe.SetFlag($"{key}:fail-activation", false);
        Assert.Equal(0, await Within.WaitAsync(grain.GetTicksAsync(), $"grain Ticker/{key} to activate again after a failed activation"));
        Assert.Equal(2, runtime.Probe.Count(key, "activate"));
    }

    [Fact]
    public async Task A_new_activation_does_not_start_before_the_previous_one_has_finished_deactivating()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);
        var hold = runtime.Probe.Signal($"{key}:hold-deactivation");
        var first = await grain.GetActivationIdAsync();
        await grain.DeactivateAsync();
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:deactivating").Task, $"grain Turn/{key} to start deactivating");

        var second = grain.GetActivationIdAsync();

        Assert.False(second.IsCompleted, $"Expected the call to grain Turn/{key} to wait while its previous activation is still deactivating.");
        Assert.True(runtime.Probe.Count(key, "activate") == 1,
            $"Expected no second activation of grain Turn/{key} while the first is deactivating; events: {string.Join(", ", runtime.Probe.Events(key))}.");
        hold.SetResult();
        var secondId = await Within.WaitAsync(second, $"grain Turn/{key} to be activated again after its deactivation finished");
        Assert.NotEqual(first, secondId);
        Assert.Equal(["activate", "deactivate-start", "deactivate-end", "activate"], runtime.Probe.Events(key));
    }
}
