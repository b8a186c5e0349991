using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>
/// The event outbox in the embedded file. SQLite has one writer at a time, so positions (an AUTOINCREMENT key, never
/// reused) are committed in the order they are taken, and a charge point's next sequence number is its last plus one.
/// </summary>
internal sealed class SqliteEventOutbox(SqliteDatabase database) : IEventOutbox
{
    private const string NextSequenceSql = """
        INSERT INTO event_sequences (charge_point_id, last_sequence) VALUES ($charge_point_id, 1)
        ON CONFLICT (charge_point_id) DO UPDATE SET last_sequence = last_sequence + 1;
        SELECT last_sequence FROM event_sequences WHERE charge_point_id = $charge_point_id;
        """;

    private const string InsertSql = """
        INSERT INTO events (charge_point_id, sequence, type, occurred_at, body, recorded_at)
        VALUES ($charge_point_id, $sequence, $type, $occurred_at, $body, $recorded_at)
        """;

    private const string LastPositionSql = "SELECT coalesce(max(position), 0) FROM events";

    private const string PruneSql = """
        DELETE FROM events WHERE position IN (
            SELECT position FROM events
            WHERE ($cutoff IS NOT NULL AND recorded_at < $cutoff)
               OR ($keep IS NOT NULL AND position <= (SELECT max(position) FROM events) - $keep)
            ORDER BY position LIMIT $limit)
        """;

    /// <summary>Inserts events in the caller's write transaction.</summary>
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<RaisedEvent> events)
    {
        var recordedAt = SqliteDatabase.Now();
        foreach (var raised in events)
        {
            using var next = SqliteDatabase.Command(connection, transaction, NextSequenceSql);
            next.Parameters.AddWithValue("$charge_point_id", raised.ChargePointId);
            var sequence = (long)next.ExecuteScalar()!;

            using var insert = SqliteDatabase.Command(connection, transaction, InsertSql);
            insert.Parameters.AddWithValue("$charge_point_id", raised.ChargePointId);
            insert.Parameters.AddWithValue("$sequence", sequence);
            insert.Parameters.AddWithValue("$type", raised.Type);
            insert.Parameters.AddWithValue("$occurred_at", SqliteDatabase.FormatTimestamp(raised.Time));
            insert.Parameters.AddWithValue("$body", raised.Body);
            insert.Parameters.AddWithValue("$recorded_at", recordedAt);
            insert.ExecuteNonQuery();
        }
    }

    public Task AppendAsync(IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Count == 0
            ? Task.CompletedTask
            : database.WriteAsync(
                (connection, transaction) =>
                {
                    Insert(connection, transaction, events);
                    return true;
                },
                cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return database.ReadAsync<IReadOnlyList<StoredEvent>>(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, "");
                var sql = "SELECT position, charge_point_id, sequence, type, occurred_at, body FROM events WHERE position > $after";
                command.Parameters.AddWithValue("$after", query.After);
                if (query.ChargePointId is { } chargePointId)
                {
                    sql += " AND charge_point_id = $charge_point_id";
                    command.Parameters.AddWithValue("$charge_point_id", chargePointId);
                }

                if (query.Types is { Count: > 0 } types)
                {
                    sql += $" AND type IN ({string.Join(", ", types.Select((_, i) => $"$type{i}"))})";
                    for (var i = 0; i < types.Count; i++)
                    {
                        command.Parameters.AddWithValue($"$type{i}", types[i]);
                    }
                }

                command.CommandText = sql + " ORDER BY position LIMIT $limit";
                command.Parameters.AddWithValue("$limit", query.Limit);
                using var reader = command.ExecuteReader();
                var events = new List<StoredEvent>();
                while (reader.Read())
                {
                    events.Add(new StoredEvent(
                        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                        SqliteDatabase.ParseTimestamp(reader.GetString(4)), reader.GetString(5)));
                }

                return events;
            },
            cancellationToken);
    }

    public Task<long> LastPositionAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, LastPositionSql);
                return (long)command.ExecuteScalar()!;
            },
            cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset? cutoff, long? keep, int limit, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, PruneSql);
                command.Parameters.AddWithValue("$cutoff", cutoff is { } at ? SqliteDatabase.FormatTimestamp(at) : DBNull.Value);
                command.Parameters.AddWithValue("$keep", (object?)keep ?? DBNull.Value);
                command.Parameters.AddWithValue("$limit", limit);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
}
