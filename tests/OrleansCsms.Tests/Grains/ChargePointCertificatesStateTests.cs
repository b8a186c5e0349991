using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class ChargePointCertificatesStateTests
{
    [Fact]
    public void A_charge_points_certificates_read_back_from_storage_json_as_they_were_written()
    {
        var at = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        var state = new ChargePointCertificatesState
        {
            ChargePointId = "CP-1",
            LastRequestId = 2,
            SigningRequests =
            [
                new SigningRequestRecord(1, at, "Rejected", "not a csr", Reason: "The CSR is not PEM."),
                new SigningRequestRecord(2, at, "Sent", "-----BEGIN CERTIFICATE REQUEST-----", "CN=SN-1", "SN-1", "CPO", "EC", 256, CertificateSerialNumber: "0A"),
            ],
            Issued = [new IssuedCertificate("0A", "AB", "CN=SN-1", "CN=CA", at, at.AddDays(30), "sha384ECDSA", "CentralSystemCa", 2, at, "Accepted", at)],
        };
        state.Installed["CentralSystemRootCertificate"] = new InstalledCertificatesReport(
            "CentralSystemRootCertificate", "Accepted", [new CertificateHashData("SHA256", "aa", "bb", "01")], at);

        var json = JsonSerializer.Serialize(state, GrainJson.Options);
        var read = JsonSerializer.Deserialize<ChargePointCertificatesState>(json, GrainJson.Options)!;

        Assert.True(
            read.SigningRequests.SequenceEqual(state.SigningRequests) && read.Issued.SequenceEqual(state.Issued) && read.LastRequestId == 2
                && read.Installed["CentralSystemRootCertificate"].Certificates.SequenceEqual(state.Installed["CentralSystemRootCertificate"].Certificates),
            $"Expected the state to read back as written, but {json} read back differently.");
    }
}
