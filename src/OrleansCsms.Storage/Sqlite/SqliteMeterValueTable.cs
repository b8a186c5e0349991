using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>meter_values on SQLite: a whole batch in one transaction, so one synced commit covers it.</summary>
internal sealed class SqliteMeterValueTable(SqliteDatabase database) : IMeterValueTable
{
    private const string Columns = "charge_point_id, connector_id, transaction_id, ts, value, context, format, measurand, phase, location, unit, source";

    private const string InsertSql = $"""
        INSERT INTO meter_values ({Columns})
        VALUES ($charge_point_id, $connector_id, $transaction_id, $ts, $value, $context, $format, $measurand, $phase, $location, $unit, $source)
        ON CONFLICT DO NOTHING
        """;

    private const string ListSql = $"SELECT {Columns} FROM meter_values WHERE transaction_id = $transaction_id ORDER BY ts, id";

    public Task<bool[]> InsertAsync(IReadOnlyList<MeterValueRecord> rows, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => Insert(connection, transaction, rows), cancellationToken);

    public Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, "SELECT count(*) FROM meter_values WHERE transaction_id = $transaction_id");
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
                using var reader = command.ExecuteReader();
                var records = new List<MeterValueRecord>();
                while (reader.Read())
                {
                    records.Add(new MeterValueRecord(
                        ChargePointId: reader.GetString(0),
                        ConnectorId: reader.GetInt32(1),
                        TransactionId: reader.IsDBNull(2) ? null : reader.GetInt32(2),
                        Timestamp: SqliteDatabase.ParseTimestamp(reader.GetString(3)),
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
            },
            cancellationToken);

    private static bool[] Insert(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<MeterValueRecord> rows)
    {
        using var command = SqliteDatabase.Command(connection, transaction, InsertSql);
        var chargePointId = command.Parameters.Add("$charge_point_id", SqliteType.Text);
        var connectorId = command.Parameters.Add("$connector_id", SqliteType.Integer);
        var transactionId = command.Parameters.Add("$transaction_id", SqliteType.Integer);
        var timestamp = command.Parameters.Add("$ts", SqliteType.Text);
        var value = command.Parameters.Add("$value", SqliteType.Text);
        var context = command.Parameters.Add("$context", SqliteType.Text);
        var format = command.Parameters.Add("$format", SqliteType.Text);
        var measurand = command.Parameters.Add("$measurand", SqliteType.Text);
        var phase = command.Parameters.Add("$phase", SqliteType.Text);
        var location = command.Parameters.Add("$location", SqliteType.Text);
        var unit = command.Parameters.Add("$unit", SqliteType.Text);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        command.Prepare();

        var isNew = new bool[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            chargePointId.Value = row.ChargePointId;
            connectorId.Value = row.ConnectorId;
            transactionId.Value = (object?)row.TransactionId ?? DBNull.Value;
            timestamp.Value = SqliteDatabase.FormatTimestamp(row.Timestamp);
            value.Value = row.Value;
            context.Value = (object?)row.Context ?? DBNull.Value;
            format.Value = (object?)row.Format ?? DBNull.Value;
            measurand.Value = (object?)row.Measurand ?? DBNull.Value;
            phase.Value = (object?)row.Phase ?? DBNull.Value;
            location.Value = (object?)row.Location ?? DBNull.Value;
            unit.Value = (object?)row.Unit ?? DBNull.Value;
            source.Value = row.Source;
            isNew[i] = command.ExecuteNonQuery() == 1;
        }

        return isNew;
    }
}
