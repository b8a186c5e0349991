using System.Security.Cryptography;
using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// The steps the OCPP 2.0.1 firmware test cases share: a signed update started through the API, the UpdateFirmware it
/// sends, the station's status notifications, and reading the job back.
/// </summary>
internal sealed class StationFirmwareSteps(CsmsHost host)
{
    private static readonly byte[] Firmware = [.. Enumerable.Range(0, 4_096).Select(i => (byte)(i * 7))];

    public OcttFirmwareSteps Jobs { get; } = new(host);

    /// <summary>
    /// Starts a signed update of the station's firmware through signed-update-firmware (the version-neutral endpoint a
    /// 2.0.1 station hears as UpdateFirmware), answered as the station is told to; returns the job id.
    /// </summary>
    public async Task<int> StartSignedUpdateAsync(OcttStation station, DateTimeOffset? retrieveDateTime = null, DateTimeOffset? installDateTime = null)
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, signature) = SecureFirmwareTestCases.Sign(signer, Firmware);
        var job = await Jobs.StartJobAsync(station.Socket, "signed-update-firmware", new
        {
            location = "https://firmware.example.com/stations/fc201-4.2.0.bin",
            retrieveDateTime = retrieveDateTime ?? DateTimeOffset.UtcNow,
            installDateTime,
            signingCertificate = certificate,
            signature,
        });
        var jobId = job.GetProperty("jobId").GetInt32();
        var firmware = LastUpdateFirmware(station, jobId).GetProperty("firmware");
        Assert.True(firmware.GetProperty("signature").GetString() == signature && firmware.GetProperty("signingCertificate").GetString() == certificate,
            $"Expected UpdateFirmware to carry the signature and signing certificate as given, but its firmware was {firmware}.");
        return jobId;
    }

    /// <summary>The UpdateFirmware the CSMS sent for <paramref name="jobId"/>, which must name it as its requestId.</summary>
    public static JsonElement LastUpdateFirmware(OcttStation station, int jobId)
    {
        var sent = station.Socket.ServerCalls.Where(c => c.Action == "UpdateFirmware").Select(c => c.Payload).ToList();
        Assert.True(sent.Count > 0 && sent[^1].GetProperty("requestId").GetInt32() == jobId,
            $"Expected the CSMS to send {station.Id} an UpdateFirmware with requestId {jobId}, but it sent [{string.Join(", ", sent)}].");
        return sent[^1];
    }

    /// <summary>FirmwareStatusNotifications of <paramref name="jobId"/>, each of which the CSMS must acknowledge.</summary>
    public static async Task NotifyAsync(OcttStation station, int jobId, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            await OcttFirmwareSteps.NotifyAsync(station.Socket, "FirmwareStatusNotification", status, jobId);
        }
    }

    /// <summary>A SecurityEventNotification, acknowledged and listed among the station's security events.</summary>
    public async Task SecurityEventAsync(OcttStation station, string type)
    {
        await station.AcknowledgedAsync("SecurityEventNotification", new { type, timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow) });
        var events = await new OcttOperator(host).GetAsync($"/api/charge-points/{station.Id}/security-events");
        Assert.True(events.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("type").GetString() == type),
            $"Expected the CSMS to list the {type} security event of {station.Id}, but it lists {events}.");
    }

    /// <summary>
    /// The boot after an install rebooted the station, on its new connection: reason FirmwareUpdate, which the CSMS must
    /// accept, then its connector Available.
    /// </summary>
    public static async Task BootAfterInstallAsync(OcttStation rebooted)
    {
        var boot = await rebooted.Socket.CallAsync("BootNotification", V201Messages.BootNotification(reason: "FirmwareUpdate"));
        OcttStation.AssertField(boot, "status", "Accepted", $"the BootNotification of {rebooted.Id} after its firmware update");
        await rebooted.ConnectorStatusAsync("Available");
    }
}
