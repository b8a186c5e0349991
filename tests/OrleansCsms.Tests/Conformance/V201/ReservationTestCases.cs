using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block H (reservation), CSMS side: an operator reserves an EVSE, any EVSE or a connector type through
/// the same REST endpoints as for a 1.6 charge point, and cancels; the station ends reservations itself with
/// ReservationStatusUpdate, and a transaction that names a reservation uses it up.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class ReservationTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private const int SecondEvse = 2;

    [Fact]
    public async Task TC_H_01_CSMS_A_specific_EVSE_is_reserved_for_a_valid_token_which_then_uses_the_reservation()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        var reservation = await ReserveAsync(station, new { connectorId = OcttStation.Evse, idTag = token, expiryDate = Expiry() });

        var reserveNow = ReserveNow(station);
        Assert.Equal(OcttStation.Evse, reserveNow.GetProperty("evseId").GetInt32());
        Assert.False(reserveNow.TryGetProperty("connectorType", out _), $"Expected no connectorType, but the ReserveNow was {reserveNow}.");
        Assert.Equal(token, reserveNow.GetProperty("idToken").GetProperty("idToken").GetString());
        Assert.Equal(reservation, reserveNow.GetProperty("id").GetInt32());
        await station.ConnectorStatusAsync("Reserved");

        // The driver arrives: the station names the reservation in the event that starts the transaction.
        await station.AuthorizeAsync(token);
        await station.Socket.CallAsync("TransactionEvent", Event("Started", Guid.NewGuid().ToString(), OcttStation.Evse, token, reservation));

        var used = await ReservationAsync(reservation);
        Assert.True(
            used.GetProperty("status").GetString() == "Used" && used.GetProperty("transactionId").ValueKind == JsonValueKind.Number,
            $"Expected reservation {reservation} to be Used by the transaction that named it, but it is {used}.");
    }

    [Fact]
    public async Task TC_H_07_CSMS_A_reservation_the_station_reports_Expired_ends_as_Expired()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        var reservation = await ReserveAsync(station, new { connectorId = OcttStation.Evse, idTag = token, expiryDate = Expiry() });
        await station.ConnectorStatusAsync("Reserved");

        await station.AcknowledgedAsync("ReservationStatusUpdate", new { reservationId = reservation, reservationUpdateStatus = "Expired" });
        await station.ConnectorStatusAsync("Available");

        Assert.Equal("Expired", (await ReservationAsync(reservation)).GetProperty("status").GetString());
        Assert.Equal("Available", (await Operator.ConnectorAsync(station.Id, OcttStation.Evse)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_H_08_CSMS_An_unspecified_EVSE_is_reserved_without_naming_one()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        var reservation = await ReserveAsync(station, new { connectorId = 0, idTag = token, expiryDate = Expiry() });

        var reserveNow = ReserveNow(station);
        Assert.False(reserveNow.TryGetProperty("evseId", out _), $"Expected no evseId, but the ReserveNow was {reserveNow}.");
        Assert.False(reserveNow.TryGetProperty("connectorType", out _), $"Expected no connectorType, but the ReserveNow was {reserveNow}.");
        await station.ConnectorStatusAsync("Reserved");
        Assert.Equal("Reserved", (await ReservationAsync(reservation)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_H_14_CSMS_As_many_unspecified_EVSEs_are_reserved_as_the_station_has()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.AcknowledgedAsync("StatusNotification", V201Messages.StatusNotification(SecondEvse, "Available"));

        var reservations = new[]
        {
            await ReserveAsync(station, new { connectorId = 0, idTag = token, expiryDate = Expiry() }),
            await ReserveAsync(station, new { connectorId = 0, idTag = token, expiryDate = Expiry() }),
        };

        Assert.All(station.Socket.ServerCalls, c => Assert.False(c.Payload.TryGetProperty("evseId", out _), $"Expected no evseId, but a ReserveNow was {c.Payload}."));
        Assert.Equal(2, reservations.Distinct().Count());
        await station.ConnectorStatusAsync("Reserved");
        await station.AcknowledgedAsync("StatusNotification", V201Messages.StatusNotification(SecondEvse, "Reserved"));
        Assert.Equal("Reserved", (await Operator.ConnectorAsync(station.Id, SecondEvse)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_H_15_CSMS_A_connector_of_a_specific_type_is_reserved()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        var reservation = await ReserveAsync(station, new { connectorId = 0, idTag = token, expiryDate = Expiry(), connectorType = "cType2" });

        var reserveNow = ReserveNow(station);
        Assert.Equal("cType2", reserveNow.GetProperty("connectorType").GetString());
        Assert.False(reserveNow.TryGetProperty("evseId", out _), $"Expected no evseId, but the ReserveNow was {reserveNow}.");
        await station.ConnectorStatusAsync("Reserved");
        Assert.Equal("cType2", (await ReservationAsync(reservation)).GetProperty("connectorType").GetString());
    }

    [Fact]
    public async Task TC_H_17_CSMS_A_reservation_is_cancelled_by_its_id()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        var reservation = await ReserveAsync(station, new { connectorId = OcttStation.Evse, idTag = token, expiryDate = Expiry() });
        await station.ConnectorStatusAsync("Reserved");

        var response = await Host.Api.DeleteAsync($"/api/reservations/{reservation}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(answer.GetProperty("status").GetString() == "Accepted", $"Expected the station's Accepted to reach the operator, but it was {answer}.");
        var cancel = station.Socket.ServerCalls.Single(c => c.Action == "CancelReservation").Payload;
        Assert.Equal(reservation, cancel.GetProperty("reservationId").GetInt32());
        await station.ConnectorStatusAsync("Available");
        Assert.Equal("Cancelled", (await ReservationAsync(reservation)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_H_19_CSMS_A_reservation_with_a_group_is_used_by_another_token_of_that_group()
    {
        var group = await Operator.IdTagAsync();
        var holder = Fresh.IdTag();
        var member = Fresh.IdTag();
        await Operator.PutAsync($"/api/id-tags/{holder}", new { status = "Accepted", parentIdTag = group });
        await Operator.PutAsync($"/api/id-tags/{member}", new { status = "Accepted", parentIdTag = group });
        var station = await BootedStationAsync();

        var reservation = await ReserveAsync(station, new { connectorId = OcttStation.Evse, idTag = holder, parentIdTag = group, expiryDate = Expiry() });

        var reserveNow = ReserveNow(station);
        Assert.Equal((OcttStation.Evse, holder, group), (
            reserveNow.GetProperty("evseId").GetInt32(),
            reserveNow.GetProperty("idToken").GetProperty("idToken").GetString(),
            reserveNow.GetProperty("groupIdToken").GetProperty("idToken").GetString()));
        await station.ConnectorStatusAsync("Reserved");
        var started = await station.Socket.CallAsync("TransactionEvent", Event("Started", Guid.NewGuid().ToString(), OcttStation.Evse, member, reservation));
        Assert.Equal(group, started.GetProperty("idTokenInfo").GetProperty("groupIdToken").GetProperty("idToken").GetString());
        Assert.Equal("Used", (await ReservationAsync(reservation)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_H_20_CSMS_A_reservation_the_station_removes_when_Faulted_ends_as_Removed()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        var reservation = await ReserveAsync(station, new { connectorId = OcttStation.Evse, idTag = token, expiryDate = Expiry() });
        await station.ConnectorStatusAsync("Reserved");

        await station.ConnectorStatusAsync("Faulted");
        await station.AcknowledgedAsync("ReservationStatusUpdate", new { reservationId = reservation, reservationUpdateStatus = "Removed" });

        Assert.Equal("Removed", (await ReservationAsync(reservation)).GetProperty("status").GetString());
        var cancel = await Host.Api.DeleteAsync($"/api/reservations/{reservation}");
        Assert.True(cancel.StatusCode == System.Net.HttpStatusCode.Conflict, $"Expected a removed reservation to be no longer cancellable (409), but it answered {(int)cancel.StatusCode}.");
    }

    [Fact]
    public async Task TC_H_22_CSMS_A_reservation_the_station_rejects_is_reported_and_not_kept()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/reservations", new { connectorId = OcttStation.Evse, idTag = token, expiryDate = Expiry() });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(
            response.StatusCode == System.Net.HttpStatusCode.OK && answer.GetProperty("status").GetString() == "Rejected" && (!answer.TryGetProperty("reservation", out var kept) || kept.ValueKind == JsonValueKind.Null),
            $"Expected 200 with the station's Rejected and no reservation, but it answered {(int)response.StatusCode}: {answer}.");
        var listed = await Operator.GetAsync($"/api/charge-points/{station.Id}/reservations");
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
    }

    private static DateTimeOffset Expiry() => DateTimeOffset.UtcNow.AddHours(1);

    /// <summary>Reserves through the API; the station accepts; returns the reservation's id.</summary>
    private async Task<int> ReserveAsync(OcttStation station, object body)
    {
        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/reservations", body);
        Assert.True(answer.GetProperty("status").GetString() == "Accepted", $"Expected the station's Accepted to reach the operator, but it was {answer}.");
        return answer.GetProperty("reservation").GetProperty("reservationId").GetInt32();
    }

    private Task<JsonElement> ReservationAsync(int reservationId) => Operator.GetAsync($"/api/reservations/{reservationId}");

    private static JsonElement ReserveNow(OcttStation station) => station.Socket.ServerCalls.Single(c => c.Action == "ReserveNow").Payload;

    /// <summary>A TransactionEvent that names the reservation it uses.</summary>
    private static JsonElement Event(string eventType, string transactionId, int evseId, string token, int reservationId)
    {
        var payload = JsonSerializer.SerializeToNode(
            V201Messages.TransactionEvent(eventType, transactionId, 0, DateTimeOffset.UtcNow, "Authorized", energyWh: 1_000, idToken: token, evseId: evseId, chargingState: "EVConnected"),
            Json.Options)!.AsObject();
        payload["reservationId"] = reservationId;
        return JsonSerializer.SerializeToElement(payload);
    }
}
