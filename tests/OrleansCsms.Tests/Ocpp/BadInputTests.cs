using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class BadInputTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task Invalid_json_gets_a_formation_violation_the_1_6_name_of_an_rpc_framework_error_with_message_id_minus_one()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var reply = await chargePoint.SendRawAsync("[2, \"abc\", \"Heartbeat\", {", "-1");

        AssertCallError(reply, "-1", "FormationViolation");
    }

    [Fact]
    public async Task An_unknown_action_is_not_implemented()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() => chargePoint.CallAsync("MakeCoffee", new { }));

        Assert.Equal("NotImplemented", error.ErrorCode);
    }

    [Fact]
    public async Task An_action_only_a_central_system_sends_is_not_supported()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() => chargePoint.CallAsync("Reset", new { type = "Soft" }));

        Assert.Equal("NotSupported", error.ErrorCode);
    }

    [Theory]
    [InlineData("""{"connectorId":"one","idTag":"A","meterStart":0,"timestamp":"2026-01-01T00:00:00Z"}""", "TypeConstraintViolation")]
    [InlineData("""{"connectorId":1,"idTag":"A","meterStart":0,"timestamp":"yesterday"}""", "TypeConstraintViolation")]
    [InlineData("""{"connectorId":1,"idTag":"A","timestamp":"2026-01-01T00:00:00Z"}""", "OccurenceConstraintViolation")]
    [InlineData("""{"connectorId":1,"idTag":"ABCDEFGHIJKLMNOPQRSTUVWXYZ","meterStart":0,"timestamp":"2026-01-01T00:00:00Z"}""", "PropertyConstraintViolation")]
    [InlineData("""{"connectorId":1,"idTag":"A","meterStart":0,"timestamp":"2026-01-01T00:00:00Z","colour":"red"}""", "PropertyConstraintViolation")]
    public async Task A_payload_that_breaks_the_schema_gets_the_matching_error_and_starts_nothing(string payload, string expectedCode)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var reply = await chargePoint.SendRawAsync($"[2,\"bad-1\",\"StartTransaction\",{payload}]", "bad-1");

        AssertCallError(reply, "bad-1", expectedCode);
        var transactions = await Host.Api.GetStringAsync($"/api/transactions?chargePointId={chargePoint.Id}");
        Assert.Contains("\"totalCount\":0", transactions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_spellings_of_occurrence_in_a_charge_points_call_error_are_understood()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        foreach (var spelling in new[] { "OccurenceConstraintViolation", "OccurrenceConstraintViolation" })
        {
            chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Error(spelling, "missing key");

            var response = await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/clear-cache", null);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadGateway, $"Expected 502 for a CALLERROR but got {(int)response.StatusCode}: {body}");
            Assert.Contains("ConstraintViolation", body, StringComparison.Ordinal);
            Assert.DoesNotContain("GenericError", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_oversize_frame_closes_that_connection_and_its_neighbours_carry_on()
    {
        await using var neighbour = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await using var abuser = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        await abuser.SendTextAsync($"[2,\"big\",\"DataTransfer\",{{\"vendorId\":\"X\",\"data\":\"{new string('x', 200_000)}\"}}]");

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await abuser.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
        var heartbeat = await neighbour.CallAsync("Heartbeat", new { });
        Assert.True(heartbeat.TryGetProperty("currentTime", out _), "The neighbour must still get heartbeat answers.");
    }

    [Fact]
    public async Task A_client_sending_nothing_but_garbage_is_cut_off()
    {
        await using var abuser = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        try
        {
            for (var i = 0; i < 25 && !abuser.Closed.IsCompleted; i++)
            {
                await abuser.SendTextAsync("not json at all");
            }
        }
        catch (WebSocketException)
        {
            // The server hung up mid-way, which is the point.
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await abuser.Closed.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    private static void AssertCallError(JsonArray reply, string messageId, string code)
    {
        Assert.True(reply.Count == 5 && reply[0]!.GetValue<int>() == 4,
            $"Expected a CALLERROR [4, id, code, description, details] but got {reply.ToJsonString()}");
        Assert.Equal(messageId, reply[1]!.GetValue<string>());
        Assert.True(reply[2]!.GetValue<string>() == code, $"Expected error code {code} but got {reply.ToJsonString()}");
    }
}
