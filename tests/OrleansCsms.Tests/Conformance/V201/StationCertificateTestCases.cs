using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;
using static OrleansCsms.Tests.Conformance.V201.OcttStation;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block A (security), the station's own certificates, CSMS side: TriggerMessage for a new CSR, SignCertificate
/// answered, and CertificateSigned with the chain the CSMS's certificate authority signed, on a host whose authority is
/// configured. A station on security profile 3 reconnects with the certificate it was sent.
/// </summary>
public sealed class StationCertificateTestCases(CertificateAuthorityHostFixture authority) : IClassFixture<CertificateAuthorityHostFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly List<TestChargePoint> _sockets = [];

    private CsmsHost Host => authority.Host;

    private OcttOperator Operator => new(Host);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task TC_A_11_CSMS_Renew_the_charging_station_certificate_then_reconnect_with_it_on_profile_3()
    {
        var id = Fresh.ChargePointId();
        var bundle = Host.Certificates!;
        using var first = bundle.IssueClient(id);
        var (csr, key) = CertificateSigningRequests.Ec(id);
        using var _ = key;
        var station = await StationAsync(TestChargePoint.ConnectV201Async(Host.MutualTlsUri(id), id, tls: new ChargePointTls(bundle, first)));
        await station.BootAsync();

        var signed = await RenewAsync(station, "SignChargingStationCertificate", csr, "ChargingStationCertificate", answer: "Accepted");

        Assert.True(signed.GetProperty("certificateType").GetString() == "ChargingStationCertificate",
            $"Expected CertificateSigned to say the chain is a ChargingStationCertificate, but it was {signed}.");
        using var leaf = Leaf(signed, key.ExportSubjectPublicKeyInfo(), id);
        await IssuedAnsweredAsync(id, "Accepted");
        station.Socket.AssertAllServerFramesValid();
        await station.Socket.CloseAsync();

        using var renewed = leaf.CopyWithPrivateKey(key);
        var reconnected = await StationAsync(TestChargePoint.ConnectV201Async(Host.MutualTlsUri(id), id, tls: new ChargePointTls(bundle, renewed)));
        await reconnected.BootAsync();
    }

    [Fact]
    public async Task TC_A_12_CSMS_Renew_the_V2G_certificate_of_an_EVSE()
    {
        var station = await StationAsync(TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId()));
        await station.BootAsync();
        var (csr, key) = CertificateSigningRequests.Ec($"SECC-{station.Id}-1", organization: "Test CPO V2G");
        using var _ = key;

        var signed = await RenewAsync(station, "SignV2GCertificate", csr, "V2GCertificate", answer: "Accepted", evse: Evse);

        Assert.True(signed.GetProperty("certificateType").GetString() == "V2GCertificate", $"Expected CertificateSigned to say the chain is a V2GCertificate, but it was {signed}.");
        using var leaf = Leaf(signed, key.ExportSubjectPublicKeyInfo(), $"SECC-{station.Id}-1");
        Assert.True(leaf.GetECDsaPublicKey()!.KeySize >= 224, "Expected the V2G certificate's EC key to have at least 224 bits.");
        await IssuedAnsweredAsync(station.Id, "Accepted");
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_A_13_CSMS_Renew_a_combined_certificate_whose_request_names_no_type()
    {
        var station = await StationAsync(TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId()));
        await station.BootAsync();
        var (csr, key) = CertificateSigningRequests.Ec(station.Id);
        using var _ = key;

        var signed = await RenewAsync(station, "SignCombinedCertificate", csr, certificateType: null, answer: "Accepted");

        Assert.False(signed.TryGetProperty("certificateType", out var type), $"Expected CertificateSigned without a certificateType, as the CSR named none, but it said {type}.");
        using var leaf = Leaf(signed, key.ExportSubjectPublicKeyInfo(), station.Id);
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_A_14_CSMS_A_certificate_the_station_rejects_is_followed_by_an_acknowledged_security_event()
    {
        var station = await StationAsync(TestChargePoint.ConnectV201Async(Host, Fresh.ChargePointId()));
        await station.BootAsync();
        var (csr, key) = CertificateSigningRequests.Ec(station.Id);
        using var _ = key;

        await RenewAsync(station, "SignChargingStationCertificate", csr, "ChargingStationCertificate", answer: "Rejected");
        await IssuedAnsweredAsync(station.Id, "Rejected");
        await station.AcknowledgedAsync("SecurityEventNotification", new { type = "InvalidChargingStationCertificate", timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow) });

        var events = await Operator.GetAsync($"/api/charge-points/{station.Id}/security-events");
        Assert.True(events.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "InvalidChargingStationCertificate"),
            $"Expected the CSMS to list the InvalidChargingStationCertificate event of {station.Id}, but it lists {events}.");
        station.Socket.AssertAllServerFramesValid();
    }

    private async Task<OcttStation> StationAsync(Task<TestChargePoint> connecting)
    {
        var socket = await connecting;
        _sockets.Add(socket);
        return new OcttStation(socket);
    }

    /// <summary>
    /// Reusable state RenewChargingStationCertificate: the operator's TriggerMessage, the station's SignCertificate
    /// answered Accepted, then CertificateSigned, which the station answers <paramref name="answer"/>. Returns its payload.
    /// </summary>
    private async Task<JsonElement> RenewAsync(OcttStation station, string trigger, string csr, string? certificateType, string answer, int? evse = null)
    {
        var certificateSigned = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        station.Socket.OnServerCall = (action, payload) =>
        {
            if (action == "CertificateSigned")
            {
                certificateSigned.TrySetResult(payload.Clone());
                return ServerCallAnswer.Result(new { status = answer });
            }

            return ServerCallAnswer.Result(new { status = "Accepted" });
        };

        var triggered = await Operator.PostAsync($"/api/charge-points/{station.Id}/trigger", new { requestedMessage = trigger, connectorId = evse });

        AssertField(triggered, "status", "Accepted", $"TriggerMessage {trigger}");
        var sent = station.Socket.ServerCalls.Single(c => c.Action == "TriggerMessage").Payload;
        AssertField(sent, "requestedMessage", trigger, "TriggerMessage");
        Assert.True(evse is null ? !sent.TryGetProperty("evse", out _) : sent.GetProperty("evse").GetProperty("id").GetInt32() == evse,
            $"Expected TriggerMessage {trigger} {(evse is null ? "without an EVSE" : $"for EVSE {evse}")}, but it was {sent}.");
        object signCertificate = certificateType is null ? new { csr } : new { csr, certificateType };
        var signAnswer = await station.AcknowledgedAsync("SignCertificate", signCertificate);
        AssertField(signAnswer, "status", "Accepted", "SignCertificate with a valid CSR");
        return await certificateSigned.Task.WaitAsync(Wait);
    }

    /// <summary>The chain's first certificate, which must carry the CSR's key and CN and chain to the configured authority.</summary>
    private X509Certificate2 Leaf(JsonElement certificateSigned, byte[] csrPublicKey, string commonName)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(certificateSigned.GetProperty("certificateChain").GetString());
        Assert.True(certificates.Count >= 1, $"Expected CertificateSigned to carry a PEM chain, but it was {certificateSigned}.");
        var leaf = certificates[0];
        Assert.True(leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(csrPublicKey), "Expected the certificate's public key to be the CSR's.");
        Assert.True(leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == commonName, $"Expected the certificate's CN to be the CSR's, {commonName}, but the subject is {leaf.Subject}.");
        Assert.True(leaf.IssuerName.RawData.AsSpan().SequenceEqual(authority.CaCertificate.SubjectName.RawData),
            $"Expected the certificate issued by the configured authority {authority.CaCertificate.Subject}, but its issuer is {leaf.Issuer}.");
        return leaf;
    }

    private async Task IssuedAnsweredAsync(string stationId, string answer) =>
        await Poll.UntilAsync(
            async _ => await Operator.GetAsync($"/api/charge-points/{stationId}/certificates/issued"),
            list => list.GetArrayLength() == 1 && list[0].TryGetProperty("answer", out var recorded) && recorded.GetString() == answer,
            Wait,
            $"the CSMS to record the one certificate issued to {stationId} as answered {answer}",
            list => list.ToString());
}
