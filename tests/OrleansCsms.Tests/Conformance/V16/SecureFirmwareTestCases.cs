using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// The CSMS test cases of the OCPP 1.6 Security Whitepaper's logs and signed firmware in the OCA compliance tool, one
/// test each, named by id (docs/conformance/ocpp16-csms-test-cases.md), played by a charge point over a real WebSocket.
/// The signing certificate and signatures are made by the test.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class SecureFirmwareTestCases(CsmsHostFixture fixture)
{
    private static readonly byte[] Firmware = [.. Enumerable.Range(0, 4_096).Select(i => (byte)(i * 13))];

    private CsmsHost Host => fixture.Host;

    private OcttFirmwareSteps Steps => new(Host);

    [Fact]
    public async Task TC_079_CSMS_Get_security_log_uploaded_to_the_CSMS()
    {
        await using var chargePoint = await Steps.BootedChargePointAsync();
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Accepted", filename = "security.log" });

        var job = await Steps.StartJobAsync(chargePoint, "get-log", new { logType = "SecurityLog" });
        var jobId = job.GetProperty("jobId").GetInt32();
        var request = OcttChargePoint.SentRequest(chargePoint, "GetLog");
        Assert.True(request.GetString("logType") == "SecurityLog" && request.GetProperty("requestId").GetInt32() == jobId,
            $"Expected GetLog.req for the SecurityLog with the job id {jobId} as requestId, but it was {request}.");
        Assert.Equal(("Accepted", "security.log"), (job.GetString("answerStatus"), job.GetString("fileName")));

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "LogStatusNotification", "Uploading", jobId);
        var log = "2025-01-01T00:00:00Z SettingSystemTime\n"u8.ToArray();
        using (var upload = new HttpClient())
        using (var content = new ByteArrayContent(log))
        {
            // Some charge points PUT the raw file to the location with their file name appended.
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            var uploaded = await upload.PutAsync(request.GetProperty("log").GetString("remoteLocation") + "security.log", content);
            Assert.True(uploaded.IsSuccessStatusCode, $"Expected the log upload to succeed, but it answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
        }

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "LogStatusNotification", "Uploaded", jobId);

        var done = await Steps.AssertJobAsync(jobId, "Uploaded", finished: true, "Uploading", "Uploaded");
        Assert.Equal("security.log", done.GetProperty("upload").GetString("fileName"));
        Assert.Equal(log, await Host.Api.GetByteArrayAsync($"/api/jobs/{jobId}/file"));
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_080_CSMS_Secure_firmware_update_installed()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, signature) = Sign(signer, Firmware);
        await using var chargePoint = await Steps.BootedChargePointAsync();

        var job = await Steps.StartJobAsync(chargePoint, "signed-update-firmware", new
        {
            location = "https://firmware.example.com/signed/cp-3.0.0.bin",
            retrieveDateTime = DateTimeOffset.UtcNow,
            signingCertificate = certificate,
            signature,
        });
        var jobId = job.GetProperty("jobId").GetInt32();
        var request = OcttChargePoint.SentRequest(chargePoint, "SignedUpdateFirmware");
        Assert.True(request.GetProperty("requestId").GetInt32() == jobId && request.GetProperty("firmware").GetString("signature") == signature
            && request.GetProperty("firmware").GetString("signingCertificate") == certificate,
            $"Expected SignedUpdateFirmware.req with the job id as requestId, the signature and the certificate as given, but it was {request}.");

        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "Downloading", jobId);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "Downloaded", jobId);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "SignatureVerified", jobId);
        await OcttFirmwareSteps.AllConnectorsAsync(chargePoint, "Unavailable");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "Installing", jobId);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "InstallRebooting", jobId);
        var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        var securityEvent = await chargePoint.CallAsync("SecurityEventNotification", new { type = "FirmwareUpdated", timestamp = DateTimeOffset.UtcNow });
        await OcttFirmwareSteps.AllConnectorsAsync(chargePoint, "Available");
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "Installed", jobId);

        OcttChargePoint.AssertField(boot, "status", "Accepted", "the BootNotification after the firmware update");
        Assert.True(securityEvent.ValueKind == System.Text.Json.JsonValueKind.Object && !securityEvent.EnumerateObject().Any(),
            $"Expected SecurityEventNotification FirmwareUpdated to be acknowledged with {{}}, but the answer was {securityEvent}.");
        await Steps.AssertJobAsync(jobId, "Installed", finished: true, "Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed");
        chargePoint.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_081_CSMS_Secure_firmware_update_with_an_invalid_signature()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, _) = Sign(signer, Firmware);
        var (_, otherSignature) = Sign(signer, [.. Firmware.Reverse()]);
        await using var chargePoint = await Steps.BootedChargePointAsync();

        var job = await Steps.StartJobAsync(chargePoint, "signed-update-firmware", new
        {
            location = "https://firmware.example.com/signed/cp-3.0.0.bin",
            retrieveDateTime = DateTimeOffset.UtcNow,
            signingCertificate = certificate,
            signature = otherSignature,
        });
        var jobId = job.GetProperty("jobId").GetInt32();
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "Downloading", jobId);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "Downloaded", jobId);
        await OcttFirmwareSteps.NotifyAsync(chargePoint, "SignedFirmwareStatusNotification", "InvalidSignature", jobId);

        Assert.Equal(otherSignature, OcttChargePoint.SentRequest(chargePoint, "SignedUpdateFirmware").GetProperty("firmware").GetString("signature"));
        await Steps.AssertJobAsync(jobId, "InvalidSignature", finished: true, "Downloading", "Downloaded", "InvalidSignature");
        chargePoint.AssertAllServerFramesValid();
    }

    /// <summary>A self-signed firmware signing certificate (PEM) of <paramref name="signer"/> and its base64 signature of <paramref name="firmware"/>.</summary>
    internal static (string CertificatePem, string Signature) Sign(ECDsa signer, byte[] firmware)
    {
        var request = new CertificateRequest("CN=Firmware Signing Test", signer, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return (certificate.ExportCertificatePem(), Convert.ToBase64String(signer.SignData(firmware, HashAlgorithmName.SHA256)));
    }
}
