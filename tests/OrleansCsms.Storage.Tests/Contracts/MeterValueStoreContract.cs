using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>Sampled values: committed before the caller returns, counted per caller, never stored twice.</summary>
public abstract class MeterValueStoreContract(StorageFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly IMeterValueStore _store = fixture.Storage.Get<IMeterValueStore>();
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Stored_values_come_back_oldest_first_with_every_field()
    {
        var transactionId = NewTransactionId();
        var later = Value(transactionId, 2) with { Context = "Sample.Periodic", Format = "Raw", Phase = "L1", Location = "Outlet", Unit = "A", Measurand = "Current.Import", Source = "ocpp1.6" };
        var earlier = Value(transactionId, 1) with { Context = null, Format = null, Phase = null, Location = null, Unit = null, Measurand = null };

        Assert.Equal(2, await _store.AppendAsync([later, earlier], _cancellation));

        Assert.Equal([earlier, later], await _store.ListByTransactionAsync(transactionId, _cancellation));
    }

    [Fact]
    public async Task Many_concurrent_appends_are_all_committed_and_each_caller_gets_its_own_count()
    {
        var transactionId = NewTransactionId();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 300).Select(async caller =>
        {
            await start.Task;
            var values = Enumerable.Range(0, 5).Select(i => Value(transactionId, (caller * 5) + i)).ToArray();
            return await _store.AppendAsync(values, _cancellation);
        }).ToArray();
        start.SetResult();

        var counts = await Task.WhenAll(callers).Within("300 concurrent meter value appends");

        Assert.All(counts, count => Assert.Equal(5, count));
        Assert.Equal(1_500, (await _store.ListByTransactionAsync(transactionId, _cancellation)).Count);
        Assert.Equal(1_500, await _store.CountByTransactionAsync(transactionId, _cancellation));
    }

    [Fact]
    public async Task A_replayed_batch_adds_nothing()
    {
        var transactionId = NewTransactionId();
        var values = Enumerable.Range(0, 10).Select(i => Value(transactionId, i)).ToArray();
        await _store.AppendAsync(values, _cancellation);

        var added = await _store.AppendAsync(values, _cancellation);

        Assert.Equal(0, added);
        Assert.Equal(10, (await _store.ListByTransactionAsync(transactionId, _cancellation)).Count);
    }

    [Fact]
    public async Task A_replay_that_adds_one_new_value_counts_only_that_one()
    {
        var transactionId = NewTransactionId();
        var values = Enumerable.Range(0, 3).Select(i => Value(transactionId, i)).ToList();
        await _store.AppendAsync(values, _cancellation);

        var added = await _store.AppendAsync([.. values, Value(transactionId, 3)], _cancellation);

        Assert.Equal(1, added);
    }

    [Fact]
    public async Task The_same_values_sent_by_two_concurrent_callers_are_stored_once()
    {
        var transactionId = NewTransactionId();
        var values = Enumerable.Range(0, 20).Select(i => Value(transactionId, i)).ToArray();

        var counts = await Task.WhenAll(_store.AppendAsync(values, _cancellation), _store.AppendAsync(values, _cancellation))
            .Within("two concurrent appends of the same values");

        Assert.Equal(20, counts.Sum());
        Assert.Equal(20, (await _store.ListByTransactionAsync(transactionId, _cancellation)).Count);
    }

    [Fact]
    public async Task Values_that_differ_only_in_measurand_phase_location_or_context_are_all_kept()
    {
        var transactionId = NewTransactionId();
        var sample = Value(transactionId, 0);
        var variants = new[]
        {
            sample,
            sample with { Measurand = "Power.Active.Import" },
            sample with { Phase = "L2" },
            sample with { Location = "Body" },
            sample with { Context = "Transaction.End" },
            sample with { TransactionId = null },
        };

        Assert.Equal(variants.Length, await _store.AppendAsync(variants, _cancellation));
    }

    [Fact]
    public async Task A_single_append_larger_than_a_batch_is_stored_whole()
    {
        var transactionId = NewTransactionId();
        var values = Enumerable.Range(0, 1_200).Select(i => Value(transactionId, i)).ToArray();

        Assert.Equal(1_200, await _store.AppendAsync(values, _cancellation));
        Assert.Equal(1_200, (await _store.ListByTransactionAsync(transactionId, _cancellation)).Count);
    }

    [Fact]
    public async Task Appending_nothing_returns_zero()
    {
        Assert.Equal(0, await _store.AppendAsync([], _cancellation));
    }

    [Fact]
    public async Task A_reading_of_other_quantities_at_the_same_time_is_kept_and_its_replay_is_not()
    {
        var transactionId = NewTransactionId();
        var energy = Value(transactionId, 0);
        var stateOfCharge = energy with { Measurand = "SoC", Unit = "Percent", Value = "64" };
        await _store.AppendAsync([energy], _cancellation);

        var added = await _store.AppendAsync([stateOfCharge], _cancellation);
        var replayed = await _store.AppendAsync([stateOfCharge], _cancellation);

        Assert.True((added, replayed) == (1, 0),
            $"Expected a reading of another quantity at the same time to add 1 value and its replay 0, but they added {added} and {replayed}.");
        Assert.Equal([energy, stateOfCharge], await _store.ListByTransactionAsync(transactionId, _cancellation));
        Assert.Equal(2, await _store.CountByTransactionAsync(transactionId, _cancellation));
    }

    [Fact]
    public async Task Sampled_values_stored_one_row_each_before_the_upgrade_read_back_unchanged_after_it()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await database.MigrateToAsync(version: 3);
        await database.ExecuteAsync("""
            INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, ts, value, context, format, measurand, phase, location, unit, source)
            VALUES ('CP-upgraded', 1, 77, '2025-03-01T08:00:00.0000000Z', '1500', 'Sample.Periodic', NULL, 'Energy.Active.Import.Register', NULL, 'Outlet', 'Wh', 'MeterValues'),
                   ('CP-upgraded', 1, 77, '2025-03-01T08:00:00.0000000Z', '16.5', 'Sample.Periodic', NULL, 'Current.Import', 'L1', 'Outlet', 'A', 'MeterValues'),
                   ('CP-upgraded', 1, 77, '2025-03-01T08:01:00.0000000Z', '1800', 'Transaction.End', NULL, NULL, NULL, NULL, NULL, 'StopTransaction')
            """);

        await using var upgraded = await database.StartAsync();
        var store = upgraded.Get<IMeterValueStore>();
        var listed = await store.ListByTransactionAsync(77, _cancellation);
        var replayed = await store.AppendAsync([.. listed.Take(2)], _cancellation);

        Assert.Equal(
            [
                new MeterValueRecord("CP-upgraded", 1, 77, Start, "1500", "Sample.Periodic", null, "Energy.Active.Import.Register", null, "Outlet", "Wh", "MeterValues"),
                new MeterValueRecord("CP-upgraded", 1, 77, Start, "16.5", "Sample.Periodic", null, "Current.Import", "L1", "Outlet", "A", "MeterValues"),
                new MeterValueRecord("CP-upgraded", 1, 77, Start.AddMinutes(1), "1800", "Transaction.End", null, null, null, null, null, "StopTransaction"),
            ],
            listed);
        Assert.True(replayed == 0, $"Expected the upgraded reading, sent again, to add nothing, but it added {replayed} value(s).");
        Assert.Equal(3, await store.CountByTransactionAsync(77, _cancellation));
    }

    private static int NewTransactionId() => Random.Shared.Next(1, int.MaxValue);

    private static MeterValueRecord Value(int transactionId, int second) => new(
        ChargePointId: $"CP-{transactionId}",
        ConnectorId: 1,
        TransactionId: transactionId,
        Timestamp: Start.AddSeconds(second).AddMilliseconds(123),
        Value: (1_000 + second).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Context: "Sample.Periodic",
        Format: "Raw",
        Measurand: "Energy.Active.Import.Register",
        Phase: null,
        Location: "Outlet",
        Unit: "Wh",
        Source: "ocpp1.6");
}

public sealed class PostgresMeterValueStoreTests(PostgresFixture fixture) : MeterValueStoreContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteMeterValueStoreTests(SqliteFixture fixture) : MeterValueStoreContract(fixture), IClassFixture<SqliteFixture>;
