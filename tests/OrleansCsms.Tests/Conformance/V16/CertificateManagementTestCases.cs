using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V16.OcttChargePoint;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// OCTT 1.6 CSMS test cases of the security extension's certificate management (document §3.21.1 and §3.21.2). The
/// signing cases run on a host whose certificate authority is configured; the others on the shared host. The operator
/// works through /api/charge-points/{id}/extended-trigger and /certificates. See docs/conformance/ocpp16-csms-test-cases.md.
/// </summary>
[Collection(OcttCollection.Name)]
public sealed class CertificateManagementTestCases(CsmsHostFixture fixture, CertificateAuthorityHostFixture authority) : IClassFixture<CertificateAuthorityHostFixture>
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private CsmsHost Host => fixture.Host;

    private CsmsHost CaHost => authority.Host;

    [Fact]
    public async Task TC_074_CSMS_Update_charge_point_certificate_by_request_of_the_central_system()
    {
        // Security profile 3: the charge point connects with its first certificate, from an authority of the CA bundle.
        var id = Fresh.ChargePointId();
        var bundle = CaHost.Certificates!;
        using var firstCertificate = bundle.IssueClient(id);
        var serialNumber = $"SN-{id}";
        var (csr, key) = CertificateSigningRequests.Rsa(serialNumber);
        using var _ = key;
        X509Certificate2 leaf;
        await using (var chargePoint = await TestChargePoint.ConnectAsync(CaHost.MutualTlsUri(id), id, tls: new ChargePointTls(bundle, firstCertificate)))
        {
            await BootAsync(chargePoint);

            var chain = await SignCertificateFlowAsync(chargePoint, csr, answer: "Accepted");

            leaf = AssertChainAnswersCsr(chain, key.ExportSubjectPublicKeyInfo(), serialNumber);
            Assert.True(leaf.GetRSAPublicKey()!.KeySize >= 2048, $"Expected the certificate's RSA key to have at least 2048 bits, but it has {leaf.GetRSAPublicKey()!.KeySize}.");
            var issued = await IssuedAnsweredAsync(id, "Accepted");
            AssertField(issued, "serialNumber", leaf.SerialNumber, $"the certificate the CSMS records as issued to {id}");
            var trust = CaHost.Services.GetRequiredService<ChargePointCertificateAuthority>();
            Assert.True(await trust.IsIssuedToAsync(id, leaf), $"Expected the CSMS to trust the certificate it issued to {id} for that charge point.");
            Assert.True(trust.TrustAnchors().Cast<X509Certificate2>().Any(c => c.Thumbprint == authority.CaCertificate.Thumbprint),
                "Expected the configured CA certificate among the trust anchors of charge point client certificates.");
        }

        // The charge point accepted the certificate and reconnects with it: the CSMS must accept that connection.
        using var renewed = leaf.CopyWithPrivateKey(key);
        await using var reconnected = await TestChargePoint.ConnectAsync(CaHost.MutualTlsUri(id), id, tls: new ChargePointTls(bundle, renewed));
        await BootAsync(reconnected);

        // Issued to this charge point, the certificate admits no other.
        var other = Fresh.ChargePointId();
        var refused = await TestChargePoint.RefusalAsync(CaHost.MutualTlsUri(other), other, tls: new ChargePointTls(bundle, renewed));
        Assert.True(refused == System.Net.HttpStatusCode.Forbidden,
            $"Expected the certificate issued to {id} to be refused (403) for {other}, but the CSMS answered {(int)refused}.");
        reconnected.AssertAllServerFramesValid();
    }

    [Fact]
    public Task TC_075_1_CSMS_Install_a_manufacturer_root_certificate_and_read_back_its_hash_data() =>
        InstallThenGetInstalledIdsAsync("ManufacturerRootCertificate");

    [Fact]
    public Task TC_075_2_CSMS_Install_a_central_system_root_certificate_and_read_back_its_hash_data() =>
        InstallThenGetInstalledIdsAsync("CentralSystemRootCertificate");

    [Fact]
    public async Task TC_076_CSMS_Delete_a_specific_certificate_with_the_hash_algorithm_the_charge_point_reported()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var store = new ToolCertificateStore();
        chargePoint.OnServerCall = store.Answer;
        var @operator = new OcttOperator(Host);

        foreach (var algorithm in new[] { "SHA256", "SHA384", "SHA512" })
        {
            store.HashAlgorithm = algorithm;
            using var root = CertificateSigningRequests.CertificateAuthority($"Central System Root {algorithm}");
            var installed = await @operator.PostAsync(
                $"/api/charge-points/{chargePoint.Id}/certificates/install", new { certificateType = "CentralSystemRootCertificate", certificate = root.ExportCertificatePem() });
            AssertField(installed, "status", "Accepted", $"the InstallCertificate of round {algorithm}");
            var reported = await @operator.PostAsync($"/api/charge-points/{chargePoint.Id}/certificates/get-installed-ids", new { certificateType = "CentralSystemRootCertificate" });
            AssertField(reported, "status", "Accepted", $"the GetInstalledCertificateIds of round {algorithm}");

            // The operator picks the certificate from what the charge point just reported; the CSMS sends its hash data as reported.
            var deleted = await @operator.PostAsync($"/api/charge-points/{chargePoint.Id}/certificates/delete", new { serialNumber = root.SerialNumber });

            AssertField(deleted, "status", "Accepted", $"the DeleteCertificate of round {algorithm}");
            var request = chargePoint.ServerCalls.Last(c => c.Action == "DeleteCertificate").Payload.GetProperty("certificateHashData");
            var expected = ToolCertificateStore.HashData(root, algorithm);
            foreach (var field in new[] { "hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber" })
            {
                AssertField(request, field, expected[field], $"the certificateHashData of DeleteCertificate in round {algorithm}, checked against the tool's own hash");
            }

            var after = await @operator.PostAsync($"/api/charge-points/{chargePoint.Id}/certificates/get-installed-ids", new { certificateType = "CentralSystemRootCertificate" });
            AssertField(after, "status", "NotFound", $"the GetInstalledCertificateIds after the deletion of round {algorithm}");
        }
    }

    [Fact]
    public async Task TC_077_CSMS_A_rejected_certificate_is_followed_by_an_acknowledged_InvalidChargePointCertificate_event()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(CaHost, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var serialNumber = $"SN-{chargePoint.Id}";
        var (csr, key) = CertificateSigningRequests.Ec(serialNumber);
        using var _ = key;

        var chain = await SignCertificateFlowAsync(chargePoint, csr, answer: "Rejected");
        var leaf = AssertChainAnswersCsr(chain, key.ExportSubjectPublicKeyInfo(), serialNumber);
        await SecurityEventAcknowledgedAsync(chargePoint, CaHost, "InvalidChargePointCertificate");

        await IssuedAnsweredAsync(chargePoint.Id, "Rejected");
        var trust = CaHost.Services.GetRequiredService<ChargePointCertificateAuthority>();
        Assert.False(await trust.IsIssuedToAsync(chargePoint.Id, leaf), "Expected the CSMS to stop trusting a certificate the charge point rejected.");
    }

    [Fact]
    public async Task TC_078_CSMS_A_rejected_root_certificate_is_followed_by_an_acknowledged_InvalidCentralSystemCertificate_event()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { status = "Rejected" });
        using var root = CertificateSigningRequests.CertificateAuthority("Central System Root");

        var installed = await new OcttOperator(Host).PostAsync(
            $"/api/charge-points/{chargePoint.Id}/certificates/install", new { certificateType = "CentralSystemRootCertificate", certificate = root.ExportCertificatePem() });

        AssertField(installed, "status", "Rejected", "the InstallCertificate answer reported to the operator");
        await SecurityEventAcknowledgedAsync(chargePoint, Host, "InvalidCentralSystemCertificate");
    }

    /// <summary>
    /// The TC_074 flow up to the charge point's answer to CertificateSigned: ExtendedTriggerMessage SignChargePointCertificate
    /// without a connector, SignCertificate answered Accepted, then CertificateSigned, answered <paramref name="answer"/>. Returns the chain.
    /// </summary>
    private async Task<string> SignCertificateFlowAsync(TestChargePoint chargePoint, string csr, string answer)
    {
        var certificateSigned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        chargePoint.OnServerCall = (action, payload) =>
        {
            if (action != "CertificateSigned")
            {
                return ServerCallAnswer.Result(new { status = "Accepted" });
            }

            certificateSigned.TrySetResult(payload.GetProperty("certificateChain").GetString()!);
            return ServerCallAnswer.Result(new { status = answer });
        };
        var @operator = new OcttOperator(CaHost);

        var trigger = await @operator.PostAsync($"/api/charge-points/{chargePoint.Id}/extended-trigger", new { requestedMessage = "SignChargePointCertificate" });

        AssertField(trigger, "status", "Accepted", "the ExtendedTriggerMessage answer reported to the operator");
        var request = SentRequest(chargePoint, "ExtendedTriggerMessage");
        AssertField(request, "requestedMessage", "SignChargePointCertificate", "ExtendedTriggerMessage");
        Assert.False(request.TryGetProperty("connectorId", out _), $"Expected ExtendedTriggerMessage SignChargePointCertificate without a connectorId, but it was {request}.");
        var signAnswer = await chargePoint.CallAsync("SignCertificate", new { csr });
        AssertField(signAnswer, "status", "Accepted", "SignCertificate with a valid CSR");
        return await certificateSigned.Task.WaitAsync(Wait);
    }

    /// <summary>Checks what the tool checks of a CertificateSigned chain; returns its first certificate.</summary>
    private X509Certificate2 AssertChainAnswersCsr(string chain, byte[] csrPublicKey, string commonName)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(chain);
        Assert.True(certificates.Count == 2, $"Expected CertificateSigned to carry the new certificate and the CA's, as PEM, but it carried {certificates.Count}: {chain}");
        var leaf = certificates[0];
        Assert.True(leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(csrPublicKey), "Expected the certificate's public key to be the CSR's.");
        Assert.True(leaf.SignatureAlgorithm.Value == CertificateAuthorityHostFixture.EcdsaWithSha384,
            $"Expected the certificate signed with the configured algorithm (ecdsa-with-SHA384), but it is {leaf.SignatureAlgorithm.FriendlyName} ({leaf.SignatureAlgorithm.Value}).");
        Assert.True(leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == commonName, $"Expected the certificate's CN to be the CSR's, {commonName}, but the subject is {leaf.Subject}.");

        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(authority.CaCertificate);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        verify.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        Assert.True(verify.Build(leaf), $"Expected the certificate to chain to the configured CA for client authentication, but: {string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation))}");
        return leaf;
    }

    private async Task<JsonElement> IssuedAnsweredAsync(string chargePointId, string answer)
    {
        var @operator = new OcttOperator(CaHost);
        var (issued, _) = await Poll.UntilAsync(
            async _ => await @operator.GetAsync($"/api/charge-points/{chargePointId}/certificates/issued"),
            list => list.GetArrayLength() == 1 && list[0].TryGetProperty("answer", out var recorded) && recorded.GetString() == answer,
            Wait,
            $"the CSMS to record the one certificate issued to {chargePointId} as answered {answer}",
            list => list.ToString());
        return issued[0];
    }

    private async Task InstallThenGetInstalledIdsAsync(string certificateType)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await BootAsync(chargePoint);
        var store = new ToolCertificateStore();
        chargePoint.OnServerCall = store.Answer;
        var @operator = new OcttOperator(Host);
        using var root = CertificateSigningRequests.CertificateAuthority($"{certificateType} {chargePoint.Id}");

        var installed = await @operator.PostAsync($"/api/charge-points/{chargePoint.Id}/certificates/install", new { certificateType, certificate = root.ExportCertificatePem() });

        AssertField(installed, "status", "Accepted", "the InstallCertificate answer reported to the operator");
        var install = SentRequest(chargePoint, "InstallCertificate");
        AssertField(install, "certificateType", certificateType, "InstallCertificate");
        using var sent = X509Certificate2.CreateFromPem(install.GetProperty("certificate").GetString());
        Assert.True(sent.Thumbprint == root.Thumbprint,
            "Expected InstallCertificate to carry the operator's certificate.");
        var reported = await @operator.PostAsync($"/api/charge-points/{chargePoint.Id}/certificates/get-installed-ids", new { certificateType });
        AssertField(reported, "status", "Accepted", "the GetInstalledCertificateIds answer reported to the operator");
        AssertField(SentRequest(chargePoint, "GetInstalledCertificateIds"), "certificateType", certificateType, "GetInstalledCertificateIds");
        var recorded = await @operator.GetAsync($"/api/charge-points/{chargePoint.Id}/certificates/installed");
        var report = recorded.EnumerateArray().Single(r => r.GetProperty("certificateType").GetString() == certificateType);
        AssertField(report.GetProperty("certificates")[0], "serialNumber", root.SerialNumber, $"the recorded {certificateType} ids of {chargePoint.Id}");
        Assert.True(report.TryGetProperty("reportedAt", out _), $"Expected the CSMS to record when the ids were reported, but it recorded {report}.");
    }

    private static async Task SecurityEventAcknowledgedAsync(TestChargePoint chargePoint, CsmsHost host, string type)
    {
        var answer = await chargePoint.CallAsync("SecurityEventNotification", new { type, timestamp = DateTimeOffset.UtcNow });
        Assert.True(answer.ValueKind == JsonValueKind.Object, $"Expected SecurityEventNotification {type} to be acknowledged, but the answer was {answer}.");
        var events = await new OcttOperator(host).GetAsync($"/api/charge-points/{chargePoint.Id}/security-events");
        Assert.True(events.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("type").GetString() == type),
            $"Expected the CSMS to list the {type} event of {chargePoint.Id}, but it lists {events}.");
    }

    /// <summary>The tool's charge point's root certificates: installed, reported with the round's hash algorithm, deleted when the hash data matches.</summary>
    private sealed class ToolCertificateStore
    {
        private readonly ConcurrentDictionary<string, (string Type, X509Certificate2 Certificate)> _installed = new();

        public string HashAlgorithm { get; set; } = "SHA256";

        public static Dictionary<string, string> HashData(X509Certificate2 root, string algorithm)
        {
            var name = new HashAlgorithmName(algorithm);

            // A root is its own issuer: the issuer key hash is the hash of its own public key.
            return new Dictionary<string, string>
            {
                ["hashAlgorithm"] = algorithm,
                ["issuerNameHash"] = Convert.ToHexStringLower(CryptographicOperations.HashData(name, root.IssuerName.RawData)),
                ["issuerKeyHash"] = Convert.ToHexStringLower(CryptographicOperations.HashData(name, root.PublicKey.EncodedKeyValue.RawData)),
                ["serialNumber"] = root.SerialNumber,
            };
        }

        public ServerCallAnswer Answer(string action, JsonElement payload)
        {
            switch (action)
            {
                case "InstallCertificate":
                    var certificate = X509Certificate2.CreateFromPem(payload.GetProperty("certificate").GetString());
                    _installed[certificate.SerialNumber] = (payload.GetProperty("certificateType").GetString()!, certificate);
                    return ServerCallAnswer.Result(new { status = "Accepted" });
                case "GetInstalledCertificateIds":
                    var type = payload.GetProperty("certificateType").GetString();
                    var ids = _installed.Values.Where(c => c.Type == type).Select(c => HashData(c.Certificate, HashAlgorithm)).ToList();
                    return ids.Count == 0
                        ? ServerCallAnswer.Result(new { status = "NotFound" })
                        : ServerCallAnswer.Result(new { status = "Accepted", certificateHashData = ids });
                case "DeleteCertificate":
                    var hash = payload.GetProperty("certificateHashData");
                    var match = _installed.Values.FirstOrDefault(c => HashData(c.Certificate, HashAlgorithm).All(f => hash.GetProperty(f.Key).GetString() == f.Value));
                    return match.Certificate is not null && _installed.TryRemove(match.Certificate.SerialNumber, out _)
                        ? ServerCallAnswer.Result(new { status = "Accepted" })
                        : ServerCallAnswer.Result(new { status = "NotFound" });
                default:
                    return ServerCallAnswer.Result(new { status = "Accepted" });
            }
        }
    }
}
