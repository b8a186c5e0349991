using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// The CSMS test cases of the OCPP 1.6 Reservation profile in the OCA compliance tool, one test each, named by id
/// (docs/conformance/ocpp16-csms-test-cases.md), played by a charge point over a real WebSocket. The test charge point
/// checks every frame the CSMS sends against the official schemas.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class ReservationTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task TC_046_CSMS_Reservation_of_a_connector_then_a_transaction_with_its_id()
    {
        var idTag = await AcceptedTagAsync();
        await using var chargePoint = await BootedChargePointAsync();

        var reservation = await ReserveAsync(chargePoint, connectorId: 1, idTag, "Accepted", HttpStatusCode.Created);
        var reservationId = reservation.GetProperty("reservationId").GetInt32();
        var reserveNow = Assert.Single(chargePoint.ServerCalls, c => c.Action == "ReserveNow").Payload;
        Assert.Equal((1, idTag, reservationId), (reserveNow.GetProperty("connectorId").GetInt32(), reserveNow.GetProperty("idTag").GetString(), reserveNow.GetProperty("reservationId").GetInt32()));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Reserved"));
        Assert.Equal("Reserved", await ConnectorStatusAsync(chargePoint.Id, 1));

        var authorize = await chargePoint.CallAsync("Authorize", V16Messages.Authorize(idTag));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Preparing"));
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 0, DateTimeOffset.UtcNow, connectorId: 1, reservationId));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Charging"));

        Assert.Equal("Accepted", authorize.GetProperty("idTagInfo").GetProperty("status").GetString());
        Assert.Equal("Accepted", started.GetProperty("idTagInfo").GetProperty("status").GetString());
        var used = await GetReservationAsync(reservationId);
        Assert.True(used.GetProperty("status").GetString() == "Used" && used.GetProperty("transactionId").GetInt32() == started.GetProperty("transactionId").GetInt32(),
            $"Expected reservation {reservationId} to be Used by transaction {started.GetProperty("transactionId")}, but it is {used}.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_047_CSMS_Reservation_of_a_connector_that_expires_is_released()
    {
        var idTag = await AcceptedTagAsync();
        await using var chargePoint = await BootedChargePointAsync();

        var reservation = await ReserveAsync(chargePoint, connectorId: 1, idTag, "Accepted", HttpStatusCode.Created, DateTimeOffset.UtcNow.AddSeconds(2));
        var reservationId = reservation.GetProperty("reservationId").GetInt32();
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Reserved"));
        Assert.Equal("Reserved", (await GetReservationAsync(reservationId)).GetProperty("status").GetString());

        // The driver never comes: at expiry the charge point frees the connector, and the CSMS ends the reservation.
        await Poll.UntilAsync(
            async _ => (await GetReservationAsync(reservationId)).GetProperty("status").GetString(),
            status => status == "Expired",
            TimeSpan.FromSeconds(15),
            $"reservation {reservationId} to read Expired once its expiry passed",
            status => status ?? "no status");
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));

        Assert.Equal("Available", await ConnectorStatusAsync(chargePoint.Id, 1));
        var listed = await ListReservationsAsync(chargePoint.Id);
        Assert.True(listed.Single(r => r.GetProperty("reservationId").GetInt32() == reservationId).GetProperty("status").GetString() == "Expired",
            $"Expected the charge point's reservation list to show reservation {reservationId} Expired too.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_048_1_CSMS_Reserve_a_connector_the_charge_point_reports_Faulted()
    {
        await using var chargePoint = await BootedChargePointAsync();

        await ReserveAndExpectRefusalAsync(chargePoint, "Faulted");
    }

    [Fact]
    public async Task TC_048_2_CSMS_Reserve_a_connector_that_is_Occupied()
    {
        await using var chargePoint = await BootedChargePointAsync();
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Preparing"));

        await ReserveAndExpectRefusalAsync(chargePoint, "Occupied");
        Assert.Equal("Preparing", await ConnectorStatusAsync(chargePoint.Id, 1));
    }

    [Fact]
    public async Task TC_048_3_CSMS_Reserve_a_connector_made_Unavailable()
    {
        await using var chargePoint = await BootedChargePointAsync();
        var availability = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/availability", new { connectorId = 1, type = "Inoperative" });
        Assert.Equal("Accepted", (await ReadAsync(availability, HttpStatusCode.OK)).GetProperty("status").GetString());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Unavailable"));
        Assert.Equal("Unavailable", await ConnectorStatusAsync(chargePoint.Id, 1));

        await ReserveAndExpectRefusalAsync(chargePoint, "Unavailable");
        Assert.Equal(["ChangeAvailability", "ReserveNow"], chargePoint.ServerCalls.Select(c => c.Action));
    }

    [Fact]
    public async Task TC_048_4_CSMS_Reserve_a_connector_the_charge_point_Rejects()
    {
        await using var chargePoint = await BootedChargePointAsync();

        await ReserveAndExpectRefusalAsync(chargePoint, "Rejected");
    }

    [Fact]
    public async Task TC_049_CSMS_Reservation_of_a_charge_point_is_used_by_a_transaction_on_any_connector()
    {
        var idTag = await AcceptedTagAsync();
        await using var chargePoint = await BootedChargePointAsync();

        var reservation = await ReserveAsync(chargePoint, connectorId: 0, idTag, "Accepted", HttpStatusCode.Created);
        var reservationId = reservation.GetProperty("reservationId").GetInt32();
        Assert.Equal(0, Assert.Single(chargePoint.ServerCalls).Payload.GetProperty("connectorId").GetInt32());
        Assert.Equal(0, reservation.GetProperty("connectorId").GetInt32());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Reserved"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(2, "Reserved"));

        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, 0, DateTimeOffset.UtcNow, connectorId: 2, reservationId));

        Assert.Equal("Accepted", started.GetProperty("idTagInfo").GetProperty("status").GetString());
        var used = await GetReservationAsync(reservationId);
        Assert.True(used.GetProperty("status").GetString() == "Used" && used.GetProperty("transactionId").GetInt32() == started.GetProperty("transactionId").GetInt32(),
            $"Expected the charge point reservation {reservationId} to be Used by the transaction on connector 2, but it is {used}.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_051_CSMS_Cancel_a_reservation_the_charge_point_accepts()
    {
        var idTag = await AcceptedTagAsync();
        await using var chargePoint = await BootedChargePointAsync();
        var reservationId = (await ReserveAsync(chargePoint, connectorId: 1, idTag, "Accepted", HttpStatusCode.Created)).GetProperty("reservationId").GetInt32();
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Reserved"));

        var cancel = await ReadAsync(await Host.Api.DeleteAsync($"/api/reservations/{reservationId}"), HttpStatusCode.OK);
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));

        var (action, payload) = chargePoint.ServerCalls.Last();
        Assert.Equal(("CancelReservation", reservationId), (action, payload.GetProperty("reservationId").GetInt32()));
        Assert.Equal("Accepted", cancel.GetProperty("status").GetString());
        Assert.Equal("Cancelled", cancel.GetProperty("reservation").GetProperty("status").GetString());
        Assert.Equal("Cancelled", (await GetReservationAsync(reservationId)).GetProperty("status").GetString());
        Assert.Equal("Available", await ConnectorStatusAsync(chargePoint.Id, 1));
        var again = await Host.Api.DeleteAsync($"/api/reservations/{reservationId}");
        await ReadAsync(again, HttpStatusCode.Conflict);
        Assert.Single(chargePoint.ServerCalls, c => c.Action == "CancelReservation");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_052_CSMS_Cancel_a_reservation_the_charge_point_Rejects()
    {
        var idTag = await AcceptedTagAsync();
        await using var chargePoint = await BootedChargePointAsync();
        var reservationId = (await ReserveAsync(chargePoint, connectorId: 1, idTag, "Accepted", HttpStatusCode.Created)).GetProperty("reservationId").GetInt32();
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Reserved"));

        // The reservation was cancelled locally on the charge point, which now knows no such reservation.
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });
        var cancel = await ReadAsync(await Host.Api.DeleteAsync($"/api/reservations/{reservationId}"), HttpStatusCode.OK);

        Assert.Equal("CancelReservation", chargePoint.ServerCalls.Last().Action);
        Assert.Equal("Rejected", cancel.GetProperty("status").GetString());
        Assert.True(cancel.GetProperty("reservation").GetProperty("status").GetString() == "Reserved",
            $"Expected a rejected cancellation to leave reservation {reservationId} as it was, but the answer was {cancel}.");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_053_CSMS_A_tag_of_the_reserved_parent_group_uses_the_reserved_connector()
    {
        var parent = Fresh.IdTag();
        var member = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{member}", new { status = "Accepted", parentIdTag = parent })).EnsureSuccessStatusCode();
        await using var chargePoint = await BootedChargePointAsync();

        var reservation = await ReserveAsync(chargePoint, connectorId: 1, Fresh.IdTag(), "Accepted", HttpStatusCode.Created, parentIdTag: parent);
        var reservationId = reservation.GetProperty("reservationId").GetInt32();
        Assert.Equal(parent, Assert.Single(chargePoint.ServerCalls).Payload.GetProperty("parentIdTag").GetString());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Reserved"));

        var authorize = await chargePoint.CallAsync("Authorize", V16Messages.Authorize(member));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Preparing"));
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(member, 0, DateTimeOffset.UtcNow, connectorId: 1, reservationId));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Charging"));

        Assert.Equal(("Accepted", parent), (authorize.GetProperty("idTagInfo").GetProperty("status").GetString(), authorize.GetProperty("idTagInfo").GetProperty("parentIdTag").GetString()));
        Assert.Equal("Accepted", started.GetProperty("idTagInfo").GetProperty("status").GetString());
        var used = await GetReservationAsync(reservationId);
        Assert.True(used.GetProperty("status").GetString() == "Used" && used.GetProperty("transactionId").GetInt32() == started.GetProperty("transactionId").GetInt32(),
            $"Expected reservation {reservationId} for parent {parent} to be Used by group member {member}'s transaction, but it is {used}.");
        chargePoint.AssertAllServerFramesValid();
    }

    private async Task<string> AcceptedTagAsync()
    {
        var idTag = Fresh.IdTag();
        (await Host.Api.PutAsJsonAsync($"/api/id-tags/{idTag}", new { status = "Accepted" })).EnsureSuccessStatusCode();
        return idTag;
    }

    private async Task<TestChargePoint> BootedChargePointAsync()
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
        return chargePoint;
    }

    /// <summary>Reserves through the API with the charge point answering <paramref name="answer"/>; returns the stored reservation, or null when none was.</summary>
    private async Task<JsonElement> ReserveAsync(
        TestChargePoint chargePoint, int connectorId, string idTag, string answer, HttpStatusCode expected, DateTimeOffset? expiry = null, string? parentIdTag = null)
    {
        chargePoint.OnServerCall = (action, _) => ServerCallAnswer.Result(new { status = action == "ReserveNow" ? answer : "Accepted" });
        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{chargePoint.Id}/reservations",
            new { connectorId, idTag, parentIdTag, expiryDate = expiry ?? DateTimeOffset.UtcNow.AddHours(1) },
            Json.Options);
        var body = await ReadAsync(response, expected);
        Assert.Equal(answer, body.GetProperty("status").GetString());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted" });
        return body.GetProperty("reservation");
    }

    private async Task ReserveAndExpectRefusalAsync(TestChargePoint chargePoint, string answer)
    {
        var reservation = await ReserveAsync(chargePoint, connectorId: 1, await AcceptedTagAsync(), answer, HttpStatusCode.OK);

        Assert.True(reservation.ValueKind == JsonValueKind.Null, $"Expected no reservation stored when the charge point answers {answer}, but got {reservation}.");
        Assert.Equal("ReserveNow", chargePoint.ServerCalls.Last().Action);
        Assert.Empty(await ListReservationsAsync(chargePoint.Id));
        chargePoint.AssertAllServerFramesValid();
    }

    private async Task<JsonElement> GetReservationAsync(int reservationId) =>
        await ReadAsync(await Host.Api.GetAsync($"/api/reservations/{reservationId}"), HttpStatusCode.OK);

    private async Task<List<JsonElement>> ListReservationsAsync(string chargePointId) =>
        [.. (await ReadAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePointId}/reservations"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private async Task<string?> ConnectorStatusAsync(string chargePointId, int connectorId)
    {
        var details = await ReadAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePointId}"), HttpStatusCode.OK);
        return details.GetProperty("connectors").EnumerateArray()
            .Single(c => c.GetProperty("connectorId").GetInt32() == connectorId).GetProperty("status").GetString();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
