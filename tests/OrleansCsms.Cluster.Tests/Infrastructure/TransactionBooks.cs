using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>A transaction grain's state as PostgreSQL holds it.</summary>
public sealed record StoredTransaction(
    int TransactionId, string ChargePointId, int ConnectorId, DateTimeOffset? StartTimestamp, int? MeterStart, int? MeterStop, long? EnergyWh, bool Active);

/// <summary>
/// Checks a <see cref="Ledger"/> against what PostgreSQL holds: every acknowledged start, reading and stop is there,
/// no transaction id went to two different starts, and a stopped transaction's energy is meterStop − meterStart.
/// </summary>
public static class TransactionBooks
{
    /// <summary>Every discrepancy found, as sentences; empty when the books balance.</summary>
    public static async Task<IReadOnlyList<string>> FindDiscrepanciesAsync(NpgsqlDataSource database, Ledger ledger, IReadOnlyCollection<string> chargePointIds)
    {
        var stored = await ReadTransactionsAsync(database, chargePointIds);
        var readings = await ReadMeterValuesAsync(database, chargePointIds);
        var problems = new List<string>();

        foreach (var shared in ledger.Starts.GroupBy(s => s.TransactionId).Where(g => g.Select(s => (s.ChargePointId, s.ConnectorId, s.Timestamp)).Distinct().Count() > 1))
        {
            problems.Add($"transaction id {shared.Key} was issued to {shared.Count()} different starts: {string.Join(", ", shared.Select(s => $"{s.ChargePointId}@{s.Timestamp:O}"))}");
        }

        foreach (var start in ledger.Starts)
        {
            if (!stored.TryGetValue(start.TransactionId, out var row))
            {
                problems.Add($"acknowledged start of transaction {start.TransactionId} ({start.ChargePointId} at {start.Timestamp:O}) has no Transaction grain state");
            }
            else if (row.ChargePointId != start.ChargePointId || row.ConnectorId != start.ConnectorId || row.StartTimestamp != start.Timestamp || row.MeterStart != start.MeterStart)
            {
                problems.Add($"transaction {start.TransactionId} was acknowledged as the start of {start.ChargePointId}/{start.ConnectorId} at {start.Timestamp:O} from {start.MeterStart} Wh " +
                    $"but is stored as {row.ChargePointId}/{row.ConnectorId} at {row.StartTimestamp:O} from {row.MeterStart} Wh");
            }
        }

        foreach (var reading in ledger.Readings.Where(r => !readings.Contains((r.TransactionId, r.Timestamp.UtcDateTime, r.Value.ToString(CultureInfo.InvariantCulture)))))
        {
            problems.Add($"acknowledged meter value {reading.Value} Wh at {reading.Timestamp:O} of transaction {reading.TransactionId} ({reading.ChargePointId}) is not in meter_values");
        }

        foreach (var stop in ledger.Stops)
        {
            if (!stored.TryGetValue(stop.TransactionId, out var row))
            {
                problems.Add($"acknowledged stop of transaction {stop.TransactionId} ({stop.ChargePointId}) has no Transaction grain state");
            }
            else if (row.Active || row.MeterStop != stop.MeterStop)
            {
                problems.Add($"transaction {stop.TransactionId} was acknowledged as stopped at {stop.MeterStop} Wh but is stored as {(row.Active ? "active" : "stopped")} with meterStop {row.MeterStop}");
            }
        }

        foreach (var row in stored.Values.Where(t => !t.Active && t.MeterStop is not null && t.MeterStart is not null && t.EnergyWh != t.MeterStop - t.MeterStart))
        {
            problems.Add($"stopped transaction {row.TransactionId} stores energy {row.EnergyWh} Wh, not meterStop − meterStart = {row.MeterStop - row.MeterStart} Wh");
        }

        return problems;
    }

    /// <summary>Transactions stored for the charge points that no acknowledged start names: attempts whose answer never arrived.</summary>
    public static async Task<int> CountUnacknowledgedStartsAsync(NpgsqlDataSource database, Ledger ledger, IReadOnlyCollection<string> chargePointIds)
    {
        var acknowledged = ledger.Starts.Select(s => s.TransactionId).ToHashSet();
        return (await ReadTransactionsAsync(database, chargePointIds)).Keys.Count(id => !acknowledged.Contains(id));
    }

    public static async Task<Dictionary<int, StoredTransaction>> ReadTransactionsAsync(NpgsqlDataSource database, IReadOnlyCollection<string> chargePointIds)
    {
        await using var command = database.CreateCommand(
            "SELECT state FROM grain_state WHERE grain_type = 'Transaction' AND state IS NOT NULL AND state->>'chargePointId' = ANY($1)");
        command.Parameters.AddWithValue(chargePointIds.ToArray());
        var transactions = new Dictionary<int, StoredTransaction>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            using var state = JsonDocument.Parse(reader.GetString(0));
            var root = state.RootElement;
            var transaction = new StoredTransaction(
                root.GetProperty("transactionId").GetInt32(),
                root.GetProperty("chargePointId").GetString()!,
                root.GetProperty("connectorId").GetInt32(),
                root.TryGetProperty("startTimestamp", out var startedAt) ? startedAt.GetDateTimeOffset() : null,
                root.TryGetProperty("meterStart", out var meterStart) ? meterStart.GetInt32() : null,
                root.TryGetProperty("meterStop", out var meterStop) ? meterStop.GetInt32() : null,
                root.TryGetProperty("energyWh", out var energy) ? energy.GetInt64() : null,
                root.TryGetProperty("active", out var active) && active.GetBoolean());
            transactions[transaction.TransactionId] = transaction;
        }

        return transactions;
    }

    private static async Task<HashSet<(int TransactionId, DateTime Timestamp, string Value)>> ReadMeterValuesAsync(NpgsqlDataSource database, IReadOnlyCollection<string> chargePointIds)
    {
        await using var command = database.CreateCommand(
            "SELECT transaction_id, ts, value FROM meter_values WHERE transaction_id IS NOT NULL AND charge_point_id = ANY($1)");
        command.Parameters.AddWithValue(chargePointIds.ToArray());
        var rows = new HashSet<(int, DateTime, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetFieldValue<DateTime>(1), reader.GetString(2)));
        }

        return rows;
    }
}
