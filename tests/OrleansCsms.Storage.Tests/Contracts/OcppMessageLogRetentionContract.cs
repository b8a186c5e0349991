using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>
/// Retention: entries older than MessageLog:RetentionDays are deleted a bounded batch at a time, on a schedule, by
/// any number of processes at once. Each test has a database of its own, since a sweep deletes every old entry in it.
/// </summary>
public abstract class OcppMessageLogRetentionContract(StorageFixture fixture)
{
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task A_sweep_deletes_the_entries_older_than_the_retention_and_keeps_the_rest()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync(Retention(days: 30));
        var now = storage.Time.GetUtcNow();
        var chargePoint = NewChargePoint();
        await AppendAsync(storage, chargePoint, now.AddDays(-400), now.AddDays(-30).AddSeconds(-1), now.AddDays(-30).AddSeconds(1), now.AddMinutes(-1));

        var removed = await storage.Retention.SweepAsync(_cancellation);

        Assert.Equal(2, removed);
        var left = await storage.Get<IOcppMessageLog>().ListAsync(chargePoint, 1, 10, _cancellation);
        Assert.Equal([now.AddMinutes(-1), now.AddDays(-30).AddSeconds(1)], left.Items.Select(entry => entry.Timestamp));
    }

    [Fact]
    public async Task One_delete_removes_at_most_one_batch_and_takes_the_oldest_entries_first()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync();
        var now = storage.Time.GetUtcNow();
        var chargePoint = NewChargePoint();
        var old = Enumerable.Range(0, 25).Select(i => now.AddDays(-100).AddMinutes(i)).ToArray();
        await AppendAsync(storage, chargePoint, old);

        var deleted = await storage.Engine.MessageLog.DeleteOlderThanAsync(now.AddDays(-30), limit: 10, _cancellation);

        Assert.Equal(10, deleted);
        var left = await storage.Get<IOcppMessageLog>().ListAsync(chargePoint, 1, 100, _cancellation);
        Assert.Equal(old.Skip(10).Reverse(), left.Items.Select(entry => entry.Timestamp));
    }

    [Fact]
    public async Task A_backlog_larger_than_a_batch_is_deleted_in_several_batches_and_the_count_is_logged()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync(Retention(days: 30, batchSize: 10));
        var now = storage.Time.GetUtcNow();
        var chargePoint = NewChargePoint();
        await AppendAsync(storage, chargePoint, [.. Enumerable.Range(0, 25).Select(i => now.AddDays(-31).AddSeconds(-i)), now.AddDays(-1)]);

        var removed = await storage.Retention.SweepAsync(_cancellation);

        Assert.Equal(25, removed);
        Assert.Equal(1, (await storage.Get<IOcppMessageLog>().ListAsync(chargePoint, 1, 10, _cancellation)).TotalCount);
        Assert.Contains(storage.Logs.Lines, line => line.Contains("removed 25 entries", StringComparison.Ordinal) && line.Contains("in 3 batches", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_first_sweep_runs_a_minute_after_start_and_the_next_an_hour_after_that()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync(Retention(days: 30));
        var chargePoint = NewChargePoint();
        await AppendAsync(storage, chargePoint, storage.Time.GetUtcNow().AddDays(-31));
        var firstSweep = storage.Logs.WaitForAsync(line => line.Contains("retention removed 1 entries", StringComparison.Ordinal));

        storage.Time.Advance(OcppMessageLogRetention.FirstSweepDelay);

        await firstSweep.Within("the first retention sweep, a minute after start, to log that it removed the old entry");
        await AppendAsync(storage, chargePoint, storage.Time.GetUtcNow().AddDays(-40), storage.Time.GetUtcNow().AddDays(-50));
        var secondSweep = storage.Logs.WaitForAsync(line => line.Contains("retention removed 2 entries", StringComparison.Ordinal));

        storage.Time.Advance(OcppMessageLogRetention.SweepInterval);

        await secondSweep.Within("the second retention sweep, an hour after the first, to log that it removed the two old entries");
        Assert.Equal(0, (await storage.Get<IOcppMessageLog>().ListAsync(chargePoint, 1, 10, _cancellation)).TotalCount);
    }

    [Fact]
    public async Task Two_processes_sweeping_one_database_at_once_delete_every_old_entry_exactly_once()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        var settings = Retention(days: 30, batchSize: 50);
        await using var first = await database.StartAsync(settings);
        await using var second = await database.StartAsync(settings);
        var now = first.Time.GetUtcNow();
        var chargePoint = NewChargePoint();
        await AppendAsync(first, chargePoint, [.. Enumerable.Range(0, 2_000).Select(i => now.AddDays(-60).AddSeconds(i)), now]);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<long> SweepAsync(StorageHost host)
        {
            await start.Task;
            return await host.Retention.SweepAsync(_cancellation);
        }

        var sweeps = new[] { SweepAsync(first), SweepAsync(second) };
        start.SetResult();
        var removed = await Task.WhenAll(sweeps).Within("two processes sweeping at once");

        Assert.True(removed.Sum() == 2_000, $"Expected the two sweeps to remove the 2,000 old entries between them, but they removed {removed[0]} and {removed[1]}.");
        var left = await first.Get<IOcppMessageLog>().ListAsync(chargePoint, 1, 10, _cancellation);
        Assert.Equal([now], left.Items.Select(entry => entry.Timestamp));
    }

    [Fact]
    public async Task A_retention_of_zero_days_keeps_entries_forever()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync(Retention(days: 0));
        var chargePoint = NewChargePoint();
        await AppendAsync(storage, chargePoint, storage.Time.GetUtcNow().AddYears(-10));

        var removed = await storage.Retention.SweepAsync(_cancellation);

        Assert.Equal(0, removed);
        Assert.Equal(1, (await storage.Get<IOcppMessageLog>().ListAsync(chargePoint, 1, 10, _cancellation)).TotalCount);
        Assert.Contains(storage.Logs.Lines, line => line.Contains("kept forever", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Retention(int days, int batchSize = 5_000) => new()
    {
        ["MessageLog:RetentionDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MessageLog:RetentionBatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task AppendAsync(StorageHost storage, string chargePoint, params DateTimeOffset[] timestamps)
    {
        var log = storage.Get<IOcppMessageLog>();
        foreach (var (timestamp, i) in timestamps.Select((timestamp, i) => (timestamp, i)))
        {
            log.Append(new OcppMessageLogEntry(timestamp, chargePoint, "in", 2, $"m-{i}", "Heartbeat", """[2,"m","Heartbeat",{}]"""u8.ToArray()));
        }

        await log.FlushAsync(_cancellation).Within($"{timestamps.Length} message log entries to be written");
    }

    private static string NewChargePoint() => $"CP-{Guid.NewGuid():N}";
}

public sealed class PostgresOcppMessageLogRetentionTests(PostgresFixture fixture) : OcppMessageLogRetentionContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteOcppMessageLogRetentionTests(SqliteFixture fixture) : OcppMessageLogRetentionContract(fixture), IClassFixture<SqliteFixture>;
