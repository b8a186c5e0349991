using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>
/// Sampled values on SQLite, one meter_readings row per reading (see <see cref="MeterReading"/>); a whole batch in one
/// transaction, so one synced commit covers it. The meter_values view shows one row per sampled value.
/// </summary>
internal sealed class SqliteMeterValueTable(SqliteDatabase database) : IMeterValueTable
{
    private const string InsertSql = """
        INSERT INTO meter_readings (charge_point_id, connector_id, transaction_id, ts, source, sample_key, sample_count, samples)
        VALUES ($charge_point_id, $connector_id, $transaction_id, $ts, $source, $sample_key, $sample_count, $samples)
        ON CONFLICT DO NOTHING
        """;

    private const string ListSql = """
        SELECT charge_point_id, connector_id, transaction_id, ts, source, samples
        FROM meter_readings WHERE transaction_id = $transaction_id ORDER BY ts, id
        """;

    private const string ListByChargePointSql = """
        SELECT charge_point_id, connector_id, transaction_id, ts, source, samples
        FROM meter_readings WHERE charge_point_id = $charge_point_id AND ($connector_id IS NULL OR connector_id = $connector_id)
        ORDER BY ts DESC, id DESC LIMIT $readings
        """;

    public Task<bool[]> InsertAsync(IReadOnlyList<MeterValueRecord> rows, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => Insert(connection, transaction, rows), cancellationToken);

    public Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, "SELECT coalesce(sum(sample_count), 0) FROM meter_readings WHERE transaction_id = $transaction_id");
                command.Parameters.AddWithValue("$transaction_id", transactionId);
                return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            },
            cancellationToken);

    public Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<MeterValueRecord>>(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, ListSql);
                command.Parameters.AddWithValue("$transaction_id", transactionId);
                return Read(command);
            },
            cancellationToken);

    public Task<IReadOnlyList<MeterValueRecord>> ListByChargePointAsync(string chargePointId, int? connectorId, int readings, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<MeterValueRecord>>(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, ListByChargePointSql);
                command.Parameters.AddWithValue("$charge_point_id", chargePointId);
                command.Parameters.AddWithValue("$connector_id", connectorId is { } id ? id : DBNull.Value);
                command.Parameters.AddWithValue("$readings", readings);
                return Read(command);
            },
            cancellationToken);

    private static List<MeterValueRecord> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<MeterValueRecord>();
        while (reader.Read())
        {
            records.AddRange(MeterReading.Expand(
                chargePointId: reader.GetString(0),
                connectorId: reader.GetInt32(1),
                transactionId: reader.IsDBNull(2) ? null : reader.GetInt32(2),
                timestamp: SqliteDatabase.ParseTimestamp(reader.GetString(3)),
                source: reader.GetString(4),
                samplesJson: reader.GetString(5)));
        }

        return records;
    }

    private static bool[] Insert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<MeterValueRecord> rows)
    {
        using var command = SqliteDatabase.Command(connection, transaction, InsertSql);
        var chargePointId = command.Parameters.Add("$charge_point_id", SqliteType.Text);
        var connectorId = command.Parameters.Add("$connector_id", SqliteType.Integer);
        var transactionId = command.Parameters.Add("$transaction_id", SqliteType.Integer);
        var timestamp = command.Parameters.Add("$ts", SqliteType.Text);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var sampleKey = command.Parameters.Add("$sample_key", SqliteType.Text);
        var sampleCount = command.Parameters.Add("$sample_count", SqliteType.Integer);
        var samples = command.Parameters.Add("$samples", SqliteType.Text);
        command.Prepare();

        var isNew = new bool[rows.Count];
        foreach (var reading in MeterReading.Group(rows))
        {
            chargePointId.Value = reading.First.ChargePointId;
            connectorId.Value = reading.First.ConnectorId;
            transactionId.Value = (object?)reading.First.TransactionId ?? DBNull.Value;
            timestamp.Value = SqliteDatabase.FormatTimestamp(reading.First.Timestamp);
            source.Value = reading.First.Source;
            sampleKey.Value = reading.SampleKey;
            sampleCount.Value = reading.Samples.Count;
            samples.Value = reading.SamplesJson;
            if (command.ExecuteNonQuery() == 1)
            {
                Array.Fill(isNew, true, reading.FirstRow, reading.Samples.Count);
            }
        }

        return isNew;
    }
}
