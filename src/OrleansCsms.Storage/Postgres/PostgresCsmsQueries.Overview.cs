using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>What the console's map and overview read: located charge points, charge points by status, today's transactions.</summary>
internal sealed partial class PostgresCsmsQueries
{
    // The condition repeats, character for character, the partial index of migration 0060.
    private const string LocatedChargePointsSql = $"""
        SELECT grain_key, state->>'description', state->>'status', coalesce((state->>'connected')::boolean, false),
               (state->'position'->>'latitude')::float8, (state->'position'->>'longitude')::float8, state->>'address'
        FROM grain_state
        WHERE grain_type = '{GrainTypes.ChargePoint}' AND (state->>'registered')::boolean AND state->'position' IS NOT NULL
        ORDER BY grain_key
        """;

    // Charging: a 1.6 connector says so in its status; a 2.0.1 station reports only Occupied there, and says whether
    // the EV charges in its transaction's chargingState. The transactions' condition repeats the partial index of
    // migration 0003, so only transactions in progress are read.
    private const string CountChargePointsSql = $"""
        SELECT count(*),
               count(*) FILTER (WHERE coalesce((cp.state->>'connected')::boolean, false)),
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jsonb_each(cp.state->'connectors') c WHERE c.value->>'status' = 'Charging')
                                OR cp.grain_key IN (SELECT t.state->>'chargePointId' FROM grain_state t
                                                    WHERE t.grain_type = '{GrainTypes.Transaction}' AND (t.state->>'active')::boolean
                                                      AND t.state->>'chargingState' = 'Charging')),
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jsonb_each(cp.state->'connectors') c WHERE c.value->>'status' = 'Faulted')),
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM jsonb_each(cp.state->'connectors') c WHERE c.value->>'status' = 'Unavailable'))
        FROM grain_state cp
        WHERE cp.grain_type = '{GrainTypes.ChargePoint}' AND (cp.state->>'registered')::boolean
        """;

    private const string SumTransactionsSinceSql = $"""
        SELECT count(*), count(*) FILTER (WHERE coalesce((state->>'active')::boolean, false)), coalesce(sum((state->>'energyWh')::bigint), 0)::bigint
        FROM grain_state
        WHERE grain_type = '{GrainTypes.Transaction}' AND csms_timestamptz(state->>'startTimestamp') >= @from
        """;

    public async Task<IReadOnlyList<LocatedChargePoint>> ListLocatedChargePointsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(LocatedChargePointsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var located = new List<LocatedChargePoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            located.Add(new LocatedChargePoint(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetBoolean(3),
                new GeoPosition(reader.GetDouble(4), reader.GetDouble(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return located;
    }

    public async Task<ChargePointCounts> CountChargePointsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(CountChargePointsSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ChargePointCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    public async Task<TransactionTotals> SumTransactionsStartedSinceAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SumTransactionsSinceSql, connection);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new TransactionTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
