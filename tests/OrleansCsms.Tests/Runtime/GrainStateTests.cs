using System.Text.Json;
using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>Persisted state through the runtime; run against each store, which must behave alike.</summary>
public abstract class GrainStateTests
{
    /// <summary>The store a test's runtime writes to.</summary>
    protected abstract IGrainStateStore Store { get; }

    [Fact]
    public async Task Idle_deactivation_runs_OnDeactivateAsync_and_the_next_activation_reads_the_persisted_state()
    {
        await using var runtime = GrainRuntimeHarness.Start(
            options => (options.IdleTimeout, options.CollectionInterval) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            Store);
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await grain.IncrementAsync());

        runtime.Time.Advance(TimeSpan.FromSeconds(2));
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:deactivated").Task, $"grain Counter/{key} to be deactivated when idle");
        await WriteBehindTheGrainAsync(key, 41);

        Assert.Equal(41, await Within.WaitAsync(grain.GetAsync(), $"grain Counter/{key} to be activated again after idle deactivation"));
        Assert.Equal(["activate", "deactivate", "activate"], runtime.Probe.Events(key));
    }

    [Fact]
    public async Task A_turn_that_fails_after_changing_state_leaves_what_is_stored_for_the_next_call()
    {
        await using var runtime = GrainRuntimeHarness.Start(store: Store);
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await grain.IncrementAsync());

        await Assert.ThrowsAsync<InvalidOperationException>(grain.IncrementThenFailAsync);

        var value = await Within.WaitAsync(grain.GetAsync(), $"grain Counter/{key} to answer after a failed turn");
        Assert.True(value == 1, $"Expected the stored value 1 after a turn failed before writing, but the grain answered {value} from memory.");
    }

    [Fact]
    public async Task A_busy_grain_is_not_deactivated_for_being_idle()
    {
        await using var runtime = GrainRuntimeHarness.Start(
            options => (options.IdleTimeout, options.CollectionInterval) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            Store);
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ICounterGrain>(key);
        var busy = grain.IncrementAfterAsync($"{key}:release");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:blocked").Task, $"grain Counter/{key} to enter its blocking turn");

        runtime.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["activate"], runtime.Probe.Events(key));
        runtime.Probe.Signal($"{key}:release").SetResult();
        Assert.Equal(1, await Within.WaitAsync(busy, $"the blocking turn of grain Counter/{key} to end once released"));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_InconsistentStateException_and_the_next_call_reads_the_fresh_state()
    {
        await using var runtime = GrainRuntimeHarness.Start(store: Store);
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await grain.IncrementAsync());
        await WriteBehindTheGrainAsync(key, 10);

        await Assert.ThrowsAsync<InconsistentStateException>(grain.IncrementAsync);

        Assert.Equal(10, await Within.WaitAsync(grain.GetAsync(), $"grain Counter/{key} to be served by a new activation after losing a version race"));
        Assert.Equal(11, await grain.IncrementAsync());
        Assert.Equal(["activate", "deactivate", "activate"], runtime.Probe.Events(key));
    }

    [Fact]
    public async Task A_call_queued_behind_a_write_that_lost_a_version_race_is_served_by_a_fresh_activation()
    {
        await using var runtime = GrainRuntimeHarness.Start(store: Store);
        var key = GrainRuntimeHarness.NewKey();
        var grain = runtime.Grains.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await grain.IncrementAsync());
        var losing = grain.IncrementAfterAsync($"{key}:release");
        await Within.WaitAsync(runtime.Probe.Signal($"{key}:blocked").Task, $"grain Counter/{key} to enter its blocking turn");
        var queued = grain.GetAsync();
        await WriteBehindTheGrainAsync(key, 10);

        runtime.Probe.Signal($"{key}:release").SetResult();

        await Assert.ThrowsAsync<InconsistentStateException>(() => losing);
        var value = await Within.WaitAsync(queued, $"the call queued on grain Counter/{key} behind the losing write");
        Assert.True(value == 10,
            $"Expected the call queued behind the losing write of grain Counter/{key} to read the committed 10 from a new activation, but it read {value}.");
    }

    private async Task WriteBehindTheGrainAsync(string key, int value)
    {
        // A second writer, such as an activation on another silo, commits a newer version.
        var id = GrainId.For<ICounterGrain>(key);
        var current = await Store.ReadAsync(id, CancellationToken.None);
        await Store.WriteAsync(id, JsonSerializer.Serialize(new CounterState { Value = value }, GrainJson.Options), current?.Etag, CancellationToken.None);
    }
}

public sealed class InMemoryGrainStateTests : GrainStateTests
{
    protected override IGrainStateStore Store { get; } = new InMemoryGrainStateStore();
}

[Collection(PostgresStoreCollection.Name)]
public sealed class PostgresGrainStateTests(PostgresStoreFixture postgres) : GrainStateTests
{
    protected override IGrainStateStore Store => postgres.Store;
}
