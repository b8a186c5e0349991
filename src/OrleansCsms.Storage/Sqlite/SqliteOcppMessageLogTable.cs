using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>ocpp_messages on SQLite: a whole batch in one transaction; frames are BLOBs.</summary>
internal sealed class SqliteOcppMessageLogTable(SqliteDatabase database) : IOcppMessageLogTable
{
    private const string InsertSql = """
        INSERT INTO ocpp_messages (ts, charge_point_id, direction, message_type, message_id, action, frame)
        VALUES ($ts, $charge_point_id, $direction, $message_type, $message_id, $action, $frame)
        """;

    private const string CountSql = "SELECT count(*) FROM ocpp_messages WHERE charge_point_id = $charge_point_id";

    private const string PageSql = """
        SELECT ts, charge_point_id, direction, message_type, message_id, action, frame FROM ocpp_messages
        WHERE charge_point_id = $charge_point_id ORDER BY id DESC LIMIT $limit OFFSET $offset
        """;

    // Timestamps are fixed-width UTC text, so comparing text compares times.
    private const string DeleteSql = """
        DELETE FROM ocpp_messages WHERE id IN (
            SELECT id FROM ocpp_messages WHERE ts < $cutoff ORDER BY ts LIMIT $limit)
        """;

    public Task WriteAsync(IReadOnlyList<OcppMessageLogEntry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => Insert(connection, transaction, entries), cancellationToken);

    public Task<Page<OcppMessageLogEntry>> ListAsync(string chargePointId, Paging paging, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var count = SqliteDatabase.Command(connection, transaction, CountSql);
                count.Parameters.AddWithValue("$charge_point_id", chargePointId);
                var total = (long)count.ExecuteScalar()!;

                using var page = SqliteDatabase.Command(connection, transaction, PageSql);
                page.Parameters.AddWithValue("$charge_point_id", chargePointId);
                page.Parameters.AddWithValue("$limit", paging.PageSize);
                page.Parameters.AddWithValue("$offset", paging.Offset);
                using var reader = page.ExecuteReader();
                var items = new List<OcppMessageLogEntry>();
                while (reader.Read())
                {
                    items.Add(new OcppMessageLogEntry(
                        Timestamp: SqliteDatabase.ParseTimestamp(reader.GetString(0)),
                        ChargePointId: reader.GetString(1),
                        Direction: reader.GetString(2),
                        MessageType: reader.GetInt32(3),
                        MessageId: reader.GetString(4),
                        Action: reader.IsDBNull(5) ? null : reader.GetString(5),
                        Frame: reader.GetFieldValue<byte[]>(6)));
                }

                return new Page<OcppMessageLogEntry>(items, total, paging.Page, paging.PageSize);
            },
            cancellationToken);

    // Each batch is its own write transaction, so grain state and message log writes get the writer in between.
    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, DeleteSql);
                command.Parameters.AddWithValue("$cutoff", SqliteDatabase.FormatTimestamp(cutoff));
                command.Parameters.AddWithValue("$limit", limit);
                return command.ExecuteNonQuery();
            },
            cancellationToken);

    private static int Insert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OcppMessageLogEntry> entries)
    {
        using var command = SqliteDatabase.Command(connection, transaction, InsertSql);
        var timestamp = command.Parameters.Add("$ts", SqliteType.Text);
        var chargePointId = command.Parameters.Add("$charge_point_id", SqliteType.Text);
        var direction = command.Parameters.Add("$direction", SqliteType.Text);
        var messageType = command.Parameters.Add("$message_type", SqliteType.Integer);
        var messageId = command.Parameters.Add("$message_id", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        var frame = command.Parameters.Add("$frame", SqliteType.Blob);
        command.Prepare();
        foreach (var entry in entries)
        {
            timestamp.Value = SqliteDatabase.FormatTimestamp(entry.Timestamp);
            chargePointId.Value = entry.ChargePointId;
            direction.Value = entry.Direction;
            messageType.Value = entry.MessageType;
            messageId.Value = entry.MessageId;
            action.Value = (object?)entry.Action ?? DBNull.Value;
            frame.Value = entry.Frame;
            command.ExecuteNonQuery();
        }

        return entries.Count;
    }
}
