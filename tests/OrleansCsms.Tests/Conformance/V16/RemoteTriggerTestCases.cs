using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases, Remote Trigger profile (document §3.18). The operator sends TriggerMessage through the
/// API's typed trigger endpoint. See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class RemoteTriggerTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttOperator Operator => new(Host);

    [Fact]
    public async Task TC_054_CSMS_Each_triggered_message_is_requested_and_then_acknowledged()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);

        await TriggerAsync(chargePoint, "MeterValues", Connector, "Accepted");
        var meterValues = await chargePoint.CallAsync("MeterValues", new
        {
            connectorId = Connector,
            meterValue = new[] { V16Messages.MeterValue(DateTimeOffset.UtcNow, 12_345, "Trigger") },
        });
        Assert.True(meterValues.ValueKind == JsonValueKind.Object, $"Expected the triggered MeterValues to be acknowledged, but the answer was {meterValues}.");

        await TriggerAsync(chargePoint, "Heartbeat", null, "Accepted");
        AssertCurrentTime(await chargePoint.CallAsync("Heartbeat", new { }), "the triggered Heartbeat");

        await TriggerAsync(chargePoint, "StatusNotification", Connector, "Accepted");
        await StatusAsync(chargePoint, Connector, "Available");

        await TriggerAsync(chargePoint, "DiagnosticsStatusNotification", null, "Accepted");
        await chargePoint.CallAsync("DiagnosticsStatusNotification", new { status = "Idle" });

        await TriggerAsync(chargePoint, "FirmwareStatusNotification", null, "Accepted");
        await chargePoint.CallAsync("FirmwareStatusNotification", new { status = "Idle" });

        var details = await Operator.GetAsync($"/api/charge-points/{chargePoint.Id}");
        Assert.True(details.GetProperty("diagnosticsStatus").GetString() == "Idle" && details.GetProperty("firmwareStatus").GetString() == "Idle",
            $"Expected the CSMS to record the triggered diagnostics and firmware statuses (Idle), but {chargePoint.Id} is {details}.");
    }

    [Fact]
    public async Task TC_055_CSMS_A_rejected_trigger_is_reported_as_the_charge_point_gave_it()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        await TriggerAsync(chargePoint, "MeterValues", Connector, "Rejected");
    }

    /// <summary>Op: TriggerMessage for <paramref name="requestedMessage"/>; the charge point answers <paramref name="expected"/>.</summary>
    private async Task TriggerAsync(TestChargePoint chargePoint, string requestedMessage, int? connectorId, string expected)
    {
        var before = chargePoint.ServerCalls.Count;

        var answer = await Operator.PostAsync($"/api/charge-points/{chargePoint.Id}/trigger",
            connectorId is { } connector ? new { requestedMessage, connectorId = connector } : (object)new { requestedMessage });

        AssertField(answer, "status", expected, $"the TriggerMessage {requestedMessage} answer reported to the operator");
        var sent = chargePoint.ServerCalls.Skip(before).ToList();
        Assert.True(sent is [("TriggerMessage", _)], $"Expected the CSMS to send one TriggerMessage.req for {requestedMessage}, but it sent [{string.Join(", ", sent.Select(c => c.Action))}].");
        var request = sent[0].Payload;
        AssertField(request, "requestedMessage", requestedMessage, "TriggerMessage.req");
        if (connectorId is { } expectedConnector)
        {
            AssertField(request, "connectorId", expectedConnector, "TriggerMessage.req");
        }
    }
}
