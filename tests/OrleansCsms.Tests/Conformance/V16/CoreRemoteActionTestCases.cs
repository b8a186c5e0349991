using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Core profile: remote start and stop, happy and not (document §3.4 and §3.9).
/// See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class CoreRemoteActionTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_010_CSMS_A_remote_start_after_the_cable_is_plugged_in_starts_a_session()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        await StatusAsync(chargePoint, Connector, "Preparing");

        await RemoteStartAsync(chargePoint, idTag, "Accepted");
        await AuthorizeAsync(chargePoint, idTag);
        await StartTransactionAsync(chargePoint, idTag, "Accepted");
        await StatusAsync(chargePoint, Connector, "Charging");
    }

    [Fact]
    public async Task TC_011_1_CSMS_A_remote_start_before_the_cable_is_plugged_in_starts_a_session()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await RemoteStartAsync(chargePoint, idTag, "Accepted");
        await AuthorizeAsync(chargePoint, idTag);
        await StartChargingAsync(chargePoint, idTag);
    }

    [Fact]
    public async Task TC_011_2_CSMS_A_remote_start_whose_cable_never_comes_ends_with_the_connector_available_and_no_transaction()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await RemoteStartAsync(chargePoint, idTag, "Accepted");
        await AuthorizeAsync(chargePoint, idTag);
        await StatusAsync(chargePoint, Connector, "Preparing");
        await StatusAsync(chargePoint, Connector, "Available");

        Assert.True((await Operator.TransactionsOfAsync(chargePoint.Id)).Count == 0, $"Expected no transaction on {chargePoint.Id}: the cable never came.");
    }

    [Fact]
    public async Task TC_012_CSMS_A_remote_stop_carries_the_running_transaction_and_the_stop_with_reason_Remote_is_acknowledged()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var transactionId = await ChargingAsync(chargePoint, idTag);

        var answer = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/remote-stop", new { transactionId });
        await StopTransactionAsync(chargePoint, transactionId, idTag, "Remote");
        await StatusAsync(chargePoint, Connector, "Finishing");
        await StatusAsync(chargePoint, Connector, "Available");

        AssertField(answer, "status", "Accepted", "the RemoteStopTransaction answer reported to the operator");
        AssertField(SentRequest(chargePoint, "RemoteStopTransaction"), "transactionId", transactionId, "RemoteStopTransaction.req");
        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(!transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("stopReason").GetString() == "Remote",
            $"Expected transaction {transactionId} to be stopped with reason Remote, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_026_CSMS_A_rejected_remote_start_is_reported_and_starts_no_transaction()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        await RemoteStartAsync(chargePoint, idTag, "Rejected");

        Assert.True((await Operator.TransactionsOfAsync(chargePoint.Id)).Count == 0, $"Expected no transaction on {chargePoint.Id} after a rejected remote start.");
    }

    [Fact]
    public async Task TC_028_CSMS_A_rejected_remote_stop_is_reported_and_leaves_the_transaction_running()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var transactionId = await ChargingAsync(chargePoint, idTag);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var answer = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/remote-stop", new { transactionId });

        AssertField(answer, "status", "Rejected", "the RemoteStopTransaction answer reported to the operator");
        AssertField(SentRequest(chargePoint, "RemoteStopTransaction"), "transactionId", transactionId, "RemoteStopTransaction.req");
        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(transaction.GetProperty("active").GetBoolean(), $"Expected transaction {transactionId} to keep running after the charge point rejected the stop, but it is {transaction}.");
    }

    /// <summary>Op: RemoteStartTransaction for the id tag on the configured connector; the charge point answers <paramref name="expected"/>.</summary>
    private async Task RemoteStartAsync(TestChargePoint chargePoint, string idTag, string expected)
    {
        var answer = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/remote-start", new { connectorId = Connector, idTag });

        AssertField(answer, "status", expected, "the RemoteStartTransaction answer reported to the operator");
        var request = SentRequest(chargePoint, "RemoteStartTransaction");
        AssertField(request, "idTag", idTag, "RemoteStartTransaction.req");
        AssertField(request, "connectorId", Connector, "RemoteStartTransaction.req");
    }
}
