using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Core profile: cold boot, charging sessions and the authorization cache (document §3.1–3.3).
/// See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class CoreSessionTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_001_CSMS_Cold_boot_is_accepted_with_an_interval_and_heartbeats_get_the_current_time()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        await BootAsync(chargePoint);
        var first = await chargePoint.CallAsync("Heartbeat", new { });
        var second = await chargePoint.CallAsync("Heartbeat", new { });

        AssertCurrentTime(first, $"the first Heartbeat of {chargePoint.Id}");
        AssertCurrentTime(second, $"the second Heartbeat of {chargePoint.Id}");
    }

    [Fact]
    public async Task TC_003_CSMS_A_session_plugged_in_first_is_authorized_and_started()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await StatusAsync(chargePoint, Connector, "Preparing");
        await AuthorizeAsync(chargePoint, idTag);
        var transactionId = await StartTransactionAsync(chargePoint, idTag, "Accepted");
        await StatusAsync(chargePoint, Connector, "Charging");

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("idTag").GetString() == idTag,
            $"Expected transaction {transactionId} to be running for id tag {idTag}, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_004_1_CSMS_A_session_identified_first_is_authorized_and_started()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        var transactionId = await ChargingAsync(chargePoint, idTag);

        var connector = await Operator.ConnectorAsync(chargePoint.Id, Connector);
        Assert.True(connector.GetProperty("status").GetString() == "Charging",
            $"Expected connector {Connector} of {chargePoint.Id} to be Charging in transaction {transactionId}, but it is {connector}.");
    }

    [Fact]
    public async Task TC_004_2_CSMS_A_connector_that_times_out_waiting_for_the_cable_goes_back_to_available_without_a_transaction()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        await AuthorizeAsync(chargePoint, idTag);

        await StatusAsync(chargePoint, Connector, "Preparing");
        await StatusAsync(chargePoint, Connector, "Available");

        var connector = await Operator.ConnectorAsync(chargePoint.Id, Connector);
        Assert.True(connector.GetProperty("status").GetString() == "Available",
            $"Expected connector {Connector} of {chargePoint.Id} to be Available again after the connection timeout, but it is {connector}.");
        Assert.True((await Operator.TransactionsOfAsync(chargePoint.Id)).Count == 0, $"Expected no transaction on {chargePoint.Id}: the cable never came.");
    }

    [Fact]
    public async Task TC_005_1_CSMS_A_session_the_EV_ends_by_disconnecting_is_stopped_with_reason_EVDisconnected()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var transactionId = await ChargingAsync(chargePoint, idTag);

        await StatusAsync(chargePoint, Connector, "SuspendedEV");
        await StopTransactionAsync(chargePoint, transactionId, idTag, "EVDisconnected");
        await StatusAsync(chargePoint, Connector, "Finishing");
        await StatusAsync(chargePoint, Connector, "Available");

        var transaction = await Operator.GetAsync($"/api/transactions/{transactionId}");
        Assert.True(!transaction.GetProperty("active").GetBoolean() && transaction.GetProperty("stopReason").GetString() == "EVDisconnected",
            $"Expected transaction {transactionId} to be stopped with reason EVDisconnected, but it is {transaction}.");
    }

    [Fact]
    public async Task TC_007_CSMS_A_start_with_an_id_from_the_charge_points_cache_is_accepted_without_an_Authorize()
    {
        var idTag = await Operator.IdTagAsync();
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await StartChargingAsync(chargePoint, idTag);
    }

    [Fact]
    public async Task TC_061_CSMS_The_operator_clears_the_charge_points_authorization_cache()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        var answer = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/clear-cache");

        AssertField(answer, "status", "Accepted", "the ClearCache answer reported to the operator");
        var request = SentRequest(chargePoint, "ClearCache");
        Assert.True(!request.EnumerateObject().Any(), $"Expected ClearCache.req to be empty, but it was {request}.");
    }
}
