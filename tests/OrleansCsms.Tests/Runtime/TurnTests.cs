namespace OrleansCsms.Tests.Runtime;

public sealed class TurnTests
{
    [Fact]
    public async Task A_thousand_concurrent_calls_to_one_grain_run_one_turn_at_a_time()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);

        await Within.WaitAsync(
            Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(grain.CountTurnAsync))),
            $"1,000 concurrent calls to grain Turn/{key}");

        var meter = runtime.Probe.Meter(key);
        Assert.Equal(1000, meter.Total);
        Assert.True(meter.Max == 1, $"Expected the turns of grain Turn/{key} never to overlap, but {meter.Max} ran at once.");
    }

    [Fact]
    public async Task Different_grains_run_their_turns_in_parallel()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var (a, b) = (GrainRuntimeHarness.NewKey(), GrainRuntimeHarness.NewKey());

        // Each waits inside its turn until the other has reached the barrier: only parallel turns get both through.
        var meetings = Task.WhenAll(
            runtime.Grains.GetGrain<ITurnGrain>(a).MeetAsync(b),
            runtime.Grains.GetGrain<ITurnGrain>(b).MeetAsync(a));

        await Within.WaitAsync(meetings, $"grains Turn/{a} and Turn/{b} to both reach the barrier");
    }

    [Fact]
    public async Task An_interleaved_method_runs_while_a_turn_of_the_same_grain_is_in_progress()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);
        var blocked = grain.BlockAsync($"{key}:release");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:blocked").Task, $"grain Turn/{key} to enter its blocking turn");

        var answer = await Within.WaitAsync(grain.PingAsync(), $"the interleaved PingAsync of grain Turn/{key} while a turn holds the grain");

        Assert.Equal("pong", answer);
        Assert.False(blocked.IsCompleted, $"Expected the blocking turn of grain Turn/{key} to be still in progress.");
        runtime.Probe.Signal($"{key}:release").SetResult();
        await Within.WaitAsync(blocked, $"the blocking turn of grain Turn/{key} to end once released");
    }

    [Fact]
    public async Task A_normal_call_waits_for_the_turn_in_progress()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);
        var blocked = grain.BlockAsync($"{key}:release");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:blocked").Task, $"grain Turn/{key} to enter its blocking turn");

        var queued = grain.AddNoteAsync("queued");

        Assert.False(queued.IsCompleted, $"Expected a call to grain Turn/{key} to wait behind the turn in progress.");
        runtime.Probe.Signal($"{key}:release").SetResult();
        await Within.WaitAsync(Task.WhenAll(blocked, queued), $"both turns of grain Turn/{key} once released");
    }

    [Fact]
    public async Task A_result_is_a_copy_so_later_turns_and_the_caller_cannot_share_the_grains_objects()
    {
        await using var runtime = GrainRuntimeHarness.Start();
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ITurnGrain>(key);
        await grain.AddNoteAsync("first");

        var seen = await grain.GetNotesAsync();
        await grain.AddNoteAsync("second");
        seen.Add("added by the caller");

        Assert.True(seen.SequenceEqual(["first", "added by the caller"]),
            $"Expected the result held by the caller to be unchanged by a later turn of grain Turn/{key}, but it is [{string.Join(", ", seen)}].");
        Assert.Equal(["first", "second"], await grain.GetNotesAsync());
    }
}
