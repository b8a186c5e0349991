using Orleans.Storage;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>The event outbox: an event is stored if and only if the state write that raised it commits, in stream order.</summary>
public abstract class EventOutboxContract(StorageFixture fixture)
{
    private readonly IGrainStateStore _states = fixture.Storage.Get<IGrainStateStore>();
    private readonly IEventOutbox _outbox = fixture.Storage.Get<IEventOutbox>();
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Events_raised_with_a_state_write_are_stored_with_it_numbered_per_charge_point()
    {
        var chargePoint = NewChargePoint();
        var grain = NewGrain();

        var first = await _states.WriteAsync(grain, """{"n":1}""", null, [Raised(chargePoint, EventTypes.Connected), Raised(chargePoint, EventTypes.Booted)], _cancellation);
        await _states.WriteAsync(grain, """{"n":2}""", first, [Raised(chargePoint, EventTypes.StatusChanged)], _cancellation);
        await _outbox.AppendAsync([Raised(chargePoint, EventTypes.CommandAnswered)], _cancellation);

        var stored = await _outbox.ReadAsync(new EventQuery(0, 100, chargePoint), _cancellation);
        Assert.Equal([EventTypes.Connected, EventTypes.Booted, EventTypes.StatusChanged, EventTypes.CommandAnswered], stored.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], stored.Select(e => e.Sequence));
        Assert.True(stored.Zip(stored.Skip(1)).All(pair => pair.First.Position < pair.Second.Position), "Expected positions to grow in the order the events were stored.");
        Assert.Equal(chargePoint, Assert.IsType<string>(System.Text.Json.JsonDocument.Parse(stored[0].Body).RootElement.GetProperty("chargePointId").GetString()));
    }

    [Fact]
    public async Task A_conflicting_state_write_stores_none_of_its_events()
    {
        var chargePoint = NewChargePoint();
        var grain = NewGrain();
        var stale = await _states.WriteAsync(grain, """{"n":1}""", null, [Raised(chargePoint, EventTypes.Connected)], _cancellation);
        await _states.WriteAsync(grain, """{"n":2}""", stale, [Raised(chargePoint, EventTypes.Booted)], _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _states.WriteAsync(grain, """{"n":99}""", stale, [Raised(chargePoint, EventTypes.StatusChanged)], _cancellation));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _states.WriteAsync(grain, """{"n":100}""", null, [Raised(chargePoint, EventTypes.Disconnected)], _cancellation));

        var stored = await _outbox.ReadAsync(new EventQuery(0, 100, chargePoint), _cancellation);
        Assert.Equal([EventTypes.Connected, EventTypes.Booted], stored.Select(e => e.Type));
    }

    [Fact]
    public async Task Of_two_writes_racing_from_one_version_only_the_winner_stores_its_events()
    {
        var chargePoint = NewChargePoint();
        var grain = NewGrain();
        var version = await _states.WriteAsync(grain, """{"n":1}""", null, _cancellation);

        // Sent together, the two may share one batch on an engine that batches: still only one may win.
        var outcomes = await Task.WhenAll(new[] { "A", "B" }.Select(type => AttemptAsync(grain, version, type, chargePoint)));

        var winner = Assert.Single(outcomes, o => o.Won);
        var stored = Assert.Single(await _outbox.ReadAsync(new EventQuery(0, 100, chargePoint), _cancellation));
        Assert.Equal(winner.Type, stored.Type);
    }

    [Fact]
    public async Task Reading_after_a_position_filters_by_charge_point_and_type()
    {
        var (one, other) = (NewChargePoint(), NewChargePoint());
        await _outbox.AppendAsync([Raised(one, EventTypes.Connected), Raised(other, EventTypes.Connected), Raised(one, EventTypes.Booted)], _cancellation);

        var ofOne = await _outbox.ReadAsync(new EventQuery(0, 100, one), _cancellation);
        var bootsOfOne = await _outbox.ReadAsync(new EventQuery(0, 100, one, [EventTypes.Booted]), _cancellation);
        var afterFirst = await _outbox.ReadAsync(new EventQuery(ofOne[0].Position, 100, one), _cancellation);

        Assert.Equal([EventTypes.Connected, EventTypes.Booted], ofOne.Select(e => e.Type));
        Assert.Equal(EventTypes.Booted, Assert.Single(bootsOfOne).Type);
        Assert.Equal(ofOne[1].Position, Assert.Single(afterFirst).Position);
        Assert.True(await _outbox.LastPositionAsync(_cancellation) >= ofOne[1].Position, "Expected the last position to be at least the newest event's.");
    }

    [Fact]
    public async Task Pruning_by_count_keeps_the_newest_events_and_numbering_carries_on()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var host = await database.StartAsync();
        var outbox = host.Get<IEventOutbox>();
        var chargePoint = NewChargePoint();
        await outbox.AppendAsync([.. Enumerable.Range(0, 10).Select(_ => Raised(chargePoint, EventTypes.StatusChanged))], _cancellation);

        var deleted = await outbox.PruneAsync(null, 4, 100, _cancellation);
        await outbox.AppendAsync([Raised(chargePoint, EventTypes.Booted)], _cancellation);

        Assert.Equal(6, deleted);
        var kept = await outbox.ReadAsync(new EventQuery(0, 100), _cancellation);
        Assert.Equal([7L, 8, 9, 10, 11], kept.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Pruning_by_age_removes_only_events_recorded_before_the_cutoff()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var host = await database.StartAsync();
        var outbox = host.Get<IEventOutbox>();
        await outbox.AppendAsync([Raised(NewChargePoint(), EventTypes.Connected)], _cancellation);

        Assert.Equal(0, await outbox.PruneAsync(DateTimeOffset.UtcNow.AddHours(-1), null, 100, _cancellation));
        Assert.Equal(1, await outbox.PruneAsync(DateTimeOffset.UtcNow.AddHours(1), null, 100, _cancellation));
        Assert.Empty(await outbox.ReadAsync(new EventQuery(0, 100), _cancellation));
    }

    private async Task<(bool Won, string Type)> AttemptAsync(GrainStateKey grain, string version, string type, string chargePoint)
    {
        try
        {
            await _states.WriteAsync(grain, $$"""{"n":"{{type}}"}""", version, [Raised(chargePoint, type)], _cancellation);
            return (true, type);
        }
        catch (InconsistentStateException)
        {
            return (false, type);
        }
    }

    private static RaisedEvent Raised(string chargePointId, string type) =>
        RaisedEvent.Of(chargePointId, type, DateTimeOffset.UtcNow, new { chargePointId });

    private static string NewChargePoint() => $"CP-{Guid.NewGuid():N}";

    private static GrainStateKey NewGrain() => new("Contract", Guid.NewGuid().ToString("N"));
}

public sealed class PostgresEventOutboxTests(PostgresFixture fixture) : EventOutboxContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteEventOutboxTests(SqliteFixture fixture) : EventOutboxContract(fixture), IClassFixture<SqliteFixture>;
