using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>The monitoring and customer information endpoints: invalid requests are refused unsent, and a 1.6 charge point hears they are 2.0.1 only.</summary>
[Collection(CsmsCollection.Name)]
public sealed class DiagnosticsApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "monitoring/base", """{"monitoringBase":"Some"}""", "monitoringBase" },
        { "monitoring/level", """{}""", "severity" },
        { "monitoring/level", """{"severity":-1}""", "severity" },
        { "monitoring/monitors", """{"items":[]}""", "items" },
        { "monitoring/monitors", """{"items":[{"component":{"name":"EVSE"},"variable":{"name":"Power"},"type":"Sometimes","value":1,"severity":5}]}""", "items[0].type" },
        { "monitoring/monitors", """{"items":[{"component":{"name":"EVSE"},"variable":{"name":"Power"},"type":"Delta","severity":5}]}""", "items[0].value" },
        { "monitoring/monitors", """{"items":[{"component":{"name":"EVSE"},"variable":{"name":"Power"},"type":"Periodic","value":-5,"severity":5}]}""", "items[0].value" },
        { "monitoring/monitors", """{"items":[{"component":{"name":"EVSE"},"variable":{"name":"Power"},"type":"Delta","value":1,"severity":10}]}""", "items[0].severity" },
        { "monitoring/monitors", """{"items":[{"variable":{"name":"Power"},"type":"Delta","value":1,"severity":5}]}""", "items[0].component" },
        { "monitoring/monitors/clear", """{"ids":[]}""", "ids" },
        { "monitoring/monitors/clear", """{"ids":[1,1]}""", "ids" },
        { "monitoring/reports", """{"monitoringCriteria":["AllOfThem"]}""", "monitoringCriteria" },
        { "customer-information", """{"report":true,"clear":false}""", "customerIdentifier" },
        { "customer-information", """{"report":true,"clear":true,"customerIdentifier":"A","idToken":{"idToken":"T","type":"ISO14443"}}""", "customerIdentifier" },
        { "customer-information", """{"report":false,"clear":false,"customerIdentifier":"A"}""", "report" },
        { "customer-information", """{"clear":true,"customerIdentifier":"A"}""", "report" },
        { "customer-information", """{"report":true,"clear":false,"idToken":{"idToken":"T","type":"Badge"}}""", "idToken.type" },
        { "customer-information", """{"report":true,"clear":false,"customerCertificate":{"hashAlgorithm":"MD5","issuerNameHash":"a","issuerKeyHash":"b","serialNumber":"c"}}""", "customerCertificate.hashAlgorithm" },
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

    [Theory]
    [InlineData("monitoring/level", """{"severity":4}""")]
    [InlineData("monitoring/monitors/clear", """{"ids":[1]}""")]
    [InlineData("monitoring/reports", """{}""")]
    [InlineData("customer-information", """{"report":true,"clear":false,"customerIdentifier":"A"}""")]
    public async Task A_1_6_charge_point_is_refused_unsent_as_the_request_is_2_0_1_only(string route, string body)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/{route}", ApiAssert.RawJson(body));

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("2.0.1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(chargePoint.ServerCalls);
    }

    [Fact]
    public async Task A_station_answering_GetVariables_without_results_is_a_conflict_naming_what_is_missing()
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        station.OnServerCall = (_, _) => ServerCallAnswer.Result(new { });

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/variables/get", new
        {
            items = new[] { new { component = new { name = "OCPPCommCtrlr" }, variable = new { name = "HeartbeatInterval" } } },
        });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("getVariableResult", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_stations_and_requests_are_not_found()
    {
        await using var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());

        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/monitoring"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/monitoring/level", new { severity = 1 }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/charge-points/{station.Id}/customer-information/123456789"), HttpStatusCode.NotFound);
    }
}
