using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class TransactionLifecycleTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_charging_session_from_boot_to_stop_is_visible_with_its_energy_and_meter_values()
    {
        var idTag = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{idTag}", new { status = "Accepted" })).EnsureSuccessStatusCode();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);

        var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        Assert.Equal(300, boot.GetProperty("interval").GetInt32());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Preparing"));
        var authorize = await chargePoint.CallAsync("Authorize", V16Messages.Authorize(idTag));
        Assert.Equal("Accepted", authorize.GetProperty("idTagInfo").GetProperty("status").GetString());

        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, meterStart: 1_000, start));
        var transactionId = started.GetProperty("transactionId").GetInt32();
        Assert.Equal("Accepted", started.GetProperty("idTagInfo").GetProperty("status").GetString());
        for (var minute = 1; minute <= 3; minute++)
        {
            await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, start.AddMinutes(minute * 5), 1_000 + (minute * 2_500)));
        }

        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 9_000, start.AddMinutes(20), idTag,
            transactionData: [V16Messages.MeterValue(start.AddMinutes(20), 9_000, "Transaction.End")]));

        var transaction = await GetJsonAsync($"/api/transactions/{transactionId}");
        Assert.Equal(chargePoint.Id, transaction.GetProperty("chargePointId").GetString());
        Assert.Equal(8_000, transaction.GetProperty("energyWh").GetInt64());
        Assert.False(transaction.GetProperty("active").GetBoolean(), "A stopped transaction must not be active.");
        Assert.Equal("Local", transaction.GetProperty("stopReason").GetString());
        var meterValues = transaction.GetProperty("meterValues").EnumerateArray().ToList();
        Assert.Equal(20, meterValues.Count);
        var current = meterValues.First(v => v.GetProperty("measurand").GetString() == "Current.Import");
        Assert.Equal("L1", current.GetProperty("phase").GetString());
        Assert.Equal("A", current.GetProperty("unit").GetString());
        Assert.Equal("Sample.Periodic", current.GetProperty("context").GetString());
        Assert.Contains(meterValues, v => v.GetProperty("location").GetString() == "EV" && v.GetProperty("measurand").GetString() == "SoC");
        Assert.Contains(meterValues, v => v.GetProperty("context").GetString() == "Transaction.End");

        var details = await GetJsonAsync($"/api/charge-points/{chargePoint.Id}");
        Assert.Equal("Acme", details.GetProperty("boot").GetProperty("vendor").GetString());
        Assert.Equal("Available", details.GetProperty("status").GetString());
        Assert.True(details.GetProperty("connected").GetBoolean(), "The charge point is connected while its socket is open.");
        Assert.Empty(details.GetProperty("activeTransactionIds").EnumerateArray());
    }

    [Fact]
    public async Task A_resent_start_transaction_gets_the_same_transaction_id_and_a_different_one_gets_a_new_id()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var idTag = Fresh.IdTag();
        var time = DateTimeOffset.UtcNow;

        var first = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 500, time));
        var resent = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 500, time));
        var other = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 501, time));

        Assert.Equal(first.GetProperty("transactionId").GetInt32(), resent.GetProperty("transactionId").GetInt32());
        Assert.NotEqual(first.GetProperty("transactionId").GetInt32(), other.GetProperty("transactionId").GetInt32());
        var list = await GetJsonAsync($"/api/transactions?chargePointId={chargePoint.Id}");
        Assert.Equal(2, list.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task A_resent_stop_transaction_and_replayed_meter_values_are_not_counted_twice()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var idTag = Fresh.IdTag();
        var time = DateTimeOffset.UtcNow.AddMinutes(-10);
        var transactionId = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 100, time))).GetProperty("transactionId").GetInt32();
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, time.AddMinutes(1), 600));
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, time.AddMinutes(1), 600));
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 1_100, time.AddMinutes(2)));
        var resent = await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 1_100, time.AddMinutes(2)));

        Assert.Equal(JsonValueKind.Object, resent.ValueKind);
        var transaction = await GetJsonAsync($"/api/transactions/{transactionId}");
        Assert.Equal(1_000, transaction.GetProperty("energyWh").GetInt64());
        Assert.Equal(5, transaction.GetProperty("meterValues").GetArrayLength());
        Assert.Equal(5, transaction.GetProperty("meterValueCount").GetInt32());
    }

    [Fact]
    public async Task A_stop_for_an_unknown_or_minus_one_transaction_is_acknowledged()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var unknown = await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(int.MaxValue - 7, 10, DateTimeOffset.UtcNow));
        var minusOne = await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(-1, 10, DateTimeOffset.UtcNow, Fresh.IdTag()));

        Assert.Equal(JsonValueKind.Object, unknown.ValueKind);
        Assert.Equal("Invalid", minusOne.GetProperty("idTagInfo").GetProperty("status").GetString());
        var response = await Host.Api.GetAsync($"/api/transactions/{int.MaxValue - 7}");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, "An unknown stop must not invent a transaction under an id the sequence may issue later.");
    }

    [Fact]
    public async Task Authorize_answers_the_status_of_the_id_tag()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var blocked = Fresh.IdTag();
        var expired = Fresh.IdTag();
        var child = Fresh.IdTag();
        var parent = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{blocked}", new { status = "Blocked" })).EnsureSuccessStatusCode();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{expired}", new { status = "Accepted", expiryDate = DateTimeOffset.UtcNow.AddDays(-1) })).EnsureSuccessStatusCode();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{child}", new { status = "Accepted", parentIdTag = parent })).EnsureSuccessStatusCode();

        Assert.Equal("Blocked", await StatusOfAsync(chargePoint, blocked));
        Assert.Equal("Expired", await StatusOfAsync(chargePoint, expired));
        Assert.Equal("Invalid", await StatusOfAsync(chargePoint, Fresh.IdTag()));
        var childInfo = (await chargePoint.CallAsync("Authorize", V16Messages.Authorize(child))).GetProperty("idTagInfo");
        Assert.Equal(parent, childInfo.GetProperty("parentIdTag").GetString());

        await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(child, 0, DateTimeOffset.UtcNow));
        Assert.True(await StatusOfAsync(chargePoint, child) == "Accepted",
            $"Expected Authorize of id tag {child} during its transaction to stay Accepted: ConcurrentTx only answers a StartTransaction.");
    }

    [Fact]
    public async Task A_charge_point_that_loses_power_mid_transaction_keeps_charging_with_its_card_after_the_reboot()
    {
        var idTag = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{idTag}", new { status = "Accepted" })).EnsureSuccessStatusCode();
        var id = Fresh.ChargePointId();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        int lost;
        await using (var beforePowerLoss = await TestChargePoint.ConnectAsync(Host, id))
        {
            await beforePowerLoss.CallAsync("BootNotification", V16Messages.BootNotification());
            lost = (await beforePowerLoss.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 1_000, start))).GetProperty("transactionId").GetInt32();
            await beforePowerLoss.CallAsync("MeterValues", V16Messages.MeterValues(lost, start.AddMinutes(5), 2_200));
        }

        // Power comes back: the charge point boots, the driver taps the same card, and only then is the queued stop delivered.
        await using var afterReboot = await TestChargePoint.ConnectAsync(Host, id);
        await afterReboot.CallAsync("BootNotification", V16Messages.BootNotification());
        var authorized = await afterReboot.CallAsync("Authorize", V16Messages.Authorize(idTag));
        var restarted = await afterReboot.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 2_200, start.AddMinutes(10)));
        var endedByBoot = await GetJsonAsync($"/api/transactions/{lost}");
        await afterReboot.CallAsync("StopTransaction", V16Messages.StopTransaction(lost, 2_300, start.AddMinutes(6), idTag, reason: "PowerLoss"));
        var stopped = await GetJsonAsync($"/api/transactions/{lost}");

        Assert.Equal("Accepted", authorized.GetProperty("idTagInfo").GetProperty("status").GetString());
        Assert.True(restarted.GetProperty("idTagInfo").GetProperty("status").GetString() == "Accepted",
            $"Expected the card {idTag} to start a new transaction after the reboot, but StartTransaction answered {restarted}.");
        Assert.True(endedByBoot.GetProperty("endedBy").GetString() == "Csms" && endedByBoot.GetProperty("meterStop").GetInt32() == 2_200,
            $"Expected the boot to end transaction {lost} at its last reading (2200), but it is {endedByBoot}.");
        Assert.True(stopped.GetProperty("endedBy").GetString() == "ChargePoint" && stopped.GetProperty("energyWh").GetInt64() == 1_300,
            $"Expected the queued stop to replace the CSMS's figures (1300 Wh, PowerLoss), but transaction {lost} is {stopped}.");
    }

    private static async Task<string?> StatusOfAsync(TestChargePoint chargePoint, string idTag) =>
        (await chargePoint.CallAsync("Authorize", V16Messages.Authorize(idTag))).GetProperty("idTagInfo").GetProperty("status").GetString();

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Host.Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected GET {path} to succeed but got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
