using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block L (firmware), use cases L03 and L04, CSMS side: a local controller publishes firmware for the
/// stations behind it and takes it back. An operator starts either as a job; PublishFirmwareStatusNotifications, with
/// the job id as requestId, move a publish on until Published (with the locations served) or a failure.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class FirmwarePublishingTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private const string Location = "https://firmware.example.com/stations/fc201-4.2.0.bin";

    private static readonly string Checksum = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    private OcttFirmwareSteps Jobs => new(Host);

    [Fact]
    public async Task TC_L_17_CSMS_Published_firmware_ends_the_job_with_the_locations_the_controller_serves()
    {
        var station = await BootedStationAsync();
        var jobId = await PublishAsync(station);
        string[] served = [$"http://192.168.1.10/firmware/{Checksum}.bin", $"ftp://192.168.1.10/firmware/{Checksum}.bin"];

        await NotifyAsync(station, jobId, "Downloading");
        await NotifyAsync(station, jobId, "Downloaded");
        await NotifyAsync(station, jobId, "Published", served);

        var job = await Jobs.AssertJobAsync(jobId, "Published", finished: true, "Downloading", "Downloaded", "Published");
        Assert.Equal(served, job.GetProperty("publishedLocations").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task TC_L_19_CSMS_A_download_with_an_invalid_checksum_ends_the_job()
    {
        var station = await BootedStationAsync();
        var jobId = await PublishAsync(station);

        await NotifyAsync(station, jobId, "Downloading");
        await NotifyAsync(station, jobId, "Downloaded");
        await NotifyAsync(station, jobId, "InvalidChecksum");

        await Jobs.AssertJobAsync(jobId, "InvalidChecksum", finished: true, "Downloading", "Downloaded", "InvalidChecksum");
    }

    [Fact]
    public async Task TC_L_20_CSMS_A_publish_that_fails_ends_the_job()
    {
        var station = await BootedStationAsync();
        var jobId = await PublishAsync(station);

        await NotifyAsync(station, jobId, "Downloading");
        await NotifyAsync(station, jobId, "Downloaded");
        await NotifyAsync(station, jobId, "ChecksumVerified");
        await NotifyAsync(station, jobId, "PublishFailed");

        await Jobs.AssertJobAsync(jobId, "PublishFailed", finished: true, "Downloading", "Downloaded", "ChecksumVerified", "PublishFailed");
    }

    [Fact]
    public async Task TC_L_21_CSMS_Unpublished_firmware_ends_the_job_with_the_answer()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Unpublished" });

        await UnpublishedAsync(station, "Unpublished");
    }

    [Fact]
    public async Task TC_L_22_CSMS_Unpublishing_firmware_the_controller_does_not_have_ends_with_NoFirmware()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "NoFirmware" });

        await UnpublishedAsync(station, "NoFirmware");
    }

    [Fact]
    public async Task TC_L_23_CSMS_Unpublishing_firmware_still_downloading_ends_with_DownloadOngoing()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "DownloadOngoing" });

        await UnpublishedAsync(station, "DownloadOngoing");
    }

    [Fact]
    public async Task TC_L_24_CSMS_A_failed_download_ends_the_publish_job()
    {
        var station = await BootedStationAsync();
        var jobId = await PublishAsync(station);

        await NotifyAsync(station, jobId, "Downloading");
        await NotifyAsync(station, jobId, "DownloadFailed");

        await Jobs.AssertJobAsync(jobId, "DownloadFailed", finished: true, "Downloading", "DownloadFailed");
    }

    /// <summary>Publishes firmware through the API; the controller hears PublishFirmware with the location, checksum and the job id as requestId.</summary>
    private async Task<int> PublishAsync(OcttStation station)
    {
        var job = await Jobs.StartJobAsync(station.Socket, "publish-firmware", new { location = Location, checksum = Checksum, retries = 2, retryInterval = 30 });
        var jobId = job.GetProperty("jobId").GetInt32();
        var request = OcttChargePoint.SentRequest(station.Socket, "PublishFirmware");
        Assert.True(
            request.GetProperty("location").GetString() == Location && request.GetProperty("checksum").GetString() == Checksum
                && request.GetProperty("requestId").GetInt32() == jobId && request.GetProperty("retries").GetInt32() == 2,
            $"Expected PublishFirmware with the location, the checksum, retries 2 and the job id {jobId} as requestId, but it was {request}.");
        Assert.Equal(("Accepted", false), (job.GetProperty("answerStatus").GetString(), job.GetProperty("finished").GetBoolean()));
        return jobId;
    }

    private async Task UnpublishedAsync(OcttStation station, string answer)
    {
        var job = await Jobs.StartJobAsync(station.Socket, "unpublish-firmware", new { checksum = Checksum });

        var request = OcttChargePoint.SentRequest(station.Socket, "UnpublishFirmware");
        Assert.Equal(Checksum, request.GetProperty("checksum").GetString());
        await Jobs.AssertJobAsync(job.GetProperty("jobId").GetInt32(), answer, finished: true);
    }

    /// <summary>A PublishFirmwareStatusNotification of the job, which the CSMS must acknowledge with an empty object.</summary>
    private static async Task NotifyAsync(OcttStation station, int jobId, string status, string[]? locations = null)
    {
        var answer = await station.Socket.CallAsync(
            "PublishFirmwareStatusNotification", locations is null ? new { status, requestId = jobId } : new { status, location = locations, requestId = jobId });
        Assert.True(answer.ValueKind == JsonValueKind.Object && !answer.EnumerateObject().Any(),
            $"Expected PublishFirmwareStatusNotification {status} of {station.Id} to be acknowledged with {{}}, but the answer was {answer}.");
    }
}
