using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>The endpoints for OCPP 2.0.1 stations, and commands one OCPP version cannot say: refused with a reason, never sent half-right.</summary>
[Collection(CsmsCollection.Name)]
public sealed class StationApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "variables/get", """{"items":[]}""", "items" },
        { "variables/get", """{"items":[{"component":{"name":""},"variable":{"name":"HeartbeatInterval"}}]}""", "items[0].component.name" },
        { "variables/get", """{"items":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeType":"Current"}]}""", "items[0].attributeType" },
        { "variables/set", """{"items":[{"component":{"name":"OCPPCommCtrlr"}}]}""", "items[0].variable" },
        { "reports", """{"reportBase":"EverythingPlease"}""", "reportBase" },
        { "reports/custom", """{}""", "componentCriteria" },
        { "reports/custom", """{"componentCriteria":["Broken"]}""", "componentCriteria" },
        { "reports/custom", """{"componentVariables":[{"component":{"name":""}}]}""", "componentVariables[0].component.name" },
        { "reset", """{"type":"Soft","evseId":0}""", "evseId" },
        { "reset", """{"type":"Sometime"}""", "type" },
        { "availability", """{"connectorId":0,"type":"Inoperative","evseConnectorId":1}""", "evseConnectorId" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_request_is_a_validation_problem_naming_the_field(string route, string body, string field)
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsync($"/api/charge-points/{station.Id}/{route}", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
        Assert.Empty(station.ServerCalls);
    }

    [Fact]
    public async Task A_boot_hold_other_than_Accepted_Pending_or_Rejected_is_refused()
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());

        var response = await Host.Api.PutAsync($"/api/charge-points/{station.Id}/boot-status", ApiAssert.RawJson("""{"status":"Maybe"}"""));

        await ApiAssert.ValidationProblemAsync(response, "status");
    }

    [Fact]
    public async Task A_reset_of_one_EVSE_is_refused_unsent_for_a_1_6_charge_point_that_resets_only_as_a_whole()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Soft", evseId = 1 });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("evseId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(chargePoint.ServerCalls);
    }

    [Fact]
    public async Task A_change_of_one_connector_of_an_EVSE_is_refused_unsent_for_a_1_6_charge_point()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/availability", new { connectorId = 1, type = "Inoperative", evseConnectorId = 1 });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("evseConnectorId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(chargePoint.ServerCalls);
    }

    [Fact]
    public async Task A_2_0_1_reset_name_is_said_in_1_6_terms_to_a_1_6_charge_point()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reset", new { type = "Immediate" }), HttpStatusCode.OK);

        Assert.Equal("Hard", Assert.Single(chargePoint.ServerCalls).Payload.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_generic_call_whose_payload_breaks_the_charge_point_s_schema_is_refused_unsent()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());

        var invalid = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/calls/Reset", new { type = "Gentle" });
        var otherVersion = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/calls/RemoteStartTransaction", new { idTag = "TAG" });
        var triggerOfOtherVersion = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/trigger", new { requestedMessage = "TransactionEvent" });

        Assert.Contains("schema", (await ApiAssert.ProblemAsync(invalid, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("OCPP 2.0.1 has no 'RemoteStartTransaction'", (await ApiAssert.ProblemAsync(otherVersion, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ApiAssert.ProblemAsync(triggerOfOtherVersion, HttpStatusCode.Conflict);
        Assert.Empty(chargePoint.ServerCalls);
        Assert.Empty(station.ServerCalls);
    }

    [Fact]
    public async Task The_device_model_and_events_of_an_unknown_station_are_not_found()
    {
        var id = Fresh.ChargePointId();

        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/device-model"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/device-model/events"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_station_s_events_are_listed_newest_first_and_update_the_variables_they_name()
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        await station.CallAsync("BootNotification", V201Messages.BootNotification());
        foreach (var (eventId, value) in new[] { (1, "Available"), (2, "Occupied") })
        {
            await station.CallAsync("NotifyEvent", new
            {
                generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
                seqNo = 0,
                eventData = new[]
                {
                    new
                    {
                        eventId,
                        timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
                        trigger = "Delta",
                        actualValue = value,
                        component = new { name = "Connector", evse = new { id = 1, connectorId = 1 } },
                        variable = new { name = "AvailabilityState" },
                        eventNotificationType = "HardWiredNotification",
                    },
                },
            });
        }

        var events = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{station.Id}/device-model/events"), HttpStatusCode.OK);
        var model = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{station.Id}/device-model?component=Connector"), HttpStatusCode.OK);

        Assert.Equal([2, 1], events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("eventId").GetInt32()));
        var variable = Assert.Single(model.GetProperty("variables").EnumerateArray());
        Assert.Equal("Occupied", variable.GetProperty("attributes")[0].GetProperty("value").GetString());
        Assert.Equal(1, variable.GetProperty("component").GetProperty("evseId").GetInt32());
    }
}
