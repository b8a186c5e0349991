using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using OrleansCsms.Tests.Conformance.V16;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>
/// The firmware jobs phrased per OCPP version: a plain update-firmware as 2.0.1's UpdateFirmware, what only one version
/// can say refused unsent with 409 and no job kept, and the checks on publish-firmware and unpublish-firmware.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class V201FirmwareApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    private OcttFirmwareSteps Jobs => new(Host);

    [Fact]
    public async Task A_plain_update_reaches_a_201_station_as_UpdateFirmware_with_the_job_id_and_its_install_time()
    {
        await using var station = await BootedStationAsync();
        var retrieveAt = DateTimeOffset.UtcNow.AddMinutes(1);
        var installAt = retrieveAt.AddHours(2);

        var job = await Jobs.StartJobAsync(station, "update-firmware", new
        {
            location = "https://firmware.example.com/fc201.bin",
            retrieveDate = retrieveAt,
            installDateTime = installAt,
            retries = 3,
            retryInterval = 60,
        });

        var request = OcttChargePoint.SentRequest(station, "UpdateFirmware");
        var firmware = request.GetProperty("firmware");
        Assert.True(
            request.GetProperty("requestId").GetInt32() == job.GetProperty("jobId").GetInt32() && request.GetProperty("retries").GetInt32() == 3
                && firmware.GetString("location") == "https://firmware.example.com/fc201.bin"
                && firmware.GetString("retrieveDateTime") == V201Messages.Timestamp(retrieveAt)
                && firmware.GetString("installDateTime") == V201Messages.Timestamp(installAt)
                && !firmware.TryGetProperty("signature", out _),
            $"Expected an unsigned 2.0.1 UpdateFirmware with the job id as requestId and both times, but it was {request}.");
        Assert.Equal(("UpdateFirmware", "Requested"), (job.GetString("kind"), job.GetString("state")));
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "PublishFirmware's checksum is an MD5 by OCPP 2.0.1.")]
    public async Task An_uploaded_file_is_published_with_the_MD5_the_CSMS_computes()
    {
        var bytes = RandomNumberGenerator.GetBytes(512);
        var file = await ApiAssert.JsonAsync(
            await Host.Api.PostAsync("/api/firmware-files?fileName=fc201.bin", new ByteArrayContent(bytes)), HttpStatusCode.Created);
        await using var station = await BootedStationAsync();

        await Jobs.StartJobAsync(station, "publish-firmware", new { firmwareFileId = file.GetString("fileId") });

        var request = OcttChargePoint.SentRequest(station, "PublishFirmware");
        Assert.True(request.GetString("checksum") == Convert.ToHexStringLower(MD5.HashData(bytes)) && request.GetString("location") == file.GetString("url"),
            $"Expected PublishFirmware of the uploaded file's URL with its MD5, but it was {request}.");
    }

    [Fact]
    public async Task What_a_16_charge_point_cannot_say_is_refused_with_409_and_no_job_is_kept()
    {
        await using var chargePoint = await Jobs.BootedChargePointAsync();

        var install = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/update-firmware", new
        {
            location = "https://firmware.example.com/cp.bin",
            retrieveDate = DateTimeOffset.UtcNow,
            installDateTime = DateTimeOffset.UtcNow.AddHours(1),
        });
        var publish = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/publish-firmware", new
        {
            location = "https://firmware.example.com/cp.bin",
            checksum = new string('a', 32),
        });
        var unpublish = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/unpublish-firmware", new { checksum = new string('a', 32) });

        Assert.Contains("installDateTime", (await ApiAssert.ProblemAsync(install, HttpStatusCode.Conflict)).GetString("detail"), StringComparison.Ordinal);
        Assert.Contains("OCPP 2.0.1 only", (await ApiAssert.ProblemAsync(publish, HttpStatusCode.Conflict)).GetString("detail"), StringComparison.Ordinal);
        await ApiAssert.ProblemAsync(unpublish, HttpStatusCode.Conflict);
        Assert.Empty(chargePoint.ServerCalls);
        var jobs = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/jobs"), HttpStatusCode.OK);
        Assert.Equal(0, jobs.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task GetDiagnostics_is_refused_for_a_201_station_which_has_get_log_instead()
    {
        await using var station = await BootedStationAsync();

        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{station.Id}/get-diagnostics", new { location = "ftp://logs.example.com/" });

        Assert.Contains("get-log", (await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict)).GetString("detail"), StringComparison.Ordinal);
        Assert.Empty(station.ServerCalls);
    }

    [Theory]
    [InlineData("""{"location":"https://firmware.example.com/a.bin"}""", "checksum")]
    [InlineData("""{"location":"https://firmware.example.com/a.bin","checksum":"not-md5"}""", "checksum")]
    [InlineData("""{"checksum":"0123456789abcdef0123456789abcdef"}""", "location")]
    [InlineData("""{"location":"mailto:ops@example.com","checksum":"0123456789abcdef0123456789abcdef"}""", "location")]
    [InlineData("""{"location":"https://firmware.example.com/a.bin","checksum":"0123456789abcdef0123456789abcdef","retries":-1}""", "retries")]
    [InlineData("""{"firmwareFileId":"00000000000000000000000000000000"}""", "firmwareFileId")]
    public async Task A_publish_request_that_is_not_valid_is_refused_with_400_naming_the_field(string body, string field)
    {
        var response = await Host.Api.PostAsync($"/api/charge-points/{Fresh.ChargePointId()}/publish-firmware", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"checksum":"0123456789abcdef"}""")]
    public async Task An_unpublish_request_without_an_MD5_checksum_is_refused_with_400(string body)
    {
        var response = await Host.Api.PostAsync($"/api/charge-points/{Fresh.ChargePointId()}/unpublish-firmware", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, "checksum");
    }

    [Fact]
    public async Task An_install_time_before_the_retrieve_date_is_refused_with_400()
    {
        var response = await Host.Api.PostAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/update-firmware", new
        {
            location = "https://firmware.example.com/a.bin",
            retrieveDate = DateTimeOffset.UtcNow,
            installDateTime = DateTimeOffset.UtcNow.AddHours(-1),
        });

        await ApiAssert.ValidationProblemAsync(response, "installDateTime");
    }

    private async Task<TestChargePoint> BootedStationAsync()
    {
        var station = await TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId());
        var boot = await station.CallAsync("BootNotification", V201Messages.BootNotification());
        OcttChargePoint.AssertField(boot, "status", "Accepted", $"the BootNotification of {station.Id}");
        return station;
    }
}
