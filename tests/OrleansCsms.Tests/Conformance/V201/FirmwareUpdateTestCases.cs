using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block L (firmware), use case L01, CSMS side: an operator updates a station's firmware through the same
/// signed-update-firmware endpoint as for a 1.6 charge point; the station hears UpdateFirmware with the job id as its
/// requestId, and every FirmwareStatusNotification moves the job on until an ending status.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class FirmwareUpdateTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private StationFirmwareSteps Steps => new(Host);

    [Fact]
    public async Task TC_L_01_CSMS_A_signed_update_is_installed_after_a_reboot_whose_boot_is_accepted()
    {
        var station = await BootedStationAsync();

        var jobId = await Steps.StartSignedUpdateAsync(station);
        var request = StationFirmwareSteps.LastUpdateFirmware(station, jobId);
        Assert.Equal("https://firmware.example.com/stations/fc201-4.2.0.bin", request.GetProperty("firmware").GetProperty("location").GetString());
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting");
        await Steps.Jobs.AssertJobAsync(jobId, "InstallRebooting", finished: false, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting");
        var rebooted = await ReconnectedStationAsync(station);
        await StationFirmwareSteps.BootAfterInstallAsync(rebooted);
        await StationFirmwareSteps.NotifyAsync(rebooted, jobId, "Installed");

        await Steps.Jobs.AssertJobAsync(
            jobId, "Installed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed");
        var details = await Operator.GetAsync($"/api/charge-points/{station.Id}");
        Assert.Equal("Installed", details.GetProperty("firmwareStatus").GetString());
    }

    [Fact]
    public async Task TC_L_02_CSMS_An_install_time_in_the_future_is_sent_and_the_install_waits_for_it()
    {
        var station = await BootedStationAsync();
        var installAt = DateTimeOffset.UtcNow.AddMinutes(10);

        var jobId = await Steps.StartSignedUpdateAsync(station, installDateTime: installAt);
        var firmware = StationFirmwareSteps.LastUpdateFirmware(station, jobId).GetProperty("firmware");
        Assert.Equal(V201Messages.Timestamp(installAt), firmware.GetProperty("installDateTime").GetString());
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled");
        await Steps.Jobs.AssertJobAsync(jobId, "InstallScheduled", finished: false, "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled");
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Installing", "InstallRebooting");
        var rebooted = await ReconnectedStationAsync(station);
        await StationFirmwareSteps.BootAfterInstallAsync(rebooted);
        await StationFirmwareSteps.NotifyAsync(rebooted, jobId, "Installed");

        await Steps.Jobs.AssertJobAsync(
            jobId, "Installed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled", "Installing", "InstallRebooting", "Installed");
    }

    [Fact]
    public async Task TC_L_03_CSMS_A_retrieve_time_in_the_future_is_sent_and_the_download_waits_for_it()
    {
        var station = await BootedStationAsync();
        var retrieveAt = DateTimeOffset.UtcNow.AddMinutes(10);

        var jobId = await Steps.StartSignedUpdateAsync(station, retrieveDateTime: retrieveAt);
        var firmware = StationFirmwareSteps.LastUpdateFirmware(station, jobId).GetProperty("firmware");
        Assert.Equal(V201Messages.Timestamp(retrieveAt), firmware.GetProperty("retrieveDateTime").GetString());
        await StationFirmwareSteps.NotifyAsync(station, jobId, "DownloadScheduled");
        await Steps.Jobs.AssertJobAsync(jobId, "DownloadScheduled", finished: false, "DownloadScheduled");
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting");
        var rebooted = await ReconnectedStationAsync(station);
        await StationFirmwareSteps.BootAfterInstallAsync(rebooted);
        await StationFirmwareSteps.NotifyAsync(rebooted, jobId, "Installed");

        await Steps.Jobs.AssertJobAsync(
            jobId, "Installed", finished: true, "DownloadScheduled", "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed");
    }

    [Fact]
    public async Task TC_L_04_CSMS_An_update_whose_certificate_is_revoked_ends_with_the_answer()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "RevokedCertificate" });

        var jobId = await Steps.StartSignedUpdateAsync(station);

        var job = await Steps.Jobs.AssertJobAsync(jobId, "RevokedCertificate", finished: true);
        Assert.Equal("RevokedCertificate", job.GetProperty("answerStatus").GetString());
    }

    [Fact]
    public async Task TC_L_05_CSMS_An_update_whose_certificate_is_invalid_ends_and_its_security_event_is_recorded()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "InvalidCertificate" });

        var jobId = await Steps.StartSignedUpdateAsync(station);
        await Steps.SecurityEventAsync(station, "InvalidFirmwareSigningCertificate");

        await Steps.Jobs.AssertJobAsync(jobId, "InvalidCertificate", finished: true);
    }

    [Fact]
    public async Task TC_L_06_CSMS_A_firmware_with_an_invalid_signature_ends_the_job_and_its_security_event_is_recorded()
    {
        var station = await BootedStationAsync();

        var jobId = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded");
        // The 2025-02 errata lets the security event come before the status or after it.
        await Steps.SecurityEventAsync(station, "InvalidFirmwareSignature");
        await StationFirmwareSteps.NotifyAsync(station, jobId, "InvalidSignature");

        await Steps.Jobs.AssertJobAsync(jobId, "InvalidSignature", finished: true, "Downloading", "Downloaded", "InvalidSignature");
    }

    [Fact]
    public async Task TC_L_07_CSMS_A_failed_download_ends_the_job()
    {
        var station = await BootedStationAsync();

        var jobId = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "DownloadFailed");

        await Steps.Jobs.AssertJobAsync(jobId, "DownloadFailed", finished: true, "Downloading", "DownloadFailed");
    }

    [Fact]
    public async Task TC_L_08_CSMS_A_failed_install_verification_ends_the_job()
    {
        var station = await BootedStationAsync();

        var jobId = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallVerificationFailed");

        await Steps.Jobs.AssertJobAsync(
            jobId, "InstallVerificationFailed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallVerificationFailed");
    }

    [Fact]
    public async Task TC_L_09_CSMS_A_failed_installation_ends_the_job()
    {
        var station = await BootedStationAsync();

        var jobId = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallationFailed");

        await Steps.Jobs.AssertJobAsync(
            jobId, "InstallationFailed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallationFailed");
    }

    [Fact]
    public async Task TC_L_10_CSMS_A_second_update_that_cancels_the_first_is_installed_and_the_first_is_cancelled()
    {
        var station = await BootedStationAsync();
        var first = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, first, "Downloading");
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "AcceptedCanceled" });

        var second = await Steps.StartSignedUpdateAsync(station);
        await Steps.Jobs.AssertJobAsync(first, "Cancelled", finished: true, "Downloading");
        await StationFirmwareSteps.NotifyAsync(station, second, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting");
        var rebooted = await ReconnectedStationAsync(station);
        await StationFirmwareSteps.BootAfterInstallAsync(rebooted);
        await StationFirmwareSteps.NotifyAsync(rebooted, second, "Installed");

        await Steps.Jobs.AssertJobAsync(
            second, "Installed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed");
        await Steps.Jobs.AssertJobAsync(first, "Cancelled", finished: true, "Downloading");
    }

    [Fact]
    public async Task TC_L_11_CSMS_A_second_update_the_station_cannot_take_is_rejected_and_the_first_goes_on()
    {
        var station = await BootedStationAsync();
        var first = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, first, "Downloading");
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });

        var second = await Steps.StartSignedUpdateAsync(station);
        await Steps.Jobs.AssertJobAsync(second, "Rejected", finished: true);
        await StationFirmwareSteps.NotifyAsync(station, first, "Downloaded", "SignatureVerified", "Installing", "InstallRebooting");
        var rebooted = await ReconnectedStationAsync(station);
        await StationFirmwareSteps.BootAfterInstallAsync(rebooted);
        await StationFirmwareSteps.NotifyAsync(rebooted, first, "Installed");

        await Steps.Jobs.AssertJobAsync(
            first, "Installed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed");
    }

    [Fact]
    public async Task TC_L_13_CSMS_An_update_during_a_transaction_installs_once_the_transaction_ended()
    {
        var (station, token) = await ChargingStationAsync();

        var jobId = await Steps.StartSignedUpdateAsync(station);
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled");
        await StationRecords.AssertOngoingAsync(Host, station);
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();
        await station.ConnectorStatusAsync("Unavailable");
        await StationFirmwareSteps.NotifyAsync(station, jobId, "Installing", "InstallRebooting");
        var rebooted = await ReconnectedStationAsync(station);
        await StationFirmwareSteps.BootAfterInstallAsync(rebooted);
        await StationFirmwareSteps.NotifyAsync(rebooted, jobId, "Installed");

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
        await Steps.Jobs.AssertJobAsync(
            jobId, "Installed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled", "Installing", "InstallRebooting", "Installed");
    }
}
