namespace OrleansCsms.Tests.Runtime;

public sealed class TimerTests
{
    [Fact]
    public async Task A_timer_tick_waits_for_the_turn_in_progress_and_runs_as_a_turn_of_its_own()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITickerGrain>(key);
        await grain.GetTicksAsync();
        var blocked = grain.BlockAsync($"{key}:release");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:blocked").Task, $"grain Ticker/{key} to enter its blocking turn");

        runtime.Time.Advance(TickerGrain.Period);

        Assert.True(runtime.Probe.Count(key, "tick") == 0, $"Expected the tick of grain Ticker/{key} to wait for the turn in progress, but it ran.");
        runtime.Probe.Signal($"{key}:release").SetResult();
        await Within.WaitAsync(blocked, $"the blocking turn of grain Ticker/{key} to end once released");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:tick-1").Task, $"the first tick of grain Ticker/{key}");
        Assert.Equal(["activate", "block-start", "block-end", "tick"], runtime.Probe.Events(key));
        Assert.True(runtime.Probe.Meter(key).Max == 1, $"Expected ticks and calls of grain Ticker/{key} never to overlap, but {runtime.Probe.Meter(key).Max} ran at once.");
        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_timer_ticks_every_period_while_the_grain_is_active()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITickerGrain>(key);
        await grain.GetTicksAsync();

        for (var tick = 1; tick <= 3; tick++)
        {
            runtime.Time.Advance(TickerGrain.Period);
            await Within.WaitAsync(runtime.Probe.Signal($"{key}:tick-{tick}").Task, $"tick {tick} of grain Ticker/{key}");

            // A call queued behind the tick runs once the tick's turn has fully ended; only then is the next period's tick due.
            await grain.GetTicksAsync();
        }

        Assert.Equal(3, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_timer_stops_when_its_grain_deactivates()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITickerGrain>(key);
        var timersBefore = runtime.Time.ActiveTimerCount;
        await grain.GetTicksAsync();
        Assert.Equal(timersBefore + 1, runtime.Time.ActiveTimerCount);

        await grain.DeactivateAsync();
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:deactivated").Task, $"grain Ticker/{key} to deactivate");
        runtime.Time.Advance(TickerGrain.Period * 5);

        Assert.True(runtime.Time.ActiveTimerCount == timersBefore,
            $"Expected the timer of grain Ticker/{key} to be disposed at deactivation, but {runtime.Time.ActiveTimerCount - timersBefore} timer(s) remain.");
        Assert.Equal(0, runtime.Probe.Count(key, "tick"));
    }
}
