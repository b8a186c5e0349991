using System.Net.Http.Headers;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block N (diagnostics), logs and customer information, CSMS side: GetLog jobs followed by their
/// LogStatusNotifications, a second GetLog that cancels the first, and CustomerInformation requests whose
/// NotifyCustomerInformation parts the CSMS assembles, with a cleared token leaving the station's local list.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class LogAndCustomerInformationTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private const string CustomerData = "Customer data of the OCTT: sessions 2025-01-01 to 2025-01-31, ";

    [Fact]
    public async Task TC_N_25_CSMS_A_diagnostics_log_is_asked_for_and_its_upload_followed_to_the_end()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted", filename = "diagnostics.log" });

        var job = await Operator.PostAsync($"/api/charge-points/{station.Id}/get-log", new { logType = "DiagnosticsLog", remoteLocation = "https://logs.example.com/upload/" });

        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        var jobId = job.GetProperty("jobId").GetInt32();
        Assert.Equal(("GetLog", "DiagnosticsLog", jobId), (action, payload.GetProperty("logType").GetString(), payload.GetProperty("requestId").GetInt32()));
        Assert.Equal("https://logs.example.com/upload/", payload.GetProperty("log").GetProperty("remoteLocation").GetString());
        await LogStatusAsync(station, "Uploading", jobId);
        await LogStatusAsync(station, "Uploaded", jobId);
        await AssertJobAsync(jobId, "Uploaded", "Uploading", "Uploaded");
    }

    [Fact]
    public async Task TC_N_34_CSMS_A_log_request_the_station_rejects_ends_its_job()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var job = await Operator.PostAsync($"/api/charge-points/{station.Id}/get-log", new { logType = "DiagnosticsLog" });

        Assert.Equal("GetLog", Assert.Single(station.Socket.ServerCalls).Action);
        Assert.Equal(("Rejected", true), (job.GetProperty("state").GetString(), job.GetProperty("finished").GetBoolean()));
    }

    [Fact]
    public async Task TC_N_35_CSMS_A_security_log_is_uploaded_to_the_CSMS_itself_and_kept()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted", filename = "security.log" });

        var job = await Operator.PostAsync($"/api/charge-points/{station.Id}/get-log", new { logType = "SecurityLog" });

        var jobId = job.GetProperty("jobId").GetInt32();
        var (_, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("SecurityLog", payload.GetProperty("logType").GetString());
        await LogStatusAsync(station, "Uploading", jobId);
        var log = "2025-01-01T00:00:00Z ResetOrReboot\n"u8.ToArray();
        using (var upload = new HttpClient())
        using (var content = new ByteArrayContent(log))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            var uploaded = await upload.PutAsync(payload.GetProperty("log").GetProperty("remoteLocation").GetString() + "security.log", content);
            Assert.True(uploaded.IsSuccessStatusCode, $"Expected the log upload to the CSMS to succeed, but it answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
        }

        await LogStatusAsync(station, "Uploaded", jobId);
        await AssertJobAsync(jobId, "Uploaded", "Uploading", "Uploaded");
        Assert.Equal(log, await Host.Api.GetByteArrayAsync($"/api/jobs/{jobId}/file"));
    }

    [Fact]
    public async Task TC_N_36_CSMS_A_second_log_request_cancels_the_first_and_is_followed_on_its_own()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted", filename = "first.log" });
        var first = (await Operator.PostAsync($"/api/charge-points/{station.Id}/get-log", new { logType = "DiagnosticsLog" })).GetProperty("jobId").GetInt32();
        await LogStatusAsync(station, "Uploading", first);

        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "AcceptedCanceled", filename = "second.log" });
        var second = await Operator.PostAsync($"/api/charge-points/{station.Id}/get-log", new { logType = "DiagnosticsLog" });
        await LogStatusAsync(station, "AcceptedCanceled", first);
        var secondId = second.GetProperty("jobId").GetInt32();
        await LogStatusAsync(station, "Uploading", secondId);
        await LogStatusAsync(station, "Uploaded", secondId);

        Assert.Equal("AcceptedCanceled", second.GetProperty("answerStatus").GetString());
        var cancelled = await Operator.GetAsync($"/api/jobs/{first}");
        Assert.True(cancelled.GetProperty("finished").GetBoolean(), $"Expected the first log job to have ended when the second cancelled it: {cancelled}.");
        Assert.Equal("Cancelled", cancelled.GetProperty("state").GetString());
        await AssertJobAsync(secondId, "Uploaded", "Uploading", "Uploaded");
    }

    [Fact]
    public async Task TC_N_27_CSMS_A_customer_report_by_id_token_is_asked_for_and_its_parts_assembled()
    {
        var (station, token) = await StationAndTokenAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = false, idToken = new { idToken = token, type = "ISO14443" } });

        var payload = SentRequest(station);
        Assert.Equal((true, false), (payload.GetProperty("report").GetBoolean(), payload.GetProperty("clear").GetBoolean()));
        Assert.Equal(token, payload.GetProperty("idToken").GetProperty("idToken").GetString());
        var requestId = answer.GetProperty("requestId").GetInt32();
        Assert.Equal((requestId, "Accepted"), (payload.GetProperty("requestId").GetInt32(), answer.GetProperty("status").GetString()));
        await NotifyAsync(station, requestId, 0, CustomerData, tbc: true);
        await NotifyAsync(station, requestId, 1, "3 sessions, 42 kWh.", tbc: false);

        var kept = await CustomerInformationAsync(station, requestId);
        Assert.Equal(CustomerData + "3 sessions, 42 kWh.", kept.GetProperty("data").GetString());
        Assert.Equal((2, true), (kept.GetProperty("parts").GetInt32(), kept.GetProperty("complete").GetBoolean()));
    }

    [Fact]
    public async Task TC_N_28_CSMS_A_customer_report_without_data_is_acknowledged_and_kept()
    {
        var (station, token) = await StationAndTokenAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = false, idToken = new { idToken = token, type = "ISO14443" } });

        var requestId = answer.GetProperty("requestId").GetInt32();
        await NotifyAsync(station, requestId, 0, "No data found", tbc: false);
        var kept = await CustomerInformationAsync(station, requestId);
        Assert.Equal(("No data found", true), (kept.GetProperty("data").GetString(), kept.GetProperty("complete").GetBoolean()));
    }

    [Fact]
    public async Task TC_N_29_CSMS_A_customer_report_the_station_rejects_expects_no_data()
    {
        var (station, token) = await StationAndTokenAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = false, idToken = new { idToken = token, type = "ISO14443" } });

        Assert.Equal("Rejected", answer.GetProperty("status").GetString());
        var kept = await CustomerInformationAsync(station, answer.GetProperty("requestId").GetInt32());
        Assert.Equal((0, true), (kept.GetProperty("parts").GetInt32(), kept.GetProperty("complete").GetBoolean()));
    }

    [Theory]
    [InlineData("TC_N_30_CSMS", CustomerData)]
    [InlineData("TC_N_31_CSMS", "No data found")]
    public async Task TC_N_30_31_CSMS_A_customer_is_cleared_and_reported_with_or_without_data(string testCase, string data)
    {
        var (station, token) = await StationAndTokenAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = true, idToken = new { idToken = token, type = "ISO14443" } });

        var payload = SentRequest(station);
        Assert.True(payload.GetProperty("report").GetBoolean() && payload.GetProperty("clear").GetBoolean(), $"{testCase}: expected report and clear, but the request was {payload}.");
        var requestId = answer.GetProperty("requestId").GetInt32();
        await NotifyAsync(station, requestId, 0, data, tbc: false);
        Assert.Equal(data, (await CustomerInformationAsync(station, requestId)).GetProperty("data").GetString());
    }

    [Fact]
    public async Task TC_N_32_CSMS_A_customer_is_cleared_without_a_report()
    {
        var (station, token) = await StationAndTokenAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = false, clear = true, idToken = new { idToken = token, type = "ISO14443" } });

        var payload = SentRequest(station);
        Assert.True(!payload.GetProperty("report").GetBoolean() && payload.GetProperty("clear").GetBoolean(), $"Expected clear without report, but the request was {payload}.");
        Assert.Equal(("Accepted", true), (answer.GetProperty("status").GetString(), answer.GetProperty("complete").GetBoolean()));
    }

    [Fact]
    public async Task TC_N_46_CSMS_A_cleared_customer_token_leaves_the_stations_local_list()
    {
        var (station, token) = await StationAndTokenAsync();
        var other = await Operator.IdTagAsync();
        var listed = await Operator.PutAsync($"/api/charge-points/{station.Id}/local-list", new { idTags = new[] { token, other } });
        var version = listed.GetProperty("version").GetInt32();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = true, idToken = new { idToken = token, type = "ISO14443" } });
        await NotifyAsync(station, answer.GetProperty("requestId").GetInt32(), 0, CustomerData, tbc: false);

        var list = await Operator.GetAsync($"/api/charge-points/{station.Id}/local-list");
        Assert.Equal(version + 1, list.GetProperty("version").GetInt32());
        var entries = list.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("idTag").GetString()).ToList();
        Assert.Equal([other], entries);
    }

    [Fact]
    public async Task TC_N_62_CSMS_A_customer_named_by_customer_identifier_alone_is_cleared_and_reported()
    {
        var station = await BootedStationAsync();

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = true, customerIdentifier = "OpenChargeAlliance" });

        var payload = SentRequest(station);
        Assert.Equal("OpenChargeAlliance", payload.GetProperty("customerIdentifier").GetString());
        Assert.False(payload.TryGetProperty("idToken", out _) || payload.TryGetProperty("customerCertificate", out _), $"Expected only the customerIdentifier (2025-04 errata), but the request was {payload}.");
        var requestId = answer.GetProperty("requestId").GetInt32();
        await NotifyAsync(station, requestId, 0, CustomerData, tbc: false);
        Assert.Equal("OpenChargeAlliance", (await CustomerInformationAsync(station, requestId)).GetProperty("customer").GetProperty("customerIdentifier").GetString());
    }

    [Fact]
    public async Task TC_N_63_CSMS_A_customer_named_by_certificate_is_cleared_and_reported()
    {
        var station = await BootedStationAsync();
        var certificate = new { hashAlgorithm = "SHA256", issuerNameHash = new string('a', 64), issuerKeyHash = new string('b', 64), serialNumber = "0c3f" };

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/customer-information", new { report = true, clear = true, customerCertificate = certificate });

        var payload = SentRequest(station);
        Assert.Equal("0c3f", payload.GetProperty("customerCertificate").GetProperty("serialNumber").GetString());
        Assert.Equal("SHA256", payload.GetProperty("customerCertificate").GetProperty("hashAlgorithm").GetString());
        var requestId = answer.GetProperty("requestId").GetInt32();
        await NotifyAsync(station, requestId, 0, CustomerData, tbc: false);
        Assert.Equal(CustomerData, (await CustomerInformationAsync(station, requestId)).GetProperty("data").GetString());
    }

    private async Task<(OcttStation Station, string Token)> StationAndTokenAsync()
    {
        var token = await Operator.IdTagAsync();
        return (await BootedStationAsync(), token);
    }

    private static JsonElement SentRequest(OcttStation station)
    {
        var (action, payload) = station.Socket.ServerCalls.Single(c => c.Action == "CustomerInformation");
        Assert.Equal("CustomerInformation", action);
        return payload;
    }

    private Task<JsonElement> CustomerInformationAsync(OcttStation station, int requestId) =>
        Operator.GetAsync($"/api/charge-points/{station.Id}/customer-information/{requestId}");

    private static Task NotifyAsync(OcttStation station, int requestId, int seqNo, string data, bool tbc) =>
        station.AcknowledgedAsync("NotifyCustomerInformation", new { data, tbc, seqNo, generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow), requestId });

    private static Task LogStatusAsync(OcttStation station, string status, int requestId) =>
        station.AcknowledgedAsync("LogStatusNotification", new { status, requestId });

    private async Task AssertJobAsync(int jobId, string state, params string[] history)
    {
        var job = await Operator.GetAsync($"/api/jobs/{jobId}");
        Assert.True(job.GetProperty("state").GetString() == state && job.GetProperty("finished").GetBoolean(), $"Expected job {jobId} to have ended {state}, but it is {job}.");
        Assert.Equal(history, job.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
    }
}
