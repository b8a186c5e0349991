using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>
/// Text that no store can hold (U+0000 and unpaired UTF-16 surrogates, which JSON can carry as "\u0000" and "\ud800")
/// is replaced with U+FFFD as a frame arrives, the same on both engines: the message is understood and answered as
/// usual, never with an InternalError that would make a charge point resend it forever.
/// </summary>
[Collection(StorageEnginesCollection.Name)]
public sealed class UnstorableTextTests(StorageEnginesFixture engines)
{
    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task A_transaction_whose_id_tags_and_readings_hold_a_nul_or_a_lone_surrogate_is_acknowledged_and_stored_with_U_FFFD(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        var time = DateTimeOffset.UtcNow.AddMinutes(-10);

        var started = await chargePoint.CallRawAsync("StartTransaction",
            $$"""{"connectorId":1,"idTag":"AB\u0000CD","meterStart":100,"timestamp":"{{V16Messages.Timestamp(time)}}"}""");
        var transactionId = started.GetProperty("transactionId").GetInt32();
        await chargePoint.CallRawAsync("MeterValues", $$"""
            {"connectorId":1,"transactionId":{{transactionId}},"meterValue":[{"timestamp":"{{V16Messages.Timestamp(time.AddMinutes(1))}}",
             "sampledValue":[{"value":"600\ud800","unit":"Wh"},{"value":"\u0000","measurand":"SoC","unit":"Percent"}]}]}
            """);
        var stopped = await chargePoint.CallRawAsync("StopTransaction", $$"""
            {"transactionId":{{transactionId}},"meterStop":1100,"timestamp":"{{V16Messages.Timestamp(time.AddMinutes(2))}}","idTag":"\udc00XY","reason":"Local",
             "transactionData":[{"timestamp":"{{V16Messages.Timestamp(time.AddMinutes(2))}}","sampledValue":[{"value":"1100\u0000"}]}]}
            """);

        Assert.True(started.GetProperty("idTagInfo").GetProperty("status").GetString() == "Invalid",
            $"An id tag that is unknown once its unstorable characters are replaced must simply be Invalid: {started}");
        Assert.True(stopped.GetProperty("idTagInfo").GetProperty("status").GetString() == "Invalid",
            $"The stop's id tag must simply be Invalid: {stopped}");
        var transaction = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/transactions/{transactionId}"), HttpStatusCode.OK);
        Assert.Equal("AB\uFFFDCD", transaction.GetString("idTag"));
        Assert.Equal("\uFFFDXY", transaction.GetString("stopIdTag"));
        Assert.False(transaction.GetProperty("active").GetBoolean(), $"The stop must have been recorded: {transaction}");
        var values = transaction.GetProperty("meterValues").EnumerateArray().Select(v => v.GetString("value")).ToList();
        Assert.True(values.Contains("600\uFFFD") && values.Contains("\uFFFD") && values.Contains("1100\uFFFD"),
            $"Expected every sampled value stored with U+FFFD in place of what could not be stored, but got: {string.Join(", ", values.Select(Escaped))}");
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task A_status_notification_with_a_nul_and_a_lone_surrogate_is_acknowledged_and_the_connector_shows_U_FFFD(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());

        await chargePoint.CallRawAsync("StatusNotification",
            """{"connectorId":2,"status":"Faulted","errorCode":"OtherError","info":"relay\u0000stuck","vendorId":"Acme","vendorErrorCode":"E\ud83d"}""");

        var details = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}"), HttpStatusCode.OK);
        var connector = details.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("connectorId").GetInt32() == 2);
        Assert.Equal("relay\uFFFDstuck", connector.GetString("info"));
        Assert.Equal("E\uFFFD", connector.GetString("vendorErrorCode"));
        Assert.Equal("Faulted", connector.GetString("status"));
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task A_boot_notification_with_unstorable_text_is_accepted_and_the_boot_details_show_U_FFFD(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());

        var boot = await chargePoint.CallRawAsync("BootNotification",
            """{"chargePointVendor":"Acme\u0000","chargePointModel":"\udc00Fast","firmwareVersion":"4.2\ud800\ud800","meterSerialNumber":"\u0000\u0000"}""");

        Assert.Equal("Accepted", boot.GetProperty("status").GetString());
        var stored = (await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}"), HttpStatusCode.OK)).GetProperty("boot");
        Assert.Equal("Acme\uFFFD", stored.GetString("vendor"));
        Assert.Equal("\uFFFDFast", stored.GetString("model"));
        Assert.Equal("4.2\uFFFD\uFFFD", stored.GetString("firmwareVersion"));
        Assert.Equal("\uFFFD\uFFFD", stored.GetString("meterSerialNumber"));
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task Authorize_and_data_transfer_with_lone_surrogates_are_answered_as_usual(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());

        // Escaped, five lone surrogates are longer than idTag's 20 characters, though they are only five.
        var authorize = await chargePoint.CallRawAsync("Authorize", """{"idTag":"\ud800\ud800\ud800\ud800\udfff"}""");
        var dataTransfer = await chargePoint.CallRawAsync("DataTransfer", """{"vendorId":"Acme\ud800","messageId":"\u0000","data":"\udc00\u0000"}""");

        Assert.Equal("Invalid", authorize.GetProperty("idTagInfo").GetProperty("status").GetString());
        Assert.Equal("UnknownVendorId", dataTransfer.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task An_enumerated_value_holding_a_lone_surrogate_is_a_property_constraint_violation_and_the_connection_carries_on(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() => chargePoint.CallRawAsync("MeterValues", $$"""
            {"connectorId":1,"meterValue":[{"timestamp":"{{V16Messages.Timestamp(DateTimeOffset.UtcNow)}}","sampledValue":[{"value":"1","unit":"W\ud800"}]}]}
            """));

        Assert.True(error.ErrorCode == "PropertyConstraintViolation" && error.Description.Contains("unit", StringComparison.Ordinal),
            $"A unit that is not one of 1.6's units must be a PropertyConstraintViolation naming it, but got {error.ErrorCode}: {error.Description}");
        var heartbeat = await chargePoint.CallAsync("Heartbeat", new { });
        Assert.True(heartbeat.TryGetProperty("currentTime", out _), "The connection must go on answering calls.");
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task Replaced_values_are_noted_in_the_message_log_and_the_application_log_beside_the_frame_as_received(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());

        await chargePoint.CallRawAsync("StatusNotification",
            """{"connectorId":1,"status":"Available","errorCode":"NoError","info":"a\u0000b","vendorErrorCode":"\ud800"}""", messageId: "status-1");

        var log = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages"), HttpStatusCode.OK);
        var entries = log.GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.True(entries.Select(e => e.GetString("direction")).SequenceEqual(["in", "note", "out"]),
            $"Expected the frame received, a note of what was replaced, then the answer: {log}");
        var (received, note) = (entries[0], entries[1]);
        Assert.Contains("""a\u0000b""", received.GetString("frame"), StringComparison.Ordinal);
        Assert.Contains("""\ud800""", received.GetString("frame"), StringComparison.Ordinal);
        Assert.True(note.GetString("messageId") == "status-1" && note.GetString("action") == "StatusNotification" && note.GetProperty("messageType").GetInt32() == 2,
            $"The note must name the message it is about: {note}");
        using var noted = JsonDocument.Parse(note.GetString("frame"));
        var fields = noted.RootElement.GetProperty("replaced").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.True(fields.SequenceEqual(["info", "vendorErrorCode"]), $"The note must name the fields whose values were replaced: {note}");

        var warning = engines.Log.Messages.SingleOrDefault(m => m.Text.Contains(chargePoint.Id, StringComparison.Ordinal));
        Assert.True(warning is { Level: LogLevel.Warning } && warning.Text.Contains("status-1", StringComparison.Ordinal)
            && warning.Text.Contains("info", StringComparison.Ordinal) && warning.Text.Contains("vendorErrorCode", StringComparison.Ordinal),
            $"Expected one warning naming the charge point, the message and the fields, but got: {warning?.Text ?? "none"}");
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task An_answer_to_a_server_call_follows_the_same_rule_and_is_noted(string engine)
    {
        var host = engines.On(engine);
        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new
        {
            configurationKey = new[] { new { key = "Greeting", @readonly = true, value = "hi\0there" } },
        });

        var entry = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/configuration/Greeting"), HttpStatusCode.OK);

        Assert.Equal("hi\uFFFDthere", entry.GetString("value"));
        var log = await ApiAssert.JsonAsync(await host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/messages"), HttpStatusCode.OK);
        var note = Assert.Single(log.GetProperty("items").EnumerateArray(), e => e.GetString("direction") == "note");
        Assert.True(note.GetProperty("messageType").GetInt32() == 3 && note.GetString("action") == "GetConfiguration"
            && note.GetString("frame").Contains("configurationKey[0].value", StringComparison.Ordinal),
            $"Expected a note naming the CALLRESULT to GetConfiguration and its replaced field: {note}");
    }

    [Theory]
    [MemberData(nameof(StorageEnginesFixture.Engines), MemberType = typeof(StorageEnginesFixture))]
    public async Task A_description_holding_a_nul_is_stored_with_U_FFFD_rather_than_failing_the_write(string engine)
    {
        var host = engines.On(engine);
        var id = Fresh.ChargePointId();

        var registered = await host.Api.PostAsync("/api/charge-points", ApiAssert.RawJson($$"""{"id":"{{id}}","description":"bay\u00002","location":"\u0000"}"""));

        Assert.True(registered.IsSuccessStatusCode, $"Expected the registration to be stored, but got {(int)registered.StatusCode}: {await registered.Content.ReadAsStringAsync()}");
        var listed = await ApiAssert.JsonAsync(await host.Api.GetAsync("/api/charge-points?pageSize=500"), HttpStatusCode.OK);
        var stored = listed.GetProperty("items").EnumerateArray().Single(c => c.GetString("id") == id);
        Assert.Equal("bay\uFFFD2", stored.GetString("description"));
        Assert.Equal("\uFFFD", stored.GetString("location"));
    }

    private static string Escaped(string text) => JsonSerializer.Serialize(text);
}
