using System.Text.Json.Nodes;
using Orleans.Storage;

namespace OrleansCsms.Storage.Tests;

/// <summary>Version-checked grain state: the fencing guarantee every engine must give.</summary>
public abstract class GrainStateStoreContract(StorageFixture fixture)
{
    private readonly IGrainStateStore _store = fixture.Storage.Get<IGrainStateStore>();
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task A_grain_that_was_never_written_reads_as_null()
    {
        Assert.Null(await _store.ReadAsync(NewGrain(), _cancellation));
    }

    [Fact]
    public async Task Writing_without_an_etag_stores_the_state_under_the_etag_it_returns()
    {
        var grain = NewGrain();

        var etag = await _store.WriteAsync(grain, """{"count":1}""", null, _cancellation);

        var stored = await _store.ReadAsync(grain, _cancellation);
        Assert.NotNull(stored);
        Assert.Equal(etag, stored.Etag);
        AssertSameJson("""{"count":1}""", stored.Json);
    }

    [Fact]
    public async Task Writing_with_the_current_etag_replaces_the_state_and_changes_the_etag()
    {
        var grain = NewGrain();
        var first = await _store.WriteAsync(grain, """{"count":1}""", null, _cancellation);

        var second = await _store.WriteAsync(grain, """{"count":2}""", first, _cancellation);

        Assert.NotEqual(first, second);
        var stored = await _store.ReadAsync(grain, _cancellation);
        Assert.Equal(second, stored?.Etag);
        AssertSameJson("""{"count":2}""", stored!.Json);
    }

    [Fact]
    public async Task A_stale_writer_cannot_overwrite_a_newer_version()
    {
        var grain = NewGrain();
        var stale = await _store.WriteAsync(grain, """{"count":1}""", null, _cancellation);
        var current = await _store.WriteAsync(grain, """{"count":2}""", stale, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(grain, """{"count":99}""", stale, _cancellation));

        var stored = await _store.ReadAsync(grain, _cancellation);
        Assert.Equal(current, stored?.Etag);
        AssertSameJson("""{"count":2}""", stored!.Json);
    }

    [Fact]
    public async Task Inserting_a_grain_that_is_already_stored_is_refused()
    {
        var grain = NewGrain();
        await _store.WriteAsync(grain, """{"owner":"first"}""", null, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(grain, """{"owner":"second"}""", null, _cancellation));

        AssertSameJson("""{"owner":"first"}""", (await _store.ReadAsync(grain, _cancellation))!.Json);
    }

    [Fact]
    public async Task An_etag_that_names_no_version_is_refused()
    {
        var grain = NewGrain();
        await _store.WriteAsync(grain, "{}", null, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(grain, "{}", "not-a-version", _cancellation));
    }

    [Fact]
    public async Task Of_two_concurrent_inserts_exactly_one_wins()
    {
        for (var round = 0; round < 20; round++)
        {
            var grain = NewGrain();
            var outcomes = await RaceAsync(
                () => _store.WriteAsync(grain, """{"owner":"a"}""", null, _cancellation),
                () => _store.WriteAsync(grain, """{"owner":"b"}""", null, _cancellation));

            Assert.True(outcomes.Won == 1, $"Round {round}: expected exactly one of two concurrent inserts to win, but {outcomes.Won} did.");
        }
    }

    [Fact]
    public async Task Of_two_concurrent_updates_from_the_same_version_exactly_one_wins()
    {
        for (var round = 0; round < 20; round++)
        {
            var grain = NewGrain();
            var etag = await _store.WriteAsync(grain, """{"owner":"none"}""", null, _cancellation);
            var outcomes = await RaceAsync(
                () => _store.WriteAsync(grain, """{"owner":"a"}""", etag, _cancellation),
                () => _store.WriteAsync(grain, """{"owner":"b"}""", etag, _cancellation));

            Assert.True(outcomes.Won == 1, $"Round {round}: expected exactly one of two updates from version {etag} to win, but {outcomes.Won} did.");
        }
    }

