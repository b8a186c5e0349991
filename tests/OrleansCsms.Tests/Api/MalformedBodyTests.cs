using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class MalformedBodyTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    /// <summary>Every route that reads a body; {id} is a registered charge point.</summary>
    public static TheoryData<string, string> RoutesWithBodies => new()
    {
        { "POST", "/api/charge-points" },
        { "PUT", "/api/charge-points/{id}/password" },
        { "PUT", "/api/id-tags/MALFORMED-BODY" },
        { "POST", "/api/charge-points/{id}/remote-start" },
        { "POST", "/api/charge-points/{id}/remote-stop" },
        { "POST", "/api/charge-points/{id}/reset" },
        { "POST", "/api/charge-points/{id}/unlock" },
        { "POST", "/api/charge-points/{id}/availability" },
        { "PUT", "/api/charge-points/{id}/configuration/HeartbeatInterval" },
        { "POST", "/api/charge-points/{id}/data-transfer" },
        { "POST", "/api/charge-points/{id}/calls/Reset" },
        { "PUT", "/api/charge-points/{id}/boot-status" },
        { "POST", "/api/charge-points/{id}/variables/get" },
        { "POST", "/api/charge-points/{id}/variables/set" },
        { "POST", "/api/charge-points/{id}/reports" },
        { "POST", "/api/charge-points/{id}/reports/custom" },
        { "POST", "/api/charge-points/{id}/transaction-status" },
        { "POST", "/api/charge-points/{id}/monitoring/base" },
        { "POST", "/api/charge-points/{id}/monitoring/level" },
        { "POST", "/api/charge-points/{id}/monitoring/monitors" },
        { "POST", "/api/charge-points/{id}/monitoring/monitors/clear" },
        { "POST", "/api/charge-points/{id}/monitoring/reports" },
        { "POST", "/api/charge-points/{id}/customer-information" },
    };

    [Theory]
    [MemberData(nameof(RoutesWithBodies))]
    public async Task Garbage_instead_of_json_is_a_problem_not_an_empty_400(string method, string route)
    {
        var response = await SendAsync(method, route, ApiAssert.RawJson("{this is not json"));

        await ApiAssert.ValidationProblemAsync(response, "$");
    }

    [Theory]
    [MemberData(nameof(RoutesWithBodies))]
    public async Task A_missing_body_is_a_problem(string method, string route)
    {
        var response = await SendAsync(method, route, ApiAssert.RawJson(""));

        await ApiAssert.ValidationProblemAsync(response, "$");
    }

    [Theory]
    [MemberData(nameof(RoutesWithBodies))]
    public async Task A_json_null_body_is_a_problem(string method, string route)
    {
        var response = await SendAsync(method, route, ApiAssert.RawJson("null"));

        await ApiAssert.ValidationProblemAsync(response, "$");
    }

    [Fact]
    public async Task A_field_of_the_wrong_json_type_is_named_in_the_problem()
    {
        var response = await SendAsync("POST", "/api/charge-points/{id}/unlock", ApiAssert.RawJson("""{"connectorId":"one"}"""));

        await ApiAssert.ValidationProblemAsync(response, "$.connectorId");
    }

    [Fact]
    public async Task An_array_where_an_object_belongs_is_a_problem()
    {
        var response = await SendAsync("POST", "/api/charge-points", ApiAssert.RawJson("""[{"id":"CP-1"}]"""));

        await ApiAssert.ValidationProblemAsync(response, "$");
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string route, HttpContent content)
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        return await Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", id, StringComparison.Ordinal)) { Content = content });
    }
}
