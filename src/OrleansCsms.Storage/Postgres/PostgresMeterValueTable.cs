using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>meter_values on PostgreSQL: a whole batch is one INSERT ... SELECT FROM unnest(arrays), one round trip.</summary>
internal sealed class PostgresMeterValueTable(PostgresDatabase database) : IMeterValueTable
{
    private const string Columns = "charge_point_id, connector_id, transaction_id, ts, value, context, format, measurand, phase, location, unit, source";

    private const string InsertSql = $"""
        INSERT INTO meter_values ({Columns})
        SELECT * FROM unnest(@charge_point_id, @connector_id, @transaction_id, @ts, @value, @context, @format, @measurand, @phase, @location, @unit, @source)
        ON CONFLICT DO NOTHING
        RETURNING charge_point_id, connector_id, transaction_id, ts, measurand, phase, location, context
        """;

    private const string ListSql = $"SELECT {Columns} FROM meter_values WHERE transaction_id = @transaction_id ORDER BY ts, id";

    private const string CountSql = "SELECT count(*) FROM meter_values WHERE transaction_id = @transaction_id";

    public async Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(CountSql, connection);
        command.Parameters.AddWithValue("transaction_id", transactionId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<bool[]> InsertAsync(IReadOnlyList<MeterValueRecord> rows, CancellationToken cancellationToken)
    {
        var count = rows.Count;
        var chargePointIds = new string[count];
        var connectorIds = new int[count];
        var transactionIds = new int?[count];
        var timestamps = new DateTime[count];
        var values = new string[count];
        var contexts = new string?[count];
        var formats = new string?[count];
        var measurands = new string?[count];
        var phases = new string?[count];
        var locations = new string?[count];
        var units = new string?[count];
        var sources = new string[count];
        var keys = new BusinessKey[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            chargePointIds[i] = PostgresDatabase.Clean(row.ChargePointId)!;
            connectorIds[i] = row.ConnectorId;
            transactionIds[i] = row.TransactionId;
            timestamps[i] = ToMicroseconds(row.Timestamp.UtcDateTime);
            values[i] = PostgresDatabase.Clean(row.Value)!;
            contexts[i] = PostgresDatabase.Clean(row.Context);
            formats[i] = PostgresDatabase.Clean(row.Format);
            measurands[i] = PostgresDatabase.Clean(row.Measurand);
            phases[i] = PostgresDatabase.Clean(row.Phase);
            locations[i] = PostgresDatabase.Clean(row.Location);
            units[i] = PostgresDatabase.Clean(row.Unit);
            sources[i] = PostgresDatabase.Clean(row.Source)!;
            keys[i] = new BusinessKey(chargePointIds[i], connectorIds[i], transactionIds[i], timestamps[i], measurands[i], phases[i], locations[i], contexts[i]);
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("charge_point_id", chargePointIds));
        command.Parameters.Add(new NpgsqlParameter<int[]>("connector_id", connectorIds));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("transaction_id", transactionIds));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("ts", timestamps));
        command.Parameters.Add(new NpgsqlParameter<string[]>("value", values));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("context", contexts));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("format", formats));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("measurand", measurands));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("phase", phases));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("location", locations));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("unit", units));
        command.Parameters.Add(new NpgsqlParameter<string[]>("source", sources));

        // RETURNING names only the rows actually inserted; matching them back by business key tells each
        // caller how many of its own rows were new, without a round trip per caller.
        var inserted = new HashSet<BusinessKey>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add(new BusinessKey(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    reader.GetFieldValue<DateTime>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
        }

        // A key repeated within the batch is inserted once; the first row carrying it gets the credit.
        var isNew = new bool[count];
        for (var i = 0; i < count; i++)
        {
            isNew[i] = inserted.Remove(keys[i]);
        }

        return isNew;
    }

    public async Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ListSql, connection);
        command.Parameters.AddWithValue("transaction_id", transactionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<MeterValueRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new MeterValueRecord(
                ChargePointId: reader.GetString(0),
                ConnectorId: reader.GetInt32(1),
                TransactionId: reader.IsDBNull(2) ? null : reader.GetInt32(2),
                Timestamp: reader.GetFieldValue<DateTimeOffset>(3),
                Value: reader.GetString(4),
                Context: reader.IsDBNull(5) ? null : reader.GetString(5),
                Format: reader.IsDBNull(6) ? null : reader.GetString(6),
                Measurand: reader.IsDBNull(7) ? null : reader.GetString(7),
                Phase: reader.IsDBNull(8) ? null : reader.GetString(8),
                Location: reader.IsDBNull(9) ? null : reader.GetString(9),
                Unit: reader.IsDBNull(10) ? null : reader.GetString(10),
                Source: reader.GetString(11)));
        }

        return records;
    }

    // timestamptz keeps microseconds; truncating here makes the keys sent equal the keys RETURNING gives back.
    private static DateTime ToMicroseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    /// <summary>The columns of the unique index, with the index's coalesce applied so that null and its stand-in compare equal.</summary>
    private readonly record struct BusinessKey(string ChargePointId, int ConnectorId, int TransactionId, DateTime Timestamp, string Measurand, string Phase, string Location, string Context)
    {
        public BusinessKey(string chargePointId, int connectorId, int? transactionId, DateTime timestamp, string? measurand, string? phase, string? location, string? context)
            : this(chargePointId, connectorId, transactionId ?? -1, timestamp, measurand ?? "", phase ?? "", location ?? "", context ?? "")
        {
        }
    }
}
