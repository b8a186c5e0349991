using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>
/// Sampled values on PostgreSQL, one meter_readings row per reading (see <see cref="MeterReading"/>); a whole batch
/// is one INSERT ... SELECT FROM unnest(arrays), one round trip. The meter_values view shows one row per sampled value.
/// </summary>
internal sealed class PostgresMeterValueTable(PostgresDatabase database) : IMeterValueTable
{
    private const string InsertSql = """
        INSERT INTO meter_readings (charge_point_id, connector_id, transaction_id, ts, source, sample_key, sample_count, samples)
        SELECT * FROM unnest(@charge_point_id, @connector_id, @transaction_id, @ts, @source, @sample_key, @sample_count, @samples)
        ON CONFLICT DO NOTHING
        RETURNING charge_point_id, connector_id, transaction_id, ts, sample_key
        """;

    private const string ListSql = """
        SELECT charge_point_id, connector_id, transaction_id, ts, source, samples::text
        FROM meter_readings WHERE transaction_id = @transaction_id ORDER BY ts, id
        """;

    private const string ListByChargePointSql = """
        SELECT charge_point_id, connector_id, transaction_id, ts, source, samples::text
        FROM meter_readings WHERE charge_point_id = @charge_point_id AND (@connector_id::integer IS NULL OR connector_id = @connector_id)
        ORDER BY ts DESC, id DESC LIMIT @readings
        """;

    private const string CountSql = "SELECT coalesce(sum(sample_count), 0) FROM meter_readings WHERE transaction_id = @transaction_id";

    public async Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(CountSql, connection);
        command.Parameters.AddWithValue("transaction_id", transactionId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<bool[]> InsertAsync(IReadOnlyList<MeterValueRecord> rows, CancellationToken cancellationToken)
    {
        var readings = MeterReading.Group(rows);
        var count = readings.Count;
        var chargePointIds = new string[count];
        var connectorIds = new int[count];
        var transactionIds = new int?[count];
        var timestamps = new DateTime[count];
        var sources = new string[count];
        var sampleKeys = new string[count];
        var sampleCounts = new int[count];
        var samples = new string[count];
        var keys = new BusinessKey[count];
        for (var i = 0; i < count; i++)
        {
            var reading = readings[i];
            chargePointIds[i] = PostgresDatabase.Clean(reading.First.ChargePointId)!;
            connectorIds[i] = reading.First.ConnectorId;
            transactionIds[i] = reading.First.TransactionId;
            timestamps[i] = ToMicroseconds(reading.First.Timestamp.UtcDateTime);
            sources[i] = PostgresDatabase.Clean(reading.First.Source)!;
            sampleKeys[i] = PostgresDatabase.Clean(reading.SampleKey)!;
            sampleCounts[i] = reading.Samples.Count;
            samples[i] = PostgresDatabase.Clean(reading.SamplesJson)!;
            keys[i] = new BusinessKey(chargePointIds[i], connectorIds[i], transactionIds[i] ?? -1, timestamps[i], sampleKeys[i]);
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("charge_point_id", chargePointIds));
        command.Parameters.Add(new NpgsqlParameter<int[]>("connector_id", connectorIds));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("transaction_id", transactionIds));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ts", timestamps));
        command.Parameters.Add(new NpgsqlParameter<string[]>("source", sources));
        command.Parameters.Add(new NpgsqlParameter<string[]>("sample_key", sampleKeys));
        command.Parameters.Add(new NpgsqlParameter<int[]>("sample_count", sampleCounts));
        command.Parameters.Add(new NpgsqlParameter("samples", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = samples });

        // RETURNING names only the readings actually inserted; matching them back by business key tells each caller
        // which of its own were new, without a round trip per caller.
        var inserted = new HashSet<BusinessKey>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add(new BusinessKey(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.IsDBNull(2) ? -1 : reader.GetInt32(2),
                    reader.GetFieldValue<DateTime>(3),
                    reader.GetString(4)));
            }
        }

        // A key repeated within the batch is inserted once; the first reading carrying it gets the credit.
        var isNew = new bool[rows.Count];
        for (var i = 0; i < count; i++)
        {
            if (inserted.Remove(keys[i]))
            {
                Array.Fill(isNew, true, readings[i].FirstRow, readings[i].Samples.Count);
            }
        }

        return isNew;
    }

    public async Task<IReadOnlyList<MeterValueRecord>> ListByChargePointAsync(string chargePointId, int? connectorId, int readings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ListByChargePointSql, connection);
        command.Parameters.AddWithValue("charge_point_id", chargePointId);
        command.Parameters.Add(new NpgsqlParameter("connector_id", NpgsqlDbType.Integer) { Value = connectorId is { } id ? id : DBNull.Value });
        command.Parameters.AddWithValue("readings", readings);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ListSql, connection);
        command.Parameters.AddWithValue("transaction_id", transactionId);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<MeterValueRecord>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<MeterValueRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.AddRange(MeterReading.Expand(
                chargePointId: reader.GetString(0),
                connectorId: reader.GetInt32(1),
                transactionId: reader.IsDBNull(2) ? null : reader.GetInt32(2),
                timestamp: reader.GetFieldValue<DateTimeOffset>(3),
                source: reader.GetString(4),
                samplesJson: reader.GetString(5)));
        }

        return records;
    }

    // timestamptz keeps microseconds; truncating here makes the keys sent equal the keys RETURNING gives back.
    private static DateTime ToMicroseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    /// <summary>The columns of the unique index, with the index's coalesce applied so that a null transaction and its stand-in compare equal.</summary>
    private readonly record struct BusinessKey(string ChargePointId, int ConnectorId, int TransactionId, DateTime Timestamp, string SampleKey);
}
