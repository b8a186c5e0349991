using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>What the console's map and overview read: located charge points, charge points by status, today's transactions.</summary>
internal sealed partial class SqliteCsmsQueries
{
    // The condition repeats, character for character, the partial index of migration 0060.
    private const string LocatedChargePointsSql = $"""
        SELECT grain_key, json_extract(state, '$.description'), json_extract(state, '$.status'), coalesce(json_extract(state, '$.connected'), 0),
               json_extract(state, '$.position.latitude'), json_extract(state, '$.position.longitude'), json_extract(state, '$.address')
        FROM grain_state
        WHERE grain_type = '{GrainTypes.ChargePoint}' AND json_extract(state, '$.position.latitude') IS NOT NULL
          AND json_extract(state, '$.registered') = 1
        ORDER BY grain_key
        """;

    // Charging: a 1.6 connector says so in its status; a 2.0.1 station reports only Occupied there, and says whether
    // the EV charges in its transaction's chargingState. The transactions' condition repeats the partial index of
    // migration 0003, so only transactions in progress are read.
    private const string CountChargePointsSql = $"""
        SELECT count(*),
               coalesce(sum(coalesce(json_extract(cp.state, '$.connected'), 0)), 0),
               coalesce(sum(EXISTS (SELECT 1 FROM json_each(cp.state, '$.connectors') c WHERE json_extract(c.value, '$.status') = 'Charging')
                            OR cp.grain_key IN (SELECT json_extract(t.state, '$.chargePointId') FROM grain_state t
                                                WHERE t.grain_type = '{GrainTypes.Transaction}' AND json_extract(t.state, '$.active') = 1
                                                  AND json_extract(t.state, '$.chargingState') = 'Charging')), 0),
               coalesce(sum(EXISTS (SELECT 1 FROM json_each(cp.state, '$.connectors') c WHERE json_extract(c.value, '$.status') = 'Faulted')), 0),
               coalesce(sum(EXISTS (SELECT 1 FROM json_each(cp.state, '$.connectors') c WHERE json_extract(c.value, '$.status') = 'Unavailable')), 0)
        FROM grain_state cp
        WHERE cp.grain_type = '{GrainTypes.ChargePoint}' AND cp.state IS NOT NULL AND json_extract(cp.state, '$.registered') = 1
        """;

    // julianday() reads the ISO 8601 text System.Text.Json writes, offset included, as an instant.
    private const string SumTransactionsSinceSql = $"""
        SELECT count(*), coalesce(sum(coalesce(json_extract(state, '$.active'), 0)), 0), coalesce(sum(json_extract(state, '$.energyWh')), 0)
        FROM grain_state
        WHERE grain_type = '{GrainTypes.Transaction}' AND state IS NOT NULL
          AND julianday(json_extract(state, '$.startTimestamp')) >= julianday($from)
        """;

    public Task<IReadOnlyList<LocatedChargePoint>> ListLocatedChargePointsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<LocatedChargePoint>>(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, LocatedChargePointsSql);
                using var reader = command.ExecuteReader();
                var located = new List<LocatedChargePoint>();
                while (reader.Read())
                {
                    located.Add(new LocatedChargePoint(
                        reader.GetString(0),
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.GetInt64(3) != 0,
                        new GeoPosition(reader.GetDouble(4), reader.GetDouble(5)),
                        reader.IsDBNull(6) ? null : reader.GetString(6)));
                }

                return located;
            },
            cancellationToken);

    public Task<ChargePointCounts> CountChargePointsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, CountChargePointsSql);
                using var reader = command.ExecuteReader();
                reader.Read();
                return new ChargePointCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            },
            cancellationToken);

    public Task<TransactionTotals> SumTransactionsStartedSinceAsync(DateTimeOffset from, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, SumTransactionsSinceSql);
                command.Parameters.AddWithValue("$from", SqliteDatabase.FormatTimestamp(from));
                using var reader = command.ExecuteReader();
                reader.Read();
                return new TransactionTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            },
            cancellationToken);
}
