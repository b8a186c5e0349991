using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>TriggerMessage, GetDiagnostics and UpdateFirmware through their typed endpoints, to a charge point on a real WebSocket.</summary>
[Collection(CsmsCollection.Name)]
public sealed class TriggerAndFirmwareCommandTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    /// <summary>OCPP 1.6's MessageTrigger enumeration, written out here rather than taken from the code under test.</summary>
    private static readonly string[] AllowedTriggers =
        ["BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification"];

    public static TheoryData<string> MessageTriggers => new(AllowedTriggers);

    /// <summary>Requests each endpoint must refuse before anything reaches the charge point, and the field each names.</summary>
    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { "trigger", "{}", "requestedMessage" },
        { "trigger", """{"requestedMessage":"heartbeat"}""", "requestedMessage" },
        { "trigger", """{"requestedMessage":"Authorize"}""", "requestedMessage" },
        { "trigger", """{"requestedMessage":"Heartbeat","connectorId":0}""", "connectorId" },
        { "trigger", """{"requestedMessage":"Heartbeat","connectorId":33}""", "connectorId" },
        { "get-diagnostics", """{"location":"mailto:ops@example.com"}""", "location" },
        { "get-diagnostics", """{"location":"uploads/diagnostics"}""", "location" },
        { "get-diagnostics", """{"location":"/var/uploads"}""", "location" },
        { "get-diagnostics", """{"location":"ftp://example.com/","retries":-1}""", "retries" },
        { "get-diagnostics", """{"location":"ftp://example.com/","retryInterval":-1}""", "retryInterval" },
        { "get-diagnostics", """{"location":"ftp://example.com/","startTime":"2025-01-02T00:00:00Z","stopTime":"2025-01-01T00:00:00Z"}""", "stopTime" },
        { "get-diagnostics", """{"location":"ftp://example.com/","startTime":"yesterday"}""", "$.startTime" },
        { "update-firmware", """{"retrieveDate":"2025-01-01T00:00:00Z"}""", "location" },
        { "update-firmware", """{"location":"firmware.bin","retrieveDate":"2025-01-01T00:00:00Z"}""", "location" },
        { "update-firmware", """{"location":"https://example.com/firmware.bin"}""", "retrieveDate" },
        { "update-firmware", """{"location":"https://example.com/firmware.bin","retrieveDate":"2025-01-01T00:00:00Z","retries":-1}""", "retries" },
        { "update-firmware", """{"location":"https://example.com/firmware.bin","retrieveDate":"2025-01-01T00:00:00Z","retryInterval":-5}""", "retryInterval" },
        { "update-firmware", """{"location":"https://example.com/f.bin","firmwareFileId":"0123456789abcdef0123456789abcdef","retrieveDate":"2025-01-01T00:00:00Z"}""", "firmwareFileId" },
        { "update-firmware", """{"firmwareFileId":"0123456789abcdef0123456789abcdef","retrieveDate":"2025-01-01T00:00:00Z"}""", "firmwareFileId" },
        { "update-firmware", """{"firmwareFileId":"../../etc/passwd","retrieveDate":"2025-01-01T00:00:00Z"}""", "firmwareFileId" },
        { "get-log", """{"logType":"AuditLog"}""", "logType" },
        { "get-log", "{}", "logType" },
        { "get-log", $$"""{"logType":"SecurityLog","remoteLocation":"https://logs.example.com/{{new string('a', 500)}}"}""", "remoteLocation" },
        { "get-log", """{"logType":"SecurityLog","oldestTimestamp":"2025-01-02T00:00:00Z","latestTimestamp":"2025-01-01T00:00:00Z"}""", "latestTimestamp" },
        { "get-log", """{"logType":"DiagnosticsLog","retries":-1}""", "retries" },
        { "signed-update-firmware", """{"location":"https://example.com/f.bin","retrieveDateTime":"2025-01-01T00:00:00Z","signature":"AAAA"}""", "signingCertificate" },
        { "signed-update-firmware", """{"location":"https://example.com/f.bin","retrieveDateTime":"2025-01-01T00:00:00Z","signingCertificate":"not a certificate","signature":"AAAA"}""", "signingCertificate" },
        { "signed-update-firmware", """{"location":"https://example.com/f.bin","retrieveDateTime":"2025-01-01T00:00:00Z","signature":"not base64!"}""", "signature" },
        { "signed-update-firmware", """{"location":"https://example.com/f.bin","signature":"AAAA"}""", "retrieveDateTime" },
        { "signed-update-firmware", """{"retrieveDateTime":"2025-01-01T00:00:00Z","signature":"AAAA"}""", "location" },
    };

    [Theory]
    [MemberData(nameof(MessageTriggers))]
    public async Task A_trigger_for_a_connector_sends_exactly_the_requested_message_and_connector(string requestedMessage)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var answer = await PostAsync(chargePoint, "trigger", new { requestedMessage, connectorId = 2 });

        AssertStatus(answer, "Accepted");
        AssertSentOnly(chargePoint, "TriggerMessage", $$"""{"requestedMessage":"{{requestedMessage}}","connectorId":2}""");
    }

    [Fact]
    public async Task A_trigger_without_a_connector_sends_no_connector_id()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var answer = await PostAsync(chargePoint, "trigger", new { requestedMessage = "Heartbeat" });

        AssertStatus(answer, "Accepted");
        AssertSentOnly(chargePoint, "TriggerMessage", """{"requestedMessage":"Heartbeat"}""");
    }

    [Theory]
    [InlineData("Rejected")]
    [InlineData("NotImplemented")]
    public async Task A_trigger_the_charge_point_refuses_is_reported_as_it_answered(string status)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status });

        var answer = await PostAsync(chargePoint, "trigger", new { requestedMessage = "MeterValues", connectorId = 1 });

        AssertStatus(answer, status);
    }

    [Fact]
    public async Task Get_diagnostics_sends_every_given_field_with_times_in_utc_and_keeps_the_file_name_in_the_job()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { fileName = "diag-0001.zip" });

        var answer = await StartJobAsync(chargePoint, "get-diagnostics", new
        {
            location = "ftp://logs.example.com/uploads/",
            retries = 3,
            retryInterval = 60,
            startTime = "2025-03-01T08:00:00+01:00",
            stopTime = "2025-03-02T07:00:00Z",
        });

        Assert.True(answer.TryGetProperty("fileName", out var fileName) && fileName.GetString() == "diag-0001.zip",
            $"Expected the charge point's fileName to reach the operator, but the answer was {answer}.");
        AssertSentOnly(chargePoint, "GetDiagnostics", """
            {"location":"ftp://logs.example.com/uploads/","retries":3,"retryInterval":60,"startTime":"2025-03-01T07:00:00.000Z","stopTime":"2025-03-02T07:00:00.000Z"}
            """);
    }

    [Fact]
    public async Task Get_diagnostics_with_only_a_location_sends_only_the_location()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { });

        var answer = (await StartJobAsync(chargePoint, "get-diagnostics", new { location = "https://logs.example.com/upload" })).GetProperty("answer");

        Assert.True(answer.ValueKind == JsonValueKind.Object && !answer.EnumerateObject().Any(),
            $"Expected the charge point's empty answer (no file to upload) to reach the operator as {{}}, but it was {answer}.");
        AssertSentOnly(chargePoint, "GetDiagnostics", """{"location":"https://logs.example.com/upload"}""");
    }

    [Fact]
    public async Task Update_firmware_sends_the_location_retrieve_date_and_retries_and_keeps_the_empty_answer()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { });

        var answer = (await StartJobAsync(chargePoint, "update-firmware", new
        {
            location = "https://firmware.example.com/cp-2.1.0.bin",
            retrieveDate = "2025-04-05T06:07:08.5Z",
            retries = 0,
            retryInterval = 30,
        })).GetProperty("answer");

        Assert.True(answer.ValueKind == JsonValueKind.Object && !answer.EnumerateObject().Any(),
            $"Expected the charge point's empty UpdateFirmware.conf to reach the operator as {{}}, but it was {answer}.");
        AssertSentOnly(chargePoint, "UpdateFirmware", """
            {"location":"https://firmware.example.com/cp-2.1.0.bin","retries":0,"retrieveDate":"2025-04-05T06:07:08.500Z","retryInterval":30}
            """);
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_a_validation_problem_and_nothing_is_sent(string path, string body, string field)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/{path}", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
        Assert.True(chargePoint.ServerCalls.IsEmpty,
            $"Expected nothing to be sent to the charge point for an invalid {path}, but it received [{string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}].");
    }

    [Fact]
    public async Task A_trigger_that_is_not_one_of_the_messages_names_every_allowed_one()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/trigger", new { requestedMessage = "StartTransaction" });

        var problem = await ApiAssert.ValidationProblemAsync(response, "requestedMessage");
        var message = problem.GetProperty("errors").GetProperty("requestedMessage")[0].GetString()!;
        foreach (var allowed in AllowedTriggers)
        {
            Assert.True(message.Contains(allowed, StringComparison.Ordinal), $"Expected the problem to list {allowed} as allowed, but it said: {message}");
        }
    }

    [Theory]
    [InlineData("trigger", """{"requestedMessage":"Heartbeat"}""")]
    [InlineData("get-diagnostics", """{"location":"ftp://logs.example.com/"}""")]
    [InlineData("update-firmware", """{"location":"https://firmware.example.com/a.bin","retrieveDate":"2025-01-01T00:00:00Z"}""")]
    [InlineData("get-log", """{"logType":"SecurityLog"}""")]
    public async Task A_charge_point_that_is_not_connected_gets_the_same_problem_as_a_reset(string path, string body)
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var reset = await ApiAssert.ProblemAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Soft" }), HttpStatusCode.Conflict);
        var command = await ApiAssert.ProblemAsync(await Host.Api.PostAsync($"/api/charge-points/{id}/{path}", ApiAssert.RawJson(body)), HttpStatusCode.Conflict);

        Assert.True(command.GetString("title") == reset.GetString("title"),
            $"Expected {path} to an offline charge point to be the problem a reset gets ({reset}), but it was {command}.");
    }

    private async Task<JsonElement> PostAsync(TestChargePoint chargePoint, string path, object body) =>
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/{path}", body), HttpStatusCode.OK);

    private async Task<JsonElement> StartJobAsync(TestChargePoint chargePoint, string path, object body) =>
        await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/{path}", body), HttpStatusCode.Created);

    private static void AssertStatus(JsonElement answer, string expected) =>
        Assert.True(answer.TryGetProperty("status", out var status) && status.GetString() == expected,
            $"Expected the charge point's status {expected} to reach the operator, but the answer was {answer}.");

    /// <summary>Asserts the charge point received one call, of <paramref name="action"/>, whose payload is exactly <paramref name="expectedPayload"/>.</summary>
    private static void AssertSentOnly(TestChargePoint chargePoint, string action, string expectedPayload)
    {
        var calls = chargePoint.ServerCalls.ToList();
        Assert.True(calls.Count == 1 && calls[0].Action == action,
            $"Expected the CSMS to send one {action}, but it sent [{string.Join(", ", calls.Select(c => c.Action))}].");
        var expected = JsonNode.Parse(expectedPayload);
        var actual = JsonNode.Parse(calls[0].Payload.GetRawText());
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {action}.req to be exactly {expected?.ToJsonString()}, but it was {actual?.ToJsonString()}.");
    }
}
