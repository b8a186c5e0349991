using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>Orleans reminders of one service id in PostgreSQL, keyed by grain and reminder name.</summary>
internal sealed class PostgresReminderTable(ClusteringDatabase database, IOptions<ClusterOptions> clusterOptions) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, etag";

    // Reminders outlive deployments, so they belong to the service id; the cluster id may change between them.
    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    public Task StartAsync(CancellationToken cancellationToken = default) =>
        database.WhenReachableAsync(_ => Task.CompletedTask, cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        ReadManyAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service_id AND grain_id = @grain_id",
            command => command.Parameters.AddWithValue("grain_id", grainId.ToString()),
            cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        // The range is (begin, end] on the hash ring; when begin >= end it wraps past uint.MaxValue to zero,
        // and begin == end is the whole ring.
        var range = begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        return ReadManyAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service_id AND {range}",
            command =>
            {
                command.Parameters.AddWithValue("begin", (long)begin);
                command.Parameters.AddWithValue("end", (long)end);
            },
            cancellationToken);
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await ReadManyAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE service_id = @service_id AND grain_id = @grain_id AND reminder_name = @reminder_name",
            command =>
            {
                command.Parameters.AddWithValue("grain_id", grainId.ToString());
                command.Parameters.AddWithValue("reminder_name", reminderName);
            },
            cancellationToken).ConfigureAwait(false);
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, etag)
            VALUES (@service_id, @grain_id, @reminder_name, @grain_hash, @start_at, @period, @etag)
            ON CONFLICT (service_id, grain_id, reminder_name)
            DO UPDATE SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
            """,
            connection);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("grain_id", entry.GrainId.ToString());
        command.Parameters.AddWithValue("reminder_name", entry.ReminderName);
        command.Parameters.AddWithValue("grain_hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("start_at", NpgsqlDbType.TimestampTz, Timestamps.AsUtc(entry.StartAt));
        command.Parameters.AddWithValue("period", NpgsqlDbType.Interval, entry.Period);
        command.Parameters.AddWithValue("etag", etag);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "DELETE FROM orleans_reminders WHERE service_id = @service_id AND grain_id = @grain_id AND reminder_name = @reminder_name AND etag = @etag",
            connection);
        command.Parameters.AddWithValue("service_id", _serviceId);
        command.Parameters.AddWithValue("grain_id", grainId.ToString());
        command.Parameters.AddWithValue("reminder_name", reminderName);
        command.Parameters.AddWithValue("etag", eTag);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM orleans_reminders WHERE service_id = @service_id", connection);
        command.Parameters.AddWithValue("service_id", _serviceId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Orleans 10 calls the cancellation-aware members; the tokenless ones remain for older callers.
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    Task IReminderTable.Init() => StartAsync();

    private async Task<ReminderTableData> ReadManyAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("service_id", _serviceId);
        bind(command);

        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = reader.GetFieldValue<DateTime>(2),
                Period = reader.GetFieldValue<TimeSpan>(3),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(entries);
    }
}
