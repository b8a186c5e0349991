using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>
/// Which job a firmware, diagnostics or log status notification moves on: the one its requestId names, or else the charge
/// point's latest of its kind; one that belongs to no job is acknowledged and kept as the charge point's last status.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class MaintenanceJobMatchingTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_firmware_status_goes_to_the_latest_update_and_a_newer_update_supersedes_the_open_one()
    {
        await using var chargePoint = await ConnectedAsync(new { });
        var first = await StartAsync(chargePoint, "update-firmware", new { location = "https://fw.example.com/1.bin", retrieveDate = DateTimeOffset.UtcNow });
        await NotifyAsync(chargePoint, "FirmwareStatusNotification", new { status = "Downloading" });

        var second = await StartAsync(chargePoint, "update-firmware", new { location = "https://fw.example.com/2.bin", retrieveDate = DateTimeOffset.UtcNow });
        await NotifyAsync(chargePoint, "FirmwareStatusNotification", new { status = "Downloaded" });

        await AssertJobAsync(first, "Superseded", true, "Downloading");
        await AssertJobAsync(second, "Downloaded", false, "Downloaded");
    }

    [Fact]
    public async Task A_notification_of_no_job_is_acknowledged_and_kept_as_the_last_status()
    {
        await using var chargePoint = await ConnectedAsync(new { });

        await NotifyAsync(chargePoint, "FirmwareStatusNotification", new { status = "Idle" });
        await NotifyAsync(chargePoint, "DiagnosticsStatusNotification", new { status = "Uploading" });
        await NotifyAsync(chargePoint, "LogStatusNotification", new { status = "Idle" });
        await NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", new { status = "Downloading", requestId = int.MaxValue });

        var details = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}"), HttpStatusCode.OK);
        Assert.True(details.GetString("firmwareStatus") == "Downloading" && details.GetString("diagnosticsStatus") == "Uploading" && details.GetString("logStatus") == "Idle",
            $"Expected the charge point's last firmware, diagnostics and log statuses to be kept, but it is {details}.");
        var jobs = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/jobs"), HttpStatusCode.OK);
        Assert.Equal(0, jobs.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Idle_and_statuses_after_the_end_leave_a_job_as_it_is()
    {
        await using var chargePoint = await ConnectedAsync(new { fileName = "d.zip" });
        var job = await StartAsync(chargePoint, "get-diagnostics", new { location = "ftp://logs.example.com/" });

        await NotifyAsync(chargePoint, "DiagnosticsStatusNotification", new { status = "Idle" });
        await NotifyAsync(chargePoint, "DiagnosticsStatusNotification", new { status = "Uploaded" });
        await NotifyAsync(chargePoint, "DiagnosticsStatusNotification", new { status = "Uploading" });

        await AssertJobAsync(job, "Uploaded", true, "Uploaded");
    }

    [Fact]
    public async Task A_log_status_naming_another_charge_points_job_leaves_that_job_alone()
    {
        await using var owner = await ConnectedAsync(new { status = "Accepted" });
        await using var other = await ConnectedAsync(new { });
        var job = await StartAsync(owner, "get-log", new { logType = "DiagnosticsLog", remoteLocation = "https://logs.example.com/" });

        await NotifyAsync(other, "LogStatusNotification", new { status = "Uploaded", requestId = job });
        await NotifyAsync(owner, "LogStatusNotification", new { status = "Uploading", requestId = job });

        await AssertJobAsync(job, "Uploading", false, "Uploading");
    }

    [Fact]
    public async Task A_rejected_request_ends_its_job_and_the_open_job_before_it_still_takes_notifications()
    {
        await using var chargePoint = await ConnectedAsync(new { status = "Accepted" });
        var open = await StartAsync(chargePoint, "get-log", new { logType = "SecurityLog", remoteLocation = "https://logs.example.com/" });
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var rejected = await StartAsync(chargePoint, "get-log", new { logType = "SecurityLog", remoteLocation = "https://logs.example.com/" });
        await NotifyAsync(chargePoint, "LogStatusNotification", new { status = "Uploading" });

        await AssertJobAsync(rejected, "Rejected", true);
        await AssertJobAsync(open, "Uploading", false, "Uploading");
    }

    [Fact]
    public async Task A_signed_update_answered_AcceptedCanceled_cancels_the_one_before()
    {
        await using var chargePoint = await ConnectedAsync(new { status = "Accepted" });
        var first = await StartSignedAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "AcceptedCanceled" });

        var second = await StartSignedAsync(chargePoint);

        await AssertJobAsync(first, "Cancelled", true);
        var job = await AssertJobAsync(second, "Requested", false);
        Assert.Equal("AcceptedCanceled", job.GetString("answerStatus"));
    }

    [Fact]
    public async Task A_call_error_is_a_502_naming_the_job_it_ended()
    {
        await using var chargePoint = await ConnectedAsync(new { });
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Error("NotSupported", "No firmware updates here");

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/update-firmware", new { location = "https://fw.example.com/1.bin", retrieveDate = DateTimeOffset.UtcNow });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadGateway);
        var job = await AssertJobAsync(problem.GetProperty("jobId").GetInt32(), "CallError", true);
        Assert.Equal("NotSupported", job.GetString("errorCode"));
    }

    [Fact]
    public async Task Jobs_are_listed_per_charge_point_newest_first_in_pages()
    {
        await using var chargePoint = await ConnectedAsync(new { fileName = "d.zip" });
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await StartAsync(chargePoint, "get-diagnostics", new { location = $"ftp://logs.example.com/{i}/" }));
        }

        var page = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/jobs?page=1&pageSize=2"), HttpStatusCode.OK);
        var next = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/jobs?page=2&pageSize=2"), HttpStatusCode.OK);

        var listed = page.GetProperty("items").EnumerateArray().Concat(next.GetProperty("items").EnumerateArray()).Select(j => j.GetProperty("jobId").GetInt32());
        Assert.Equal(Enumerable.Reverse(ids), listed);
        Assert.Equal(3, page.GetProperty("totalCount").GetInt32());
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync("/api/jobs/not-a-job"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/jobs/{int.MaxValue}"), HttpStatusCode.NotFound);
    }

    private async Task<TestChargePoint> ConnectedAsync(object answer)
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(answer);
        return chargePoint;
    }

    private async Task<int> StartAsync(TestChargePoint chargePoint, string path, object body) =>
        (await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/{path}", body), HttpStatusCode.Created)).GetProperty("jobId").GetInt32();

    private Task<int> StartSignedAsync(TestChargePoint chargePoint)
    {
        using var signer = System.Security.Cryptography.ECDsa.Create();
        var (certificate, signature) = Conformance.V16.SecureFirmwareTestCases.Sign(signer, [1, 2, 3]);
        return StartAsync(chargePoint, "signed-update-firmware", new
        {
            location = "https://fw.example.com/signed.bin",
            retrieveDateTime = DateTimeOffset.UtcNow,
            signingCertificate = certificate,
            signature,
        });
    }

    private static async Task NotifyAsync(TestChargePoint chargePoint, string action, object payload)
    {
        var answer = await chargePoint.CallAsync(action, payload);
        Assert.True(answer.ValueKind == JsonValueKind.Object && !answer.EnumerateObject().Any(), $"Expected {action} to be acknowledged with {{}}, but the answer was {answer}.");
    }

    private async Task<JsonElement> AssertJobAsync(int jobId, string state, bool finished, params string[] history)
    {
        var job = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/jobs/{jobId}"), HttpStatusCode.OK);
        var notified = job.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString());
        Assert.True(job.GetString("state") == state && job.GetProperty("finished").GetBoolean() == finished && notified.SequenceEqual(history),
            $"Expected job {jobId} to be {state} (finished: {finished}) after [{string.Join(", ", history)}], but it is {job}.");
        return job;
    }
}
