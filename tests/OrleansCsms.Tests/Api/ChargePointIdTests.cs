using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>The API takes exactly the identities the OCPP handshake takes, and says why it refuses one.</summary>
[Collection(CsmsCollection.Name)]
public sealed class ChargePointIdTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Theory]
    [InlineData("a..b")]
    [InlineData("..")]
    public async Task Registering_an_id_the_handshake_would_refuse_is_a_validation_problem(string id)
    {
        var response = await Api.PostAsJsonAsync("/api/charge-points", new { id });

        await ApiAssert.ValidationProblemAsync(response, "id");
    }

    [Theory]
    [InlineData("GET", "/api/charge-points/{0}")]
    [InlineData("DELETE", "/api/charge-points/{0}")]
    [InlineData("PUT", "/api/charge-points/{0}/password")]
    [InlineData("GET", "/api/charge-points/{0}/messages")]
    [InlineData("POST", "/api/charge-points/{0}/reset")]
    [InlineData("GET", "/api/charge-points/{0}/configuration")]
    public async Task Every_charge_point_route_answers_an_invalid_id_with_a_validation_problem(string method, string route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, route, "a..b"))
        {
            Content = method is "PUT" or "POST" ? JsonContent.Create(new { password = "long-enough-password", type = "Soft" }) : null,
        };

        var response = await Api.SendAsync(request);

        await ApiAssert.ValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task An_encoded_slash_in_a_route_id_names_a_slash_and_is_refused()
    {
        var response = await Api.GetAsync($"/api/charge-points/CP%2F{Guid.NewGuid():N}");

        await ApiAssert.ValidationProblemAsync(response, "id");
    }

    [Fact]
    public async Task A_route_id_longer_than_the_maximum_is_refused()
    {
        var response = await Api.GetAsync($"/api/charge-points/{new string('x', 49)}");

        await ApiAssert.ValidationProblemAsync(response, "id");
    }
}
