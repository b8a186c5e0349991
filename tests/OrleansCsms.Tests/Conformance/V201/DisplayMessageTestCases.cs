using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block O (display messages), CSMS side: an operator sets, asks for and clears a station's display
/// messages through the REST API; the tool checks each request and answers as configured, and the CSMS keeps what it
/// was told.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class DisplayMessageTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_O_01_CSMS_A_message_is_set_with_its_id_priority_format_and_state()
    {
        var station = await BootedStationAsync();

        var (answer, request) = await SetAsync(station, "Accepted", new { id = 11, priority = "NormalCycle", state = "Idle", message = Text("Welcome") });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var info = request.GetProperty("message");
        Assert.Equal(11, info.GetProperty("id").GetInt32());
        Assert.Equal("NormalCycle", info.GetProperty("priority").GetString());
        Assert.Equal("Idle", info.GetProperty("state").GetString());
        Assert.Equal("UTF8", info.GetProperty("message").GetProperty("format").GetString());
        Assert.False(info.TryGetProperty("transactionId", out _), $"Expected no transactionId in a message for no transaction, but it was {info}.");
        var kept = await SetMessageAsync(station, 11);
        Assert.Equal("Accepted", kept.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_O_02_CSMS_Asking_for_every_message_assembles_the_stations_report()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 1, priority = "InFront", message = Text("Cheap charging tonight") });

        var (answer, request) = await QueryAsync(station, "Accepted", new { });

        AssertNoFilters(request);
        await NotifyAsync(station, request, tbc: true, Info(1, "InFront", "Cheap charging tonight"));
        await NotifyAsync(station, request, tbc: false, Info(2, "NormalCycle", "Local message"));
        var report = await LastReportAsync(station);
        Assert.Equal(answer.GetProperty("requestId").GetInt32(), report.GetProperty("requestId").GetInt32());
        Assert.Equal([1, 2], report.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task TC_O_03_CSMS_Asking_a_station_with_no_messages_is_answered_Unknown_and_reports_none()
    {
        var station = await BootedStationAsync();

        var (answer, request) = await QueryAsync(station, "Unknown", new { });

        AssertNoFilters(request);
        Assert.Equal("Unknown", answer.GetProperty("status").GetString());
        var report = await LastReportAsync(station);
        Assert.Equal(0, report.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task TC_O_04_CSMS_Clearing_a_configured_message_names_it_and_forgets_it()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 5, priority = "NormalCycle", message = Text("Out of order soon") });

        var (answer, request) = await ClearAsync(station, 5, "Accepted");

        Assert.Equal(5, request.GetProperty("id").GetInt32());
        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var messages = await Operator.GetAsync($"/api/charge-points/{station.Id}/display-messages");
        Assert.Equal(0, messages.GetProperty("set").GetArrayLength());
    }

    [Fact]
    public async Task TC_O_05_CSMS_Clearing_an_unknown_message_is_answered_Unknown()
    {
        var station = await BootedStationAsync();

        var (answer, request) = await ClearAsync(station, 404, "Unknown");

        Assert.Equal(404, request.GetProperty("id").GetInt32());
        Assert.Equal("Unknown", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_O_06_CSMS_A_message_for_the_running_transaction_names_the_stations_transaction()
    {
        var (station, _) = await ChargingStationAsync();
        var transactionId = await CsmsTransactionIdAsync(station);

        var (answer, request) = await SetAsync(station, "Accepted", new { id = 6, priority = "InFront", transactionId, message = Text("Charging at 11 kW") });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        Assert.Equal(station.TransactionId, request.GetProperty("message").GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task TC_O_07_CSMS_Asking_for_one_message_by_id_gets_it_reported()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 7, priority = "NormalCycle", message = Text("Seven") });

        var (_, request) = await QueryAsync(station, "Accepted", new { ids = new[] { 7 } });

        Assert.Equal([7], request.GetProperty("id").EnumerateArray().Select(i => i.GetInt32()));
        await NotifyAsync(station, request, tbc: false, Info(7, "NormalCycle", "Seven"));
        Assert.Equal(7, (await LastReportAsync(station)).GetProperty("messages")[0].GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task TC_O_08_CSMS_Asking_for_messages_by_priority_gets_them_reported()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 8, priority = "AlwaysFront", message = Text("Eight") });

        var (_, request) = await QueryAsync(station, "Accepted", new { priority = "AlwaysFront" });

        Assert.Equal("AlwaysFront", request.GetProperty("priority").GetString());
        await NotifyAsync(station, request, tbc: false, Info(8, "AlwaysFront", "Eight"));
        Assert.Equal("AlwaysFront", (await LastReportAsync(station)).GetProperty("messages")[0].GetProperty("priority").GetString());
    }

    [Fact]
    public async Task TC_O_09_CSMS_Asking_for_messages_by_state_gets_them_reported()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 9, priority = "NormalCycle", state = "Charging", message = Text("Nine") });

        var (_, request) = await QueryAsync(station, "Accepted", new { state = "Charging" });

        Assert.Equal("Charging", request.GetProperty("state").GetString());
        await NotifyAsync(station, request, tbc: false, Info(9, "NormalCycle", "Nine", state: "Charging"));
        Assert.Equal("Charging", (await LastReportAsync(station)).GetProperty("messages")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task TC_O_10_CSMS_A_message_for_a_transaction_the_station_does_not_know_is_kept_as_UnknownTransaction()
    {
        var (station, _) = await ChargingStationAsync();
        var transactionId = await CsmsTransactionIdAsync(station);

        var (answer, _) = await SetAsync(station, "UnknownTransaction", new { id = 10, priority = "InFront", transactionId, message = Text("Ten") });

        Assert.Equal("UnknownTransaction", answer.GetProperty("status").GetString());
        Assert.Equal("UnknownTransaction", (await SetMessageAsync(station, 10)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_O_11_CSMS_Asking_for_an_id_the_station_does_not_have_is_answered_Unknown()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 11, priority = "NormalCycle", message = Text("Eleven") });

        var (answer, request) = await QueryAsync(station, "Unknown", new { ids = new[] { 12 } });

        Assert.Equal([12], request.GetProperty("id").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal("Unknown", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TC_O_12_CSMS_Setting_a_message_with_the_same_id_replaces_it()
    {
        var station = await BootedStationAsync();
        await SetAsync(station, "Accepted", new { id = 12, priority = "NormalCycle", message = Text("Before") });

        var (answer, request) = await SetAsync(station, "Accepted", new { id = 12, priority = "NormalCycle", message = Text("After") });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        Assert.Equal("After", request.GetProperty("message").GetProperty("message").GetProperty("content").GetString());
        var messages = await Operator.GetAsync($"/api/charge-points/{station.Id}/display-messages");
        Assert.Equal(1, messages.GetProperty("set").GetArrayLength());
        Assert.Equal("After", (await SetMessageAsync(station, 12)).GetProperty("message").GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task TC_O_13_CSMS_A_message_shown_from_a_start_time_carries_it()
    {
        var station = await BootedStationAsync();
        var start = DateTimeOffset.UtcNow.AddHours(1);

        var (_, request) = await SetAsync(station, "Accepted", new { id = 13, priority = "NormalCycle", startDateTime = start, message = Text("Later") });

        Assert.Equal(start.ToUnixTimeSeconds(), request.GetProperty("message").GetProperty("startDateTime").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.False(request.GetProperty("message").TryGetProperty("transactionId", out _), $"Expected no transactionId, but the request was {request}.");
    }

    [Fact]
    public async Task TC_O_14_CSMS_A_message_removed_after_an_end_time_carries_it()
    {
        var station = await BootedStationAsync();
        var end = DateTimeOffset.UtcNow.AddMinutes(5);

        var (_, request) = await SetAsync(station, "Accepted", new { id = 14, priority = "NormalCycle", endDateTime = end, message = Text("Briefly") });

        Assert.Equal(end.ToUnixTimeSeconds(), request.GetProperty("message").GetProperty("endDateTime").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task TC_O_17_CSMS_A_message_with_an_unsupported_priority_is_answered_NotSupportedPriority() =>
        await RefusedAsync("NotSupportedPriority", new { id = 1, priority = "AlwaysFront", message = Text("Urgent") });

    [Fact]
    public async Task TC_O_18_CSMS_A_message_with_an_unsupported_state_is_answered_NotSupportedState() =>
        await RefusedAsync("NotSupportedState", new { id = 1, priority = "NormalCycle", state = "Unavailable", message = Text("Closed") });

    [Fact]
    public async Task TC_O_19_CSMS_A_message_with_an_unsupported_format_is_answered_NotSupportedMessageFormat() =>
        await RefusedAsync("NotSupportedMessageFormat", new { id = 1, priority = "NormalCycle", message = new { format = "URI", content = "https://example.com/tariff" } });

    [Fact]
    public async Task TC_O_25_CSMS_A_message_for_a_specific_state_carries_it()
    {
        var station = await BootedStationAsync();

        var (answer, request) = await SetAsync(station, "Accepted", new { id = 25, priority = "NormalCycle", state = "Charging", message = Text("Charging") });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        Assert.Equal("Charging", request.GetProperty("message").GetProperty("state").GetString());
    }

    [Fact]
    public async Task TC_O_26_CSMS_A_rejected_message_is_answered_Rejected() =>
        await RefusedAsync("Rejected", new { id = 1, priority = "NormalCycle", message = Text("No") });

    [Fact]
    public async Task TC_O_27_CSMS_A_transaction_message_from_a_start_time_leaves_out_state_and_end()
    {
        var (station, _) = await ChargingStationAsync();
        var transactionId = await CsmsTransactionIdAsync(station);
        var start = DateTimeOffset.UtcNow.AddMinutes(2);

        var (_, request) = await SetAsync(station, "Accepted", new { id = 27, priority = "InFront", transactionId, startDateTime = start, message = Text("Halfway") });

        var info = request.GetProperty("message");
        Assert.Equal(station.TransactionId, info.GetProperty("transactionId").GetString());
        Assert.True(info.TryGetProperty("startDateTime", out _), $"Expected a startDateTime, but the message was {info}.");
        Assert.False(info.TryGetProperty("state", out _) || info.TryGetProperty("endDateTime", out _), $"Expected neither state nor endDateTime, but the message was {info}.");
    }

    [Fact]
    public async Task TC_O_28_CSMS_A_transaction_message_removed_after_an_end_time_carries_the_transaction()
    {
        var (station, _) = await ChargingStationAsync();
        var transactionId = await CsmsTransactionIdAsync(station);
        var end = DateTimeOffset.UtcNow.AddMinutes(2);

        var (_, request) = await SetAsync(station, "Accepted", new { id = 28, priority = "InFront", transactionId, endDateTime = end, message = Text("Nearly done") });

        var info = request.GetProperty("message");
        Assert.Equal(station.TransactionId, info.GetProperty("transactionId").GetString());
        Assert.True(info.TryGetProperty("endDateTime", out _), $"Expected an endDateTime, but the message was {info}.");
        Assert.False(info.TryGetProperty("startDateTime", out _), $"Expected no startDateTime, but the message was {info}.");
    }

    private async Task RefusedAsync(string status, object body)
    {
        var station = await BootedStationAsync();

        var (answer, _) = await SetAsync(station, status, body);

        Assert.Equal(status, answer.GetProperty("status").GetString());
        Assert.Equal(status, (await SetMessageAsync(station, 1)).GetProperty("status").GetString());
    }

    private async Task<(JsonElement Answer, JsonElement Request)> SetAsync(OcttStation station, string status, object body)
    {
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status });
        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/display-messages", body);
        return (answer, LastRequest(station, "SetDisplayMessage"));
    }

    private async Task<(JsonElement Answer, JsonElement Request)> QueryAsync(OcttStation station, string status, object body)
    {
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status });
        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/display-messages/query", body);
        var request = LastRequest(station, "GetDisplayMessages");
        Assert.Equal(answer.GetProperty("requestId").GetInt32(), request.GetProperty("requestId").GetInt32());
        return (answer, request);
    }

    private async Task<(JsonElement Answer, JsonElement Request)> ClearAsync(OcttStation station, int messageId, string status)
    {
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status });
        var response = await Host.Api.DeleteAsync($"/api/charge-points/{station.Id}/display-messages/{messageId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected DELETE of display message {messageId} to succeed, but it was {(int)response.StatusCode}: {body}.");
        return (JsonDocument.Parse(body).RootElement.Clone(), LastRequest(station, "ClearDisplayMessage"));
    }

    private static Task NotifyAsync(OcttStation station, JsonElement request, bool tbc, params object[] messageInfo) =>
        station.AcknowledgedAsync("NotifyDisplayMessages", new { requestId = request.GetProperty("requestId").GetInt32(), tbc, messageInfo });

    private async Task<JsonElement> LastReportAsync(OcttStation station)
    {
        var messages = await Operator.GetAsync($"/api/charge-points/{station.Id}/display-messages");
        Assert.True(messages.GetProperty("lastReport").ValueKind == JsonValueKind.Object, $"Expected a complete report of {station.Id}'s messages, but there is none: {messages}.");
        return messages.GetProperty("lastReport");
    }

    private async Task<JsonElement> SetMessageAsync(OcttStation station, int messageId)
    {
        var messages = await Operator.GetAsync($"/api/charge-points/{station.Id}/display-messages");
        var set = messages.GetProperty("set").EnumerateArray().Where(m => m.GetProperty("message").GetProperty("id").GetInt32() == messageId).ToList();
        Assert.True(set.Count == 1, $"Expected the CSMS to keep message {messageId} it set on {station.Id}, but it keeps {messages}.");
        return set[0];
    }

    private async Task<int> CsmsTransactionIdAsync(OcttStation station) =>
        (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("id").GetInt32();

    private static JsonElement LastRequest(OcttStation station, string action)
    {
        var (sent, payload) = station.Socket.ServerCalls.Last();
        Assert.Equal(action, sent);
        return payload;
    }

    private static void AssertNoFilters(JsonElement request) =>
        Assert.False(
            request.TryGetProperty("id", out _) || request.TryGetProperty("priority", out _) || request.TryGetProperty("state", out _),
            $"Expected GetDisplayMessages without filters, but it was {request}.");

    private static object Text(string content) => new { format = "UTF8", language = "en", content };

    private static object Info(int id, string priority, string content, string? state = null) =>
        new { id, priority, state, message = Text(content) };
}
