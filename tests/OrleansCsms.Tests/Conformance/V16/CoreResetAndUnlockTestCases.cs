using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Core profile: reset and unlocking, happy and not (document §3.5, §3.6 and §3.10).
/// See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class CoreResetAndUnlockTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public Task TC_013_CSMS_A_hard_reset_is_sent_as_type_Hard_and_the_reboot_is_accepted() => ResetAndRebootAsync("Hard");

    [Fact]
    public Task TC_014_CSMS_A_soft_reset_is_sent_as_type_Soft_and_the_reboot_is_accepted() => ResetAndRebootAsync("Soft");

    [Fact]
    public async Task TC_017_1_CSMS_Unlocking_a_connector_without_a_session_is_reported_Unlocked()
    {
        await using var chargePoint = await BootedAsync("Unlocked");

        await UnlockAsync(chargePoint, Connector, "Unlocked");
    }

    [Fact]
    public async Task TC_017_2_CSMS_Unlocking_a_fixed_cable_is_reported_NotSupported()
    {
        await using var chargePoint = await BootedAsync("NotSupported");

        await UnlockAsync(chargePoint, Connector, "NotSupported");
    }

    [Fact]
    public async Task TC_018_1_CSMS_Unlocking_a_connector_in_a_session_ends_it_with_reason_UnlockCommand()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await BootedAsync("Unlocked");
        var transactionId = await ChargingAsync(chargePoint, idTag);

        await UnlockAsync(chargePoint, Connector, "Unlocked");
        await StatusAsync(chargePoint, Connector, "Finishing");
        await StopTransactionAsync(chargePoint, transactionId, idTag, "UnlockCommand");
        await StatusAsync(chargePoint, Connector, "Available");

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(!transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("stopReason").GetString() == "UnlockCommand",
            $"Expected transaction {transactionId} to be stopped with reason UnlockCommand, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_030_CSMS_A_failed_unlock_is_reported_UnlockFailed()
    {
        await using var chargePoint = await BootedAsync("UnlockFailed");

        await UnlockAsync(chargePoint, Connector, "UnlockFailed");
    }

    [Fact]
    public async Task TC_031_CSMS_Unlocking_a_connector_the_charge_point_does_not_have_is_reported_NotSupported()
    {
        const int missingConnector = 9;
        await using var chargePoint = await BootedAsync("NotSupported");

        await UnlockAsync(chargePoint, missingConnector, "NotSupported");
    }

    private async Task ResetAndRebootAsync(string type)
    {
        var id = Fresh.ChargePointId();
        await using (var beforeReset = await TestChargePoint.ConnectAsync(Host, id))
        {
            await BootAsync(beforeReset);

            var answer = await Operator.PostAsync($"/api/charge-points/{id}/reset", new { type });

            AssertField(answer, "status", "Accepted", "the Reset answer reported to the operator");
            AssertField(SentRequest(beforeReset, "Reset"), "type", type, "Reset.req");
        }

        // The charge point reboots: a new connection, a new boot.
        await using var afterReset = await TestChargePoint.ConnectAsync(Host, id);
        await BootAsync(afterReset);
    }

    /// <summary>A booted charge point that answers UnlockConnector with <paramref name="unlockStatus"/>.</summary>
    private async Task<TestChargePoint> BootedAsync(string unlockStatus)
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (action, _) => ServerCallAnswer.Result(new { status = action == "UnlockConnector" ? unlockStatus : "Accepted" });
        try
        {
            await BootAsync(chargePoint);
            return chargePoint;
        }
        catch
        {
            await chargePoint.DisposeAsync();
            throw;
        }
    }

    /// <summary>Op: UnlockConnector; the charge point's answer reaches the operator as it gave it.</summary>
    private async Task UnlockAsync(TestChargePoint chargePoint, int connectorId, string expected)
    {
        var answer = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/unlock", new { connectorId });

        AssertField(answer, "status", expected, "the UnlockConnector answer reported to the operator");
        AssertField(SentRequest(chargePoint, "UnlockConnector"), "connectorId", connectorId, "UnlockConnector.req");
    }
}
