using Npgsql;
using NpgsqlTypes;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>ocpp_messages on PostgreSQL, written with binary COPY (the cheapest bulk path the server has); frames are bytea.</summary>
internal sealed class PostgresOcppMessageLogTable(PostgresDatabase database) : IOcppMessageLogTable
{
    private const string CopySql =
        "COPY ocpp_messages (ts, charge_point_id, direction, message_type, message_id, action, frame) FROM STDIN (FORMAT BINARY)";

    private const string PageSql = """
        SELECT count(*) FROM ocpp_messages WHERE charge_point_id = @charge_point_id;
        SELECT ts, charge_point_id, direction, message_type, message_id, action, frame FROM ocpp_messages
        WHERE charge_point_id = @charge_point_id ORDER BY id DESC LIMIT @limit OFFSET @offset
        """;

    // The block range index on ts yields the old ranges in the order they lie on disk, which is the order they were
    // written, so a batch takes the oldest rows without sorting everything past the cutoff. SKIP LOCKED lets
    // processes sweeping at once take different rows instead of queueing on the same ones; a row someone else
    // deleted meanwhile is simply not counted here.
    private const string DeleteSql = """
        DELETE FROM ocpp_messages WHERE id IN (
            SELECT id FROM ocpp_messages WHERE ts < @cutoff LIMIT @limit FOR UPDATE SKIP LOCKED)
        """;

    public async Task WriteAsync(IReadOnlyList<OcppMessageLogEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(entry.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(PostgresDatabase.Clean(entry.ChargePointId)!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(PostgresDatabase.Clean(entry.Direction)!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync((short)entry.MessageType, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(PostgresDatabase.Clean(entry.MessageId)!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            if (entry.Action is null)
            {
                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await importer.WriteAsync(PostgresDatabase.Clean(entry.Action)!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.WriteAsync(entry.Frame, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<OcppMessageLogEntry>> ListAsync(string chargePointId, Paging paging, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PageSql, connection);
        command.Parameters.AddWithValue("charge_point_id", chargePointId);
        command.Parameters.AddWithValue("limit", paging.PageSize);
        command.Parameters.AddWithValue("offset", paging.Offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<OcppMessageLogEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new OcppMessageLogEntry(
                Timestamp: reader.GetFieldValue<DateTimeOffset>(0),
                ChargePointId: reader.GetString(1),
                Direction: reader.GetString(2),
                MessageType: reader.GetInt16(3),
                MessageId: reader.GetString(4),
                Action: reader.IsDBNull(5) ? null : reader.GetString(5),
                Frame: reader.GetFieldValue<byte[]>(6)));
        }

        return new Page<OcppMessageLogEntry>(items, total, paging.Page, paging.PageSize);
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(DeleteSql, connection);
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
