using System.Globalization;
using System.Text.Json;
using Npgsql;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class DurableBeforeAcknowledgedTests(CsmsHostFixture fixture)
{
    [Fact]
    public async Task Every_acknowledged_transaction_message_is_already_committed_in_postgresql()
    {
        var host = fixture.Host;
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        await using var database = NpgsqlDataSource.Create(host.Database!.ConnectionString);
        var time = DateTimeOffset.UtcNow.AddMinutes(-5);

        var transactionId = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), 10, time))).GetProperty("transactionId").GetInt32();
        var startedState = await TransactionStateAsync(database, transactionId);
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, time.AddMinutes(1), 510));
        var storedValues = await ScalarAsync(database, $"SELECT count(*) FROM meter_values WHERE transaction_id = {transactionId}");
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 1_010, time.AddMinutes(2)));
        var stoppedState = await TransactionStateAsync(database, transactionId);

        Assert.True(startedState is not null, $"Transaction {transactionId} must be committed before StartTransaction is answered.");
        Assert.Equal(5L, storedValues);
        Assert.False(stoppedState!.Value.GetProperty("active").GetBoolean(), "The stop must be committed before StopTransaction is answered.");
        Assert.Equal(1_000, stoppedState.Value.GetProperty("energyWh").GetInt64());
    }

    private static async Task<JsonElement?> TransactionStateAsync(NpgsqlDataSource database, int transactionId)
    {
        await using var command = database.CreateCommand("SELECT state::text FROM grain_state WHERE grain_type = 'Transaction' AND grain_key = $1 AND state IS NOT NULL");
        command.Parameters.AddWithValue(transactionId.ToString(CultureInfo.InvariantCulture));
        return await command.ExecuteScalarAsync() is string json ? JsonDocument.Parse(json).RootElement.Clone() : null;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

public sealed class RestartTests
{
    [Fact]
    public async Task With_postgresql_a_transaction_survives_a_restart_of_the_host()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (chargePointId, transactionId) = await RunTransactionAsync(await CsmsHost.StartAsync(database: database));

        await using var restarted = await CsmsHost.StartAsync(database: database);

        await AssertTransactionAsync(restarted, chargePointId, transactionId);
    }

    [Fact]
    public async Task With_the_embedded_store_a_transaction_survives_a_restart_of_the_host()
    {
        var directory = Directory.CreateTempSubdirectory("csms-sqlite-");
        try
        {
            var path = Path.Combine(directory.FullName, "csms.db");
            var (chargePointId, transactionId) = await RunTransactionAsync(await CsmsHost.StartAsync(sqlitePath: path));

            await using var restarted = await CsmsHost.StartAsync(sqlitePath: path);

            await AssertTransactionAsync(restarted, chargePointId, transactionId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(string ChargePointId, int TransactionId)> RunTransactionAsync(CsmsHost host)
    {
        await using (host)
        {
            await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
            var time = DateTimeOffset.UtcNow.AddMinutes(-3);
            await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
            var transactionId = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), 2_000, time))).GetProperty("transactionId").GetInt32();
            await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, time.AddMinutes(1), 2_700));
            await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 3_500, time.AddMinutes(2)));
            return (chargePoint.Id, transactionId);
        }
    }

    private static async Task AssertTransactionAsync(CsmsHost host, string chargePointId, int transactionId)
    {
        var body = await host.Api.GetStringAsync($"/api/transactions/{transactionId}");
        var transaction = JsonDocument.Parse(body).RootElement;
        Assert.Equal(chargePointId, transaction.GetProperty("chargePointId").GetString());
        Assert.Equal(1_500, transaction.GetProperty("energyWh").GetInt64());
        Assert.Equal(5, transaction.GetProperty("meterValues").GetArrayLength());
        var chargePoint = JsonDocument.Parse(await host.Api.GetStringAsync($"/api/charge-points/{chargePointId}")).RootElement;
        Assert.False(chargePoint.GetProperty("connected").GetBoolean(), "After a restart no charge point is connected until it reconnects.");
        Assert.Equal("Acme", chargePoint.GetProperty("boot").GetProperty("vendor").GetString());
    }
}
