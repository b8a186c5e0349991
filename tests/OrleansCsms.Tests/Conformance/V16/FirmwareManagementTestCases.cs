using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// The CSMS test cases of the OCPP 1.6 Firmware Management profile in the OCA compliance tool, one test each, named by id
/// (docs/conformance/ocpp16-csms-test-cases.md), played by a charge point over a real WebSocket; the firmware it
/// downloads and the diagnostics it uploads travel over real HTTP where the CSMS serves them.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class FirmwareManagementTestCases(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttFirmwareSteps Steps => new(Host);

    [Fact]
    public async Task TC_044_1_CSMS_Firmware_update_downloaded_and_installed()
    {
        var firmware = Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7)).ToArray();
        var file = await UploadFirmwareAsync(firmware, "cp-2.1.0.bin");
        await using var chargePoint = await Steps.BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { });
        var retrieveDate = DateTimeOffset.UtcNow;

        var job = await Steps.StartJobAsync(chargePoint, "update-firmware", new { firmwareFileId = file.GetString("fileId"), retrieveDate });
        var jobId = job.GetProperty("jobId").GetInt32();
        var request = OcttChargePoint.SentRequest(chargePoint, "UpdateFirmware");
        var location = request.GetString("location");
        Assert.True(location == file.GetString("url"), $"Expected UpdateFirmware.req to point at the uploaded file's URL {file.GetString("url")}, but it was {request}.");

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Downloading");
        using (var download = new HttpClient())
        {
            // A charge point has no operator credentials: the URL alone must do.
            Assert.Equal(firmware, await download.GetByteArrayAsync(location));
        }

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Downloaded");
        await OcttFirmwareSteps.AllConnectorsAsync(chargePoint, "Unavailable");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Installing");
        await OcttChargePoint.BootAsync(chargePoint);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Installed");

        await Steps.AssertJobAsync(jobId, "Installed", finished: true, "Downloading", "Downloaded", "Installing", "Installed");
        var details = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}"), HttpStatusCode.OK);
        Assert.Equal("Installed", details.GetString("firmwareStatus"));
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_044_2_CSMS_Firmware_update_download_failed()
    {
        await using var chargePoint = await Steps.BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { });

        var job = await Steps.StartJobAsync(chargePoint, "update-firmware", new
        {
            location = "https://firmware.example.com/cp-2.1.0.bin",
            retrieveDate = DateTimeOffset.UtcNow,
            retries = 2,
            retryInterval = 30,
        });
        var jobId = job.GetProperty("jobId").GetInt32();
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Downloading");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "DownloadFailed");

        var request = OcttChargePoint.SentRequest(chargePoint, "UpdateFirmware");
        Assert.Equal(("https://firmware.example.com/cp-2.1.0.bin", 2, 30), (request.GetString("location"), request.GetProperty("retries").GetInt32(), request.GetProperty("retryInterval").GetInt32()));
        await Steps.AssertJobAsync(jobId, "DownloadFailed", finished: true, "Downloading", "DownloadFailed");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_044_3_CSMS_Firmware_update_installation_failed()
    {
        await using var chargePoint = await Steps.BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { });

        var job = await Steps.StartJobAsync(chargePoint, "update-firmware", new { location = "ftp://firmware.example.com/cp.bin", retrieveDate = DateTimeOffset.UtcNow });
        var jobId = job.GetProperty("jobId").GetInt32();
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Downloading");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Downloaded");
        await OcttFirmwareSteps.AllConnectorsAsync(chargePoint, "Unavailable");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "Installing");
        await OcttChargePoint.BootAsync(chargePoint);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "FirmwareStatusNotification", "InstallationFailed");

        await Steps.AssertJobAsync(jobId, "InstallationFailed", finished: true, "Downloading", "Downloaded", "Installing", "InstallationFailed");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_045_1_CSMS_Get_diagnostics_uploaded_to_the_CSMS()
    {
        await using var chargePoint = await Steps.BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { fileName = "diagnostics-0001.zip" });
        var startTime = DateTimeOffset.UtcNow.AddDays(-1);

        var job = await Steps.StartJobAsync(chargePoint, "get-diagnostics", new { retries = 1, retryInterval = 10, startTime, stopTime = DateTimeOffset.UtcNow });
        var jobId = job.GetProperty("jobId").GetInt32();
        Assert.True(job.GetString("fileName") == "diagnostics-0001.zip" && job.GetProperty("uploadsToCsms").GetBoolean(),
            $"Expected the job to carry the charge point's file name and an upload to the CSMS, but it is {job}.");
        var location = OcttChargePoint.SentRequest(chargePoint, "GetDiagnostics").GetString("location");

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "DiagnosticsStatusNotification", "Uploading");
        var diagnostics = "2025-01-01T00:00:00Z boot ok\n2025-01-01T00:01:00Z meter ok\n"u8.ToArray();
        using (var upload = new HttpClient())
        using (var form = new MultipartFormDataContent())
        {
            var part = new ByteArrayContent(diagnostics);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(part, "file", "diagnostics-0001.zip");
            var uploaded = await upload.PostAsync(location, form);
            Assert.True(uploaded.IsSuccessStatusCode, $"Expected the upload to {location} to succeed, but it answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
        }

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "DiagnosticsStatusNotification", "Uploaded");

        var done = await Steps.AssertJobAsync(jobId, "Uploaded", finished: true, "Uploading", "Uploaded");
        var file = done.GetProperty("upload");
        Assert.Equal(("diagnostics-0001.zip", diagnostics.Length), (file.GetString("fileName"), file.GetProperty("size").GetInt32()));
        Assert.Equal(diagnostics, await Host.Api.GetByteArrayAsync(file.GetString("downloadPath")));
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_045_2_CSMS_Get_diagnostics_upload_failed()
    {
        await using var chargePoint = await Steps.BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { fileName = "diag.tar.gz" });

        var job = await Steps.StartJobAsync(chargePoint, "get-diagnostics", new { location = "ftp://logs.example.com/uploads/" });
        var jobId = job.GetProperty("jobId").GetInt32();
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "DiagnosticsStatusNotification", "Uploading");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "DiagnosticsStatusNotification", "UploadFailed");

        Assert.Equal("ftp://logs.example.com/uploads/", OcttChargePoint.SentRequest(chargePoint, "GetDiagnostics").GetString("location"));
        var failed = await Steps.AssertJobAsync(jobId, "UploadFailed", finished: true, "Uploading", "UploadFailed");
        Assert.False(failed.GetProperty("uploadsToCsms").GetBoolean(), $"Expected a job with the operator's location to take no upload, but it is {failed}.");
        chargePoint.AssertAllServerFramesValid();
    }

    private async Task<JsonElement> UploadFirmwareAsync(byte[] firmware, string fileName)
    {
        using var content = new ByteArrayContent(firmware);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await ApiAssert.JsonAsync(await Host.Api.PostAsync($"/api/firmware-files?fileName={fileName}", content), HttpStatusCode.Created);
    }
}