    [Fact]
    public async Task Many_grains_updating_at_once_each_get_their_own_new_version_and_state()
    {
        var grains = Enumerable.Range(0, 300).Select(_ => NewGrain()).ToArray();
        var etags = await Task.WhenAll(grains.Select(g => _store.WriteAsync(g, """{"count":0}""", null, _cancellation)));

        var updated = await Task.WhenAll(grains.Select((g, i) => _store.WriteAsync(g, $$"""{"count":{{i}}}""", etags[i], _cancellation)))
            .Within("300 concurrent grain state updates");

        for (var i = 0; i < grains.Length; i++)
        {
            var stored = await _store.ReadAsync(grains[i], _cancellation);
            Assert.True(stored is not null && stored.Etag == updated[i] && updated[i] != etags[i],
                $"Expected grain {grains[i]} to hold version {updated[i]} after its update, but it holds {stored?.Etag}.");
            AssertSameJson($$"""{"count":{{i}}}""", stored!.Json);
        }
    }

    [Fact]
    public async Task Clearing_with_the_current_etag_removes_the_state()
    {
        var grain = NewGrain();
        var etag = await _store.WriteAsync(grain, "{}", null, _cancellation);

        await _store.ClearAsync(grain, etag, _cancellation);

        Assert.Null(await _store.ReadAsync(grain, _cancellation));
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var grain = NewGrain();
        var stale = await _store.WriteAsync(grain, """{"count":1}""", null, _cancellation);
        await _store.WriteAsync(grain, """{"count":2}""", stale, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.ClearAsync(grain, stale, _cancellation));

        AssertSameJson("""{"count":2}""", (await _store.ReadAsync(grain, _cancellation))!.Json);
    }

    [Fact]
    public async Task Clearing_without_an_etag_does_nothing_when_nothing_is_stored_and_is_refused_when_something_is()
    {
        var grain = NewGrain();
        await _store.ClearAsync(grain, null, _cancellation);

        await _store.WriteAsync(grain, "{}", null, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.ClearAsync(grain, null, _cancellation));
    }

    [Fact]
    public async Task A_grain_can_be_stored_again_after_it_was_cleared()
    {
        var grain = NewGrain();
        var etag = await _store.WriteAsync(grain, """{"life":1}""", null, _cancellation);
        await _store.ClearAsync(grain, etag, _cancellation);

        var reborn = await _store.WriteAsync(grain, """{"life":2}""", null, _cancellation);

        var stored = await _store.ReadAsync(grain, _cancellation);
        Assert.Equal(reborn, stored?.Etag);
        AssertSameJson("""{"life":2}""", stored!.Json);
    }

    [Fact]
    public async Task A_writer_holding_an_etag_from_before_a_clear_cannot_overwrite_the_state_stored_after_it()
    {
        var grain = NewGrain();
        var before = await _store.WriteAsync(grain, """{"life":1}""", null, _cancellation);
        await _store.ClearAsync(grain, before, _cancellation);
        await _store.WriteAsync(grain, """{"life":2}""", null, _cancellation);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(grain, """{"life":"stale"}""", before, _cancellation));

        AssertSameJson("""{"life":2}""", (await _store.ReadAsync(grain, _cancellation))!.Json);
    }

    [Fact]
    public async Task Grains_of_different_types_with_the_same_key_are_stored_apart()
    {
        var key = Guid.NewGuid().ToString("N");
        await _store.WriteAsync(new GrainStateKey("ContractA", key), """{"type":"a"}""", null, _cancellation);
        await _store.WriteAsync(new GrainStateKey("ContractB", key), """{"type":"b"}""", null, _cancellation);

        AssertSameJson("""{"type":"a"}""", (await _store.ReadAsync(new GrainStateKey("ContractA", key), _cancellation))!.Json);
        AssertSameJson("""{"type":"b"}""", (await _store.ReadAsync(new GrainStateKey("ContractB", key), _cancellation))!.Json);
    }

    private static GrainStateKey NewGrain() => new("Contract", Guid.NewGuid().ToString("N"));

    // PostgreSQL stores jsonb, which re-spaces and may reorder what it was given; what must survive is the value.
    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected JSON {expected} but the store returned {actual}.");

    private static async Task<(int Won, int Refused)> RaceAsync(params Func<Task<string>>[] writers)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = writers.Select(async write =>
        {
            await start.Task;
            try
            {
                await write();
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(racing).Within("the racing writers to finish");
        return (results.Count(won => won), results.Count(won => !won));
    }
}

public sealed class PostgresGrainStateStoreTests(PostgresFixture fixture) : GrainStateStoreContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteGrainStateStoreTests(SqliteFixture fixture) : GrainStateStoreContract(fixture), IClassFixture<SqliteFixture>;
