using System.Globalization;
using System.Text.Json;
using Orleans.Storage;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>Read-side queries over stored grain state. Each test seeds a database of its own, so totals are exact.</summary>
public abstract partial class CsmsQueriesContract(StorageFixture fixture)
{
    private static readonly DateTimeOffset March1 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Only_registered_charge_points_are_listed_in_id_order()
    {
        await using var seeded = await SeedChargePointsAsync();

        var page = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(), _cancellation);

        Assert.Equal(["CP-A", "CP-B", "CP-C", "CP-E"], page.Items.Select(cp => cp.Id));
        Assert.Equal(4, page.TotalCount);
    }

    [Fact]
    public async Task Charge_points_filter_by_status_ignoring_case()
    {
        await using var seeded = await SeedChargePointsAsync();

        var page = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(Status: "available"), _cancellation);

        Assert.Equal(["CP-A", "CP-E"], page.Items.Select(cp => cp.Id));
    }

    [Fact]
    public async Task Charge_points_filter_by_connection_and_a_missing_flag_means_disconnected()
    {
        await using var seeded = await SeedChargePointsAsync();

        var connected = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(Connected: true), _cancellation);
        var disconnected = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(Connected: false), _cancellation);

        Assert.Equal(["CP-A", "CP-E"], connected.Items.Select(cp => cp.Id));
        Assert.Equal(["CP-B", "CP-C"], disconnected.Items.Select(cp => cp.Id));
    }

    [Fact]
    public async Task Charge_points_page_with_the_total_of_all_matches()
    {
        await using var seeded = await SeedChargePointsAsync();

        var page = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(Page: 2, PageSize: 3), _cancellation);

        Assert.Equal(["CP-E"], page.Items.Select(cp => cp.Id));
        Assert.Equal((4L, 2, 3), (page.TotalCount, page.PageNumber, page.PageSize));
    }

    [Fact]
    public async Task A_cleared_charge_point_is_not_listed()
    {
        await using var seeded = await SeedChargePointsAsync();
        var stored = await seeded.States.ReadAsync(ChargePoint("CP-B"), _cancellation);

        await seeded.States.ClearAsync(ChargePoint("CP-B"), stored!.Etag, _cancellation);

        var page = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(), _cancellation);
        Assert.DoesNotContain("CP-B", page.Items.Select(cp => cp.Id));
    }

    [Fact]
    public async Task Transactions_are_listed_newest_first_by_numeric_id()
    {
        await using var seeded = await SeedTransactionsAsync();

        var page = await seeded.Queries.ListTransactionsAsync(new TransactionQuery(), _cancellation);

        Assert.Equal([10, 3, 2, 1], page.Items.Select(tx => tx.TransactionId));
        Assert.Equal(4, page.TotalCount);
    }

    [Fact]
    public async Task Transactions_filter_by_charge_point_id_tag_and_activity()
    {
        await using var seeded = await SeedTransactionsAsync();

        Assert.Equal(new[] { 2, 1 }, await IdsAsync(seeded, new TransactionQuery(ChargePointId: "CP-A")));
        Assert.Equal(new[] { 10, 3, 1 }, await IdsAsync(seeded, new TransactionQuery(IdTag: "TAG-1")));
        Assert.Equal(new[] { 3, 2 }, await IdsAsync(seeded, new TransactionQuery(Active: true)));
        Assert.Equal(new[] { 10, 1 }, await IdsAsync(seeded, new TransactionQuery(Active: false)));
        Assert.Equal(new[] { 3 }, await IdsAsync(seeded, new TransactionQuery(ChargePointId: "CP-B", IdTag: "TAG-1", Active: true)));
    }

    [Fact]
    public async Task Transactions_filter_by_start_instant_from_inclusive_to_exclusive_whatever_the_offsets()
    {
        await using var seeded = await SeedTransactionsAsync();
        var secondStart = new DateTimeOffset(2025, 3, 2, 7, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(new[] { 3, 2 }, await IdsAsync(seeded, new TransactionQuery(From: secondStart)));
        Assert.Equal(new[] { 1 }, await IdsAsync(seeded, new TransactionQuery(To: secondStart)));
        Assert.Equal(new[] { 2 }, await IdsAsync(seeded, new TransactionQuery(From: secondStart, To: secondStart.AddMilliseconds(1))));
    }

    [Fact]
    public async Task Transaction_totals_count_every_transaction_those_in_progress_and_their_energy()
    {
        await using var seeded = await SeedTransactionsAsync();
        await seeded.WriteAsync(Transaction(20), new TransactionState { TransactionId = 20, ChargePointId = "CP-C", IdTag = "TAG-3", EnergyWh = 7_500 });
        await seeded.WriteAsync(Transaction(21), new TransactionState { TransactionId = 21, ChargePointId = "CP-C", IdTag = "TAG-3", EnergyWh = 2_250, Active = true });

        var totals = await seeded.Queries.SumTransactionsAsync(_cancellation);

        Assert.True(totals == new TransactionTotals(6, 3, 9_750), $"Expected 6 transactions, 3 in progress and 9750 Wh, but got {totals}.");
    }

    [Fact]
    public async Task Transactions_page_with_the_total_of_all_matches()
    {
        await using var seeded = await SeedTransactionsAsync();

        var page = await seeded.Queries.ListTransactionsAsync(new TransactionQuery(Page: 2, PageSize: 3), _cancellation);

        Assert.Equal([1], page.Items.Select(tx => tx.TransactionId));
        Assert.Equal(4, page.TotalCount);
    }

    [Fact]
    public async Task Id_tags_are_listed_in_tag_order_a_page_at_a_time()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        foreach (var tag in new[] { "TAG-C", "TAG-A", "TAG-B" })
        {
            await seeded.WriteAsync(new GrainStateKey(GrainTypes.IdTag, tag), new IdTagState { IdTag = tag, Status = "Accepted" });
        }

        var first = await seeded.Queries.ListIdTagsAsync(1, 2, _cancellation);
        var second = await seeded.Queries.ListIdTagsAsync(2, 2, _cancellation);

        Assert.Equal(["TAG-A", "TAG-B"], first.Items.Select(tag => tag.IdTag));
        Assert.Equal(["TAG-C"], second.Items.Select(tag => tag.IdTag));
        Assert.Equal(3, second.TotalCount);
    }

    [Fact]
    public async Task A_charge_points_reservations_are_listed_newest_first_by_numeric_id_a_page_at_a_time()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        foreach (var (id, chargePointId) in new[] { (9, "CP-A"), (10, "CP-A"), (11, "CP-B"), (2, "CP-A") })
        {
            await seeded.WriteAsync(
                new GrainStateKey(GrainTypes.Reservation, id.ToString(CultureInfo.InvariantCulture)),
                new ReservationState { ReservationId = id, ChargePointId = chargePointId, ConnectorId = 1, IdTag = "TAG-1", ExpiryDate = March1 });
        }

        var first = await seeded.Queries.ListReservationsAsync("CP-A", 1, 2, _cancellation);
        var second = await seeded.Queries.ListReservationsAsync("CP-A", 2, 2, _cancellation);

        Assert.Equal([10, 9], first.Items.Select(r => r.ReservationId));
        Assert.Equal([2], second.Items.Select(r => r.ReservationId));
        Assert.Equal(3, second.TotalCount);
    }

    [Fact]
    public async Task A_charge_points_maintenance_jobs_are_listed_newest_first_by_numeric_id_a_page_at_a_time()
    {
        await using var seeded = await Seeded.StartAsync(fixture);
        foreach (var (id, chargePointId) in new[] { (9, "CP-A"), (10, "CP-A"), (11, "CP-B"), (2, "CP-A") })
        {
            await seeded.WriteAsync(
                new GrainStateKey(GrainTypes.MaintenanceJob, id.ToString(CultureInfo.InvariantCulture)),
                new MaintenanceJobState
                {
                    JobId = id,
                    ChargePointId = chargePointId,
                    Kind = MaintenanceJobKinds.GetDiagnostics,
                    Request = System.Text.Json.JsonSerializer.SerializeToElement(new { location = "ftp://logs.example.com/" }),
                    CreatedAt = March1,
                    History = [new JobStatusEntry("Uploading", March1)],
                });
        }

        var first = await seeded.Queries.ListMaintenanceJobsAsync("CP-A", 1, 2, _cancellation);
        var second = await seeded.Queries.ListMaintenanceJobsAsync("CP-A", 2, 2, _cancellation);

        Assert.Equal([10, 9], first.Items.Select(j => j.JobId));
        Assert.Equal([2], second.Items.Select(j => j.JobId));
        Assert.Equal(3, second.TotalCount);
        Assert.Equal("ftp://logs.example.com/", first.Items[0].Request.GetProperty("location").GetString());
        Assert.Equal("Uploading", Assert.Single(first.Items[0].History).Status);
    }

    [Fact]
    public async Task Resetting_one_front_ends_presence_disconnects_only_its_charge_points_and_fences_their_old_versions()
    {
        await using var seeded = await SeedChargePointsAsync();
        var before = await seeded.States.ReadAsync(ChargePoint("CP-A"), _cancellation);

        await seeded.Queries.ResetPresenceAsync("front-end-1", _cancellation);

        var connected = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(Connected: true), _cancellation);
        Assert.Equal(["CP-E"], connected.Items.Select(cp => cp.Id));
        var reset = await seeded.ReadAsync<ChargePointState>(ChargePoint("CP-A"));
        Assert.Null(reset.Session);
        await Assert.ThrowsAsync<InconsistentStateException>(() => seeded.States.WriteAsync(ChargePoint("CP-A"), before!.Json, before.Etag, _cancellation));
    }

    [Fact]
    public async Task Resetting_presence_without_a_front_end_disconnects_every_charge_point()
    {
        await using var seeded = await SeedChargePointsAsync();

        await seeded.Queries.ResetPresenceAsync(null, _cancellation);

        var connected = await seeded.Queries.ListChargePointsAsync(new ChargePointQuery(Connected: true), _cancellation);
        Assert.Empty(connected.Items);
        Assert.Null((await seeded.ReadAsync<ChargePointState>(ChargePoint("CP-E"))).Session);
    }

    private static GrainStateKey ChargePoint(string id) => new(GrainTypes.ChargePoint, id);

    private async Task<int[]> IdsAsync(Seeded seeded, TransactionQuery query) =>
        [.. (await seeded.Queries.ListTransactionsAsync(query, _cancellation)).Items.Select(tx => tx.TransactionId)];

    private async Task<Seeded> SeedChargePointsAsync()
    {
        var seeded = await Seeded.StartAsync(fixture);
        await seeded.WriteAsync(ChargePoint("CP-E"), ChargePointOf("CP-E", registered: true, "Available", "front-end-2"));
        await seeded.WriteAsync(ChargePoint("CP-A"), ChargePointOf("CP-A", registered: true, "Available", "front-end-1"));
        await seeded.WriteAsync(ChargePoint("CP-B"), ChargePointOf("CP-B", registered: true, "Faulted", frontEndId: null));
        await seeded.States.WriteAsync(ChargePoint("CP-C"), """{"id":"CP-C","registered":true}""", null, _cancellation);
        await seeded.WriteAsync(ChargePoint("CP-D"), ChargePointOf("CP-D", registered: false, "Available", "front-end-1"));
        return seeded;
    }

    private async Task<Seeded> SeedTransactionsAsync()
    {
        var seeded = await Seeded.StartAsync(fixture);
        await seeded.WriteAsync(Transaction(1), TransactionOf(1, "CP-A", "TAG-1", March1, active: false));
        await seeded.WriteAsync(Transaction(2), TransactionOf(2, "CP-A", "TAG-2", new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.FromHours(2)), active: true));
        await seeded.WriteAsync(Transaction(3), TransactionOf(3, "CP-B", "TAG-1", March1.AddDays(2), active: true));
        await seeded.WriteAsync(Transaction(10), TransactionOf(10, "CP-B", "TAG-1", start: null, active: false));
        return seeded;
    }

    private static GrainStateKey Transaction(int id) => new(GrainTypes.Transaction, id.ToString(CultureInfo.InvariantCulture));

    private static ChargePointState ChargePointOf(string id, bool registered, string status, string? frontEndId) => new()
    {
        Id = id,
        Registered = registered,
        Status = status,
        Connected = frontEndId is not null,
        Session = frontEndId is null ? null : new ChargePointSession($"connection-{id}", "ocpp1.6", frontEndId, "10.0.0.1", March1),
    };

    private static TransactionState TransactionOf(int id, string chargePointId, string idTag, DateTimeOffset? start, bool active) => new()
    {
        TransactionId = id,
        ChargePointId = chargePointId,
        ConnectorId = 1,
        IdTag = idTag,
        StartTimestamp = start,
        Active = active,
    };

    /// <summary>A fresh database with a started host on it, seeded through the grain state store.</summary>
    private sealed class Seeded(TestDatabase database, StorageHost host) : IAsyncDisposable
    {
        private readonly CancellationToken _cancellation = Deadline.Token();

        public IGrainStateStore States { get; } = host.Get<IGrainStateStore>();

        public ICsmsQueries Queries { get; } = host.Get<ICsmsQueries>();

        public static async Task<Seeded> StartAsync(StorageFixture fixture)
        {
            var database = await fixture.CreateDatabaseAsync();
            return new Seeded(database, await database.StartAsync());
        }

        public Task WriteAsync<T>(GrainStateKey grain, T state) =>
            States.WriteAsync(grain, JsonSerializer.Serialize(state, GrainJson.Options), null, _cancellation);

        public async Task<T> ReadAsync<T>(GrainStateKey grain)
        {
            var stored = await States.ReadAsync(grain, _cancellation) ?? throw new InvalidOperationException($"Expected {grain} to be stored.");
            return JsonSerializer.Deserialize<T>(stored.Json, GrainJson.Options)!;
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.DisposeAsync();
            }
            finally
            {
                await database.DisposeAsync();
            }
        }
    }
}

public sealed class PostgresCsmsQueriesTests(PostgresFixture fixture) : CsmsQueriesContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteCsmsQueriesTests(SqliteFixture fixture) : CsmsQueriesContract(fixture), IClassFixture<SqliteFixture>;
