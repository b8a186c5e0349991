using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Core profile: basic actions that go wrong, power failure, offline behaviour and data
/// transfer (document §3.8, §3.11, §3.12 and §3.20). See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class CoreNonHappyAndOfflineTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_023_1_CSMS_Authorize_with_an_unknown_id_tag_is_answered_Invalid()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await AuthorizeAsync(chargePoint, Fresh.IdTag(), "Invalid");
    }

    [Fact]
    public async Task TC_023_2_CSMS_Authorize_with_an_expired_id_tag_is_answered_Expired()
    {
        var idTag = await Operator.IdTagAsync("Expired");
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await AuthorizeAsync(chargePoint, idTag, "Expired");
    }

    [Fact]
    public async Task TC_023_3_CSMS_Authorize_with_a_blocked_id_tag_is_answered_Blocked()
    {
        var idTag = await Operator.IdTagAsync("Blocked");
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await AuthorizeAsync(chargePoint, idTag, "Blocked");
    }

    [Fact]
    public async Task TC_024_CSMS_A_connector_lock_failure_is_acknowledged_and_recorded()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        await AuthorizeAsync(chargePoint, idTag);

        await StatusAsync(chargePoint, Connector, "Preparing");
        await StatusAsync(chargePoint, Connector, "Faulted", "ConnectorLockFailure");

        var connector = await Operator.ConnectorAsync(chargePoint.Id, Connector);
        Assert.True(connector.GetProperty("status").GetString() == "Faulted" && connector.GetProperty("errorCode").GetString() == "ConnectorLockFailure",
            $"Expected connector {Connector} of {chargePoint.Id} to be recorded Faulted with ConnectorLockFailure, but it is {connector}.");
    }

    [Fact]
    public async Task TC_032_1_CSMS_After_a_power_failure_the_boot_is_accepted_and_the_stop_with_reason_PowerLoss_is_acknowledged()
    {
        var idTag = await Operator.IdTagAsync();
        var id = Fresh.ChargePointId();
        int transactionId;
        await using (var beforePowerLoss = await TestChargePoint.ConnectAsync(Host, id))
        {
            await BootAsync(beforePowerLoss);
            transactionId = await ChargingAsync(beforePowerLoss, idTag);
        }

        await using var afterPowerLoss = await TestChargePoint.ConnectAsync(Host, id);
        await BootAsync(afterPowerLoss, connectorStatus: "Finishing");
        await StopTransactionAsync(afterPowerLoss, transactionId, idTag, "PowerLoss");

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(!transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("stopReason").GetString() == "PowerLoss",
            $"Expected transaction {transactionId} to be stopped with reason PowerLoss by the stop sent after the reboot, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_037_1_CSMS_A_start_made_offline_with_a_valid_id_tag_is_accepted_when_it_arrives_late()
    {
        var idTag = await Operator.IdTagAsync();
        var startedOffline = DateTimeOffset.UtcNow.AddMinutes(-20);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        var transactionId = await StartTransactionAsync(chargePoint, idTag, "Accepted", startedOffline);
        await StatusAsync(chargePoint, Connector, "Charging");

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        AssertStartedAt(transaction, startedOffline);
    }

    [Fact]
    public async Task TC_037_3_CSMS_A_start_made_offline_with_an_invalid_id_tag_is_answered_Invalid_with_a_transaction_id_and_its_stop_is_acknowledged()
    {
        var idTag = Fresh.IdTag();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        var transactionId = await StartTransactionAsync(chargePoint, idTag, "Invalid", DateTimeOffset.UtcNow.AddMinutes(-20));
        await StatusAsync(chargePoint, Connector, "Charging");
        await StopTransactionAsync(chargePoint, transactionId, idTag, "DeAuthorized");
        await StatusAsync(chargePoint, Connector, "Finishing");

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(!transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("stopReason").GetString() == "DeAuthorized",
            $"Expected transaction {transactionId} to be stopped with reason DeAuthorized, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_039_CSMS_A_whole_transaction_made_offline_is_accepted_and_stopped_with_its_past_times()
    {
        var idTag = await Operator.IdTagAsync();
        var started = DateTimeOffset.UtcNow.AddHours(-2);
        var stopped = started.AddMinutes(45);
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        var transactionId = await StartTransactionAsync(chargePoint, idTag, "Accepted", started);
        await StopTransactionAsync(chargePoint, transactionId, idTag, "Local", stopped);

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        AssertStartedAt(transaction, started);
        Assert.True(
            !transaction.GetProperty("active").GetBoolean()
                && transaction.GetProperty("stopReason").GetString() == "Local"
                && transaction.GetProperty("stopTimestamp").GetDateTimeOffset() == Truncated(stopped),
            $"Expected transaction {transactionId} to be stopped with reason Local at {V16Messages.Timestamp(stopped)}, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_064_CSMS_A_data_transfer_for_an_unknown_vendor_is_answered_UnknownVendorId()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        var answer = await chargePoint.CallAsync("DataTransfer", new { vendorId = "com.example.unknown-vendor", messageId = "Hello", data = "42" });

        // The tool passes Rejected, UnknownMessageId and UnknownVendorId, and Accepted only with a warning.
        AssertField(answer, "status", "UnknownVendorId", "DataTransfer from an unknown vendor");
    }

    private static void AssertStartedAt(JsonElement transaction, DateTimeOffset expected) =>
        Assert.True(transaction.GetProperty("startTimestamp").GetDateTimeOffset() == Truncated(expected),
            $"Expected the transaction to keep the charge point's start time {V16Messages.Timestamp(expected)}, but it is {transaction}.");

    // Charge points send milliseconds.
    private static DateTimeOffset Truncated(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMillisecond));
}
