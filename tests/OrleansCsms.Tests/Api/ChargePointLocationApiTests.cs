using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointLocationApiTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task A_location_set_on_a_charge_point_shows_in_its_details_its_summary_and_on_the_map()
    {
        var id = await RegisterAsync(new { description = "Harbour bay 2" });

        var set = await Api.PutAsJsonAsync($"/api/charge-points/{id}/location", new { latitude = 51.5072, longitude = -0.1276, address = "1 Quay Road, London" });

        var details = await ApiAssert.JsonAsync(set, HttpStatusCode.OK);
        AssertPosition(details, 51.5072, -0.1276);
        Assert.Equal("1 Quay Road, London", details.GetString("address"));
        var summary = (await ApiAssert.JsonAsync(await Api.GetAsync("/api/charge-points?pageSize=500"), HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(cp => cp.GetString("id") == id);
        AssertPosition(summary, 51.5072, -0.1276);
        var marker = await MarkerAsync(id);
        Assert.True(marker is { } m && m.GetString("description") == "Harbour bay 2" && !m.GetProperty("connected").GetBoolean(),
            $"Expected charge point {id} on the map with its description and offline, but got {marker}.");
        AssertPosition(marker!.Value, 51.5072, -0.1276);
    }

    [Fact]
    public async Task A_location_given_at_registration_is_kept()
    {
        var id = await RegisterAsync(new { latitude = -90, longitude = 180, address = "South Pole station" });

        var details = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK);

        AssertPosition(details, -90, 180);
        Assert.Equal("South Pole station", details.GetString("address"));
    }

    [Fact]
    public async Task An_address_alone_is_a_location_that_stays_off_the_map()
    {
        var id = await RegisterAsync(new { });

        var details = await ApiAssert.JsonAsync(await Api.PutAsJsonAsync($"/api/charge-points/{id}/location", new { address = "Unit 7, Ringway" }), HttpStatusCode.OK);

        Assert.Equal("Unit 7, Ringway", details.GetString("address"));
        Assert.Equal(JsonValueKind.Null, details.GetProperty("position").ValueKind);
        Assert.Null(await MarkerAsync(id));
    }

    [Fact]
    public async Task Deleting_the_location_takes_the_charge_point_off_the_map()
    {
        var id = await RegisterAsync(new { latitude = 10.5, longitude = 20.25 });
        Assert.NotNull(await MarkerAsync(id));

        await ApiAssert.NoContentAsync(await Api.DeleteAsync($"/api/charge-points/{id}/location"));

        var details = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, details.GetProperty("position").ValueKind);
        Assert.Null(await MarkerAsync(id));
    }

    [Theory]
    [InlineData("""{"latitude": 90.5, "longitude": 0}""", "latitude")]
    [InlineData("""{"latitude": -91, "longitude": 0}""", "latitude")]
    [InlineData("""{"latitude": 0, "longitude": 180.01}""", "longitude")]
    [InlineData("""{"latitude": 0, "longitude": -181}""", "longitude")]
    [InlineData("""{"latitude": 45}""", "longitude")]
    [InlineData("""{"longitude": 45, "address": "Somewhere"}""", "latitude")]
    [InlineData("""{}""", "latitude")]
    [InlineData("""{"latitude": "north", "longitude": 1}""", "$.latitude")]
    public async Task A_bad_location_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var id = await RegisterAsync(new { });

        var response = await Api.PutAsync($"/api/charge-points/{id}/location", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task A_bad_location_at_registration_is_a_validation_problem_and_registers_nothing()
    {
        var id = Fresh.ChargePointId();

        var response = await Api.PostAsJsonAsync("/api/charge-points", new { id, latitude = 100, longitude = 0 });

        await ApiAssert.ValidationProblemAsync(response, "latitude");
        await ApiAssert.ProblemAsync(await Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_location_of_an_unknown_charge_point_is_a_not_found_problem()
    {
        var id = Fresh.ChargePointId();

        await ApiAssert.ProblemAsync(await Api.PutAsJsonAsync($"/api/charge-points/{id}/location", new { latitude = 1, longitude = 1 }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Api.DeleteAsync($"/api/charge-points/{id}/location"), HttpStatusCode.NotFound);
    }

    private async Task<string> RegisterAsync(object fields)
    {
        var id = Fresh.ChargePointId();
        var body = JsonSerializer.SerializeToElement(fields).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        body["id"] = id;
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", body), HttpStatusCode.Created);
        return id;
    }

    private async Task<JsonElement?> MarkerAsync(string id)
    {
        var map = await ApiAssert.JsonAsync(await Api.GetAsync("/api/charge-points/locations"), HttpStatusCode.OK);
        Assert.Equal(map.GetProperty("items").GetArrayLength(), map.GetProperty("count").GetInt32());
        return map.GetProperty("items").EnumerateArray().Where(m => m.GetString("id") == id).Select(m => (JsonElement?)m).SingleOrDefault();
    }

    private static void AssertPosition(JsonElement element, double latitude, double longitude)
    {
        var position = element.GetProperty("position");
        Assert.True(
            position.ValueKind == JsonValueKind.Object
            && position.GetProperty("latitude").GetDouble() == latitude && position.GetProperty("longitude").GetDouble() == longitude,
            $"Expected position {latitude}, {longitude} but got {position}.");
    }
}

public sealed class ChargePointLocationRestartTests
{
    [Fact]
    public async Task With_the_embedded_store_a_location_survives_a_restart_and_is_still_on_the_map()
    {
        var directory = Directory.CreateTempSubdirectory("csms-sqlite-");
        try
        {
            var path = Path.Combine(directory.FullName, "csms.db");
            var id = Fresh.ChargePointId();
            await using (var first = await CsmsHost.StartAsync(sqlitePath: path))
            {
                await ApiAssert.JsonAsync(await first.Api.PostAsJsonAsync("/api/charge-points", new { id, description = "Depot gate" }), HttpStatusCode.Created);
                await ApiAssert.JsonAsync(await first.Api.PutAsJsonAsync($"/api/charge-points/{id}/location", new { latitude = 48.8584, longitude = 2.2945, address = "Champ de Mars" }), HttpStatusCode.OK);
            }

            await using var restarted = await CsmsHost.StartAsync(sqlitePath: path);

            var map = await ApiAssert.JsonAsync(await restarted.Api.GetAsync("/api/charge-points/locations"), HttpStatusCode.OK);
            var marker = map.GetProperty("items").EnumerateArray().SingleOrDefault(m => m.GetString("id") == id);
            Assert.True(
                marker.ValueKind == JsonValueKind.Object
                && marker.GetProperty("position").GetProperty("latitude").GetDouble() == 48.8584
                && marker.GetProperty("position").GetProperty("longitude").GetDouble() == 2.2945
                && marker.GetString("address") == "Champ de Mars",
                $"Expected charge point {id} on the map at 48.8584, 2.2945 after the restart, but the map is {map}.");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
