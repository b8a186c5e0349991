using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointRegistrationTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task A_registered_charge_point_is_created_with_its_location_and_can_be_read_back()
    {
        var id = Fresh.ChargePointId();

        var created = await Api.PostAsJsonAsync("/api/charge-points", new { id, description = "Bay 3", location = "Depot North" });

        var body = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.True(created.Headers.Location?.OriginalString == $"/api/charge-points/{id}",
            $"Expected Location /api/charge-points/{id} but got '{created.Headers.Location}'");
        Assert.Equal(id, body.GetString("id"));

        var read = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK);
        Assert.Equal("Bay 3", read.GetString("description"));
        Assert.Equal("Depot North", read.GetString("location"));
        Assert.False(read.GetProperty("connected").GetBoolean(), "Expected a charge point that never connected to be disconnected");
        Assert.False(read.GetProperty("hasPassword").GetBoolean(), "Expected no password when none was given");
        Assert.Equal(JsonValueKind.Null, read.GetProperty("session").ValueKind);
        Assert.Equal(JsonValueKind.Array, read.GetProperty("connectors").ValueKind);
        Assert.Equal(JsonValueKind.Array, read.GetProperty("activeTransactionIds").ValueKind);
        Assert.Equal(JsonValueKind.String, read.GetProperty("registeredAt").ValueKind);
    }

    [Fact]
    public async Task Registering_a_charge_point_twice_is_a_conflict()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var again = await Api.PostAsJsonAsync("/api/charge-points", new { id, description = "second" });

        await ApiAssert.ProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has/slash")]
    [InlineData("0123456789012345678901234567890123456789012345678")]
    public async Task An_invalid_charge_point_id_is_rejected(string id)
    {
        var response = await Api.PostAsJsonAsync("/api/charge-points", new { id });

        await ApiAssert.ValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task A_registration_without_an_id_is_rejected()
    {
        var response = await Api.PostAsJsonAsync("/api/charge-points", new { description = "no id" });

        await ApiAssert.ValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task A_registration_with_a_too_short_password_is_rejected()
    {
        var response = await Api.PostAsJsonAsync("/api/charge-points", new { id = Fresh.ChargePointId(), password = "short" });

        await ApiAssert.ValidationProblemAsync(response, "password");
    }

    [Fact]
    public async Task Getting_an_unknown_charge_point_is_a_not_found_problem()
    {
        var response = await Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_charge_point_is_gone_and_deleting_it_again_is_not_found()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        await ApiAssert.NoContentAsync(await Api.DeleteAsync($"/api/charge-points/{id}"));

        await ApiAssert.ProblemAsync(await Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Api.DeleteAsync($"/api/charge-points/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_charge_point_can_be_registered_again()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        await ApiAssert.NoContentAsync(await Api.DeleteAsync($"/api/charge-points/{id}"));

        var again = await Api.PostAsJsonAsync("/api/charge-points", new { id });

        await ApiAssert.JsonAsync(again, HttpStatusCode.Created);
    }
}
