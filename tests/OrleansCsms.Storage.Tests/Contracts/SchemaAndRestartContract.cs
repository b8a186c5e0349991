using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>Migrations, restarts and health: what happens around the stores rather than in them.</summary>
public abstract class SchemaAndRestartContract(StorageFixture fixture)
{
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Migrating_a_migrated_database_again_applies_nothing()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync();

        var applied = await storage.Engine.MigrateAsync(_cancellation);

        Assert.Empty(applied);
    }

    [Fact]
    public async Task Two_processes_migrating_the_same_new_database_at_once_apply_each_migration_exactly_once()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var first = database.Build();
        await using var second = database.Build();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<IReadOnlyList<int>> MigrateAsync(StorageHost host)
        {
            await start.Task;
            return await host.Engine.MigrateAsync(_cancellation);
        }

        var migrating = new[] { MigrateAsync(first), MigrateAsync(second) };
        start.SetResult();
        var applied = await Task.WhenAll(migrating).Within("two concurrent migrations");

        var all = applied.SelectMany(versions => versions).Order().ToArray();
        Assert.True(all.Length > 0, "Expected the migrations to be applied by one of the two processes.");
        Assert.True(all.Distinct().Count() == all.Length, $"Expected each migration applied once, but the two processes applied [{string.Join(", ", all)}].");
        Assert.True(applied.Any(versions => versions.Count == 0), "Expected the process that waited to find nothing left to apply.");
    }

    [Fact]
    public async Task Data_written_before_a_restart_is_there_after_it()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        var grain = new GrainStateKey("Restart", "survivor");
        var value = new MeterValueRecord("CP-1", 1, 77, new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero), "42", null, null, null, null, null, "Wh", "ocpp1.6");
        var entry = new OcppMessageLogEntry(value.Timestamp, "CP-1", "In", 2, "m-1", "Heartbeat", """[2,"m-1","Heartbeat",{}]"""u8.ToArray());
        string etag;
        int lastId;
        await using (var before = await database.StartAsync())
        {
            etag = await before.Get<IGrainStateStore>().WriteAsync(grain, """{"alive":true}""", null, _cancellation);
            await before.Get<IMeterValueStore>().AppendAsync([value], _cancellation);
            lastId = await before.Get<ITransactionIdSequence>().NextAsync(_cancellation);

            // Not flushed on purpose: stopping the host must drain the log.
            before.Get<IOcppMessageLog>().Append(entry);
        }

        await using var after = await database.StartAsync();

        Assert.Equal(etag, (await after.Get<IGrainStateStore>().ReadAsync(grain, _cancellation))?.Etag);
        Assert.Equal([value], await after.Get<IMeterValueStore>().ListByTransactionAsync(77, _cancellation));
        Assert.Equal([entry], (await after.Get<IOcppMessageLog>().ListAsync("CP-1", 1, 10, _cancellation)).Items);
        var nextId = await after.Get<ITransactionIdSequence>().NextAsync(_cancellation);
        Assert.True(nextId > lastId, $"Expected the first id after a restart to exceed {lastId}, the last one before it, but got {nextId}.");
    }

    [Fact]
    public async Task A_started_storage_reports_ready_and_describes_itself_as_surviving_restarts()
    {
        var storage = fixture.Storage;

        Assert.True(await storage.Get<IStorageHealth>().IsReadyAsync(_cancellation), "Expected a started storage to report ready.");
        Assert.True(storage.Get<StorageDescription>().SurvivesRestart);
    }
}

public sealed class PostgresSchemaAndRestartTests(PostgresFixture fixture) : SchemaAndRestartContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteSchemaAndRestartTests(SqliteFixture fixture) : SchemaAndRestartContract(fixture), IClassFixture<SqliteFixture>;
