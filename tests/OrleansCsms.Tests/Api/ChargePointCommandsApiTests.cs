using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointCommandsApiTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    /// <summary>Every command with a valid request: method, path under the charge point, JSON body (null: none).</summary>
    public static TheoryData<string, string, string?> ValidCommands => new()
    {
        { "POST", "remote-start", """{"idTag":"TAG-1"}""" },
        { "POST", "remote-start", """{"idTag":"TAG-1","connectorId":2}""" },
        { "POST", "remote-stop", """{"transactionId":17}""" },
        { "POST", "reset", """{"type":"Soft"}""" },
        { "POST", "reset", """{"type":"Hard"}""" },
        { "POST", "unlock", """{"connectorId":1}""" },
        { "POST", "unlock", """{"connectorId":32}""" },
        { "POST", "availability", """{"connectorId":0,"type":"Inoperative"}""" },
        { "GET", "configuration", null },
        { "GET", "configuration?key=HeartbeatInterval&key=MeterValueSampleInterval", null },
        { "GET", "configuration/HeartbeatInterval", null },
        { "PUT", "configuration/HeartbeatInterval", """{"value":"60"}""" },
        { "POST", "clear-cache", null },
        { "POST", "data-transfer", """{"vendorId":"com.example","messageId":"ping","data":"hello"}""" },
        { "POST", "trigger", """{"requestedMessage":"StatusNotification","connectorId":1}""" },
        { "POST", "trigger", """{"requestedMessage":"BootNotification"}""" },
        { "POST", "get-diagnostics", """{"location":"ftp://logs.example.com/","retries":1,"retryInterval":0,"startTime":"2025-01-01T00:00:00Z","stopTime":"2025-01-01T00:00:00Z"}""" },
        { "POST", "update-firmware", """{"location":"https://firmware.example.com/a.bin","retrieveDate":"2025-01-01T00:00:00Z"}""" },
        { "POST", "calls/TriggerMessage", """{"requestedMessage":"Heartbeat"}""" },
    };

    /// <summary>Requests each command must refuse before it reaches the charge point, and the field each names.</summary>
    public static TheoryData<string, string, string?, string> InvalidCommands => new()
    {
        { "POST", "remote-start", "{}", "idTag" },
        { "POST", "remote-start", """{"idTag":"1234567890123456789012345678901234567"}""", "idTag" },
        { "POST", "remote-start", """{"idTag":""}""", "idTag" },
        { "POST", "remote-start", """{"idTag":"TAG-1","connectorId":0}""", "connectorId" },
        { "POST", "remote-stop", "{}", "transactionId" },
        { "POST", "reset", """{"type":"Medium"}""", "type" },
        { "POST", "reset", """{"type":"soft"}""", "type" },
        { "POST", "reset", "{}", "type" },
        { "POST", "unlock", """{"connectorId":0}""", "connectorId" },
        { "POST", "unlock", "{}", "connectorId" },
        { "POST", "availability", """{"connectorId":-1,"type":"Operative"}""", "connectorId" },
        { "POST", "availability", """{"connectorId":33,"type":"Operative"}""", "connectorId" },
        { "POST", "unlock", """{"connectorId":33}""", "connectorId" },
        { "POST", "remote-start", """{"idTag":"TAG-1","connectorId":33}""", "connectorId" },
        { "POST", "availability", """{"connectorId":1,"type":"Off"}""", "type" },
        { "GET", $"configuration?key={new string('k', 51)}", null, "key" },
        { "GET", $"configuration/{new string('k', 51)}", null, "key" },
        { "PUT", "configuration/HeartbeatInterval", "{}", "value" },
        { "PUT", "configuration/HeartbeatInterval", $$"""{"value":"{{new string('v', 501)}}"}""", "value" },
        { "PUT", $"configuration/{new string('k', 51)}", """{"value":"1"}""", "key" },
        { "POST", "data-transfer", "{}", "vendorId" },
        { "POST", "data-transfer", $$"""{"vendorId":"{{new string('v', 256)}}"}""", "vendorId" },
        { "POST", "data-transfer", $$"""{"vendorId":"v","messageId":"{{new string('m', 51)}}"}""", "messageId" },
        { "POST", "trigger", "{}", "requestedMessage" },
        { "POST", "trigger", """{"requestedMessage":"MeterValue"}""", "requestedMessage" },
        { "POST", "trigger", """{"requestedMessage":"MeterValues","connectorId":-1}""", "connectorId" },
        { "POST", "trigger", """{"requestedMessage":"MeterValues","connectorId":33}""", "connectorId" },
        { "POST", "get-diagnostics", """{"location":"not a uri"}""", "location" },
        { "POST", "get-diagnostics", """{"location":"ftp://logs.example.com/","retries":-1,"retryInterval":-1}""", "retries" },
        { "POST", "update-firmware", """{"location":"https://firmware.example.com/a.bin"}""", "retrieveDate" },
        { "POST", "update-firmware", """{"retrieveDate":"2025-01-01T00:00:00Z"}""", "location" },
        { "POST", "calls/Trigger-Message", "{}", "action" },
        { "POST", "calls/TriggerMessage", "[]", "$" },
        { "POST", "calls/TriggerMessage", "\"Heartbeat\"", "$" },
    };

    [Theory]
    [MemberData(nameof(ValidCommands))]
    public async Task A_command_to_a_charge_point_that_is_not_connected_is_a_conflict(string method, string path, string? body)
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var response = await SendAsync(method, $"/api/charge-points/{id}/{path}", body);

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True(problem.GetString("detail").Contains(id, StringComparison.Ordinal), $"Expected the problem to name the charge point: {problem}");
    }

    [Theory]
    [MemberData(nameof(ValidCommands))]
    public async Task A_command_to_an_unknown_charge_point_is_not_found(string method, string path, string? body)
    {
        var response = await SendAsync(method, $"/api/charge-points/{Fresh.ChargePointId()}/{path}", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task An_invalid_command_is_a_validation_problem_before_anything_is_sent(string method, string path, string? body, string field)
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var response = await SendAsync(method, $"/api/charge-points/{id}/{path}", body);

        await ApiAssert.ValidationProblemAsync(response, field);
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path, string? body) =>
        Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : ApiAssert.RawJson(body) });
}
