using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ReservationsApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    public static TheoryData<string, string> InvalidReservations => new()
    {
        { """{"connectorId":-1,"idTag":"TAG","expiryDate":"2099-01-01T00:00:00Z"}""", "connectorId" },
        { """{"connectorId":33,"idTag":"TAG","expiryDate":"2099-01-01T00:00:00Z"}""", "connectorId" },
        { """{"idTag":"TAG","expiryDate":"2099-01-01T00:00:00Z"}""", "connectorId" },
        { """{"connectorId":1,"idTag":"ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890","expiryDate":"2099-01-01T00:00:00Z"}""", "idTag" },
        { """{"connectorId":1,"expiryDate":"2099-01-01T00:00:00Z"}""", "idTag" },
        { """{"connectorId":1,"idTag":"TAG","parentIdTag":"ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567890","expiryDate":"2099-01-01T00:00:00Z"}""", "parentIdTag" },
        { """{"connectorId":1,"idTag":"TAG","expiryDate":"2020-01-01T00:00:00Z"}""", "expiryDate" },
        { """{"connectorId":1,"idTag":"TAG"}""", "expiryDate" },
        { """{"connectorId":1,"idTag":"TAG","expiryDate":"2099-01-01T00:00:00Z","connectorType":"Type2"}""", "connectorType" },
    };

    [Theory]
    [MemberData(nameof(InvalidReservations))]
    public async Task An_invalid_reservation_is_a_validation_problem_naming_the_field_and_reaches_no_charge_point(string body, string field)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/reservations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ApiAssert.ValidationProblemAsync(response, field);
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected an invalid reservation to send nothing, but the charge point got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task A_reservation_on_a_charge_point_that_is_not_connected_is_a_conflict_and_stores_nothing()
    {
        var id = Fresh.ChargePointId();
        (await Host.Api.PostAsJsonAsync("/api/charge-points", new { id })).EnsureSuccessStatusCode();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/reservations", new { connectorId = 1, idTag = "TAG", expiryDate = DateTimeOffset.UtcNow.AddHours(1) });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        var listed = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{id}/reservations"), HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task A_connector_type_is_refused_for_an_OCPP_1_6_charge_point_unsent()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{chargePoint.Id}/reservations", new { connectorId = 1, idTag = "TAG", expiryDate = DateTimeOffset.UtcNow.AddHours(1), connectorType = "cType2" });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("connectorType", problem.GetString("detail"), StringComparison.Ordinal);
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected nothing sent, but the charge point got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task A_reservation_on_an_unknown_charge_point_is_not_found()
    {
        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/reservations", new { connectorId = 1, idTag = "TAG", expiryDate = DateTimeOffset.UtcNow.AddHours(1) });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("2147483600")]
    [InlineData("abc")]
    [InlineData("-3")]
    public async Task An_unknown_reservation_is_not_found_to_read_or_cancel(string reservationId)
    {
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/reservations/{reservationId}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.DeleteAsync($"/api/reservations/{reservationId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_accepted_reservation_is_created_at_its_own_address_and_listed_under_its_charge_point()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/reservations", new { connectorId = 2, idTag = "TAG", expiryDate = DateTimeOffset.UtcNow.AddHours(1) });

        var created = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        var reservationId = created.GetProperty("reservation").GetProperty("reservationId").GetInt32();
        Assert.Equal($"/api/reservations/{reservationId}", response.Headers.Location?.ToString());
        var listed = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/reservations"), HttpStatusCode.OK);
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal((reservationId, 2, "Reserved"), (item.GetProperty("reservationId").GetInt32(), item.GetProperty("connectorId").GetInt32(), item.GetProperty("status").GetString()));
    }
}
