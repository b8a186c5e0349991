using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

/// <summary>
/// Certificate management on a host without a certificate authority: CSRs are checked, and accepted ones wait for an
/// operator's chain; requests to the charge point are validated before anything is sent.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class CertificatesApiTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    public static TheoryData<string, string> InvalidCsrs => new()
    {
        { "rsa1024", "2048" },
        { "brokenSignature", "signature" },
        { "notPem", "PEM" },
        { "noCommonName", "common name" },
    };

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { "extended-trigger", """{"requestedMessage":"SignChargePointCertificate","connectorId":1}""", "connectorId" },
        { "extended-trigger", """{"requestedMessage":"StatusNotification","connectorId":0}""", "connectorId" },
        { "extended-trigger", """{"requestedMessage":"DiagnosticsStatusNotification"}""", "requestedMessage" },
        { "certificates/install", Install("ChargingStationCertificate", Root()), "certificateType" },
        { "certificates/install", Install("CentralSystemRootCertificate", "not a certificate"), "certificate" },
        { "certificates/install", Install("CentralSystemRootCertificate", NotCa()), "certificate" },
        { "certificates/install", Install("ManufacturerRootCertificate", Root() + Root()), "certificate" },
        { "certificates/get-installed-ids", """{"certificateType":"ChargePointCertificate"}""", "certificateType" },
        { "certificates/delete", "{}", "certificateHashData" },
        { "certificates/delete", """{"certificateHashData":{"hashAlgorithm":"MD5","issuerNameHash":"a","issuerKeyHash":"b","serialNumber":"01"}}""", "certificateHashData.hashAlgorithm" },
        { "certificates/delete", """{"serialNumber":"0123"}""", "serialNumber" },
    };

    [Theory]
    [MemberData(nameof(InvalidCsrs))]
    public async Task An_invalid_CSR_is_answered_Rejected_and_kept_with_the_reason(string kind, string reason)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var answer = await chargePoint.CallAsync("SignCertificate", new { csr = InvalidCsr(kind) });

        Assert.True(answer.GetProperty("status").GetString() == "Rejected", $"Expected a {kind} CSR to be answered Rejected, but the answer was {answer}.");
        var requests = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/certificates/signing-requests?status=Rejected"), HttpStatusCode.OK);
        Assert.True(requests.GetArrayLength() == 1 && requests[0].GetProperty("reason").GetString()!.Contains(reason, StringComparison.Ordinal),
            $"Expected the {kind} CSR kept as Rejected with a reason naming '{reason}', but the CSMS holds {requests}.");
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_certificate_request_is_a_validation_problem_naming_the_field_and_reaches_no_charge_point(string path, string body, string field)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var response = await Host.Api.PostAsync($"/api/charge-points/{chargePoint.Id}/{path}", ApiAssert.RawJson(body));

        await ApiAssert.ValidationProblemAsync(response, field);
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected an invalid request to send nothing, but the charge point got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    [Fact]
    public async Task Without_a_certificate_authority_an_accepted_CSR_waits_for_an_operator_chain_which_is_checked_then_forwarded_and_trusted()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var (csr, key) = CertificateSigningRequests.Ec($"SN-{chargePoint.Id}");
        using var _ = key;
        var signed = await chargePoint.CallAsync("SignCertificate", new { csr });
        Assert.True(signed.GetProperty("status").GetString() == "Accepted", $"Expected a valid CSR to be accepted, but the answer was {signed}.");
        var pending = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/certificates/signing-requests?status=Pending"), HttpStatusCode.OK);
        Assert.True(pending.GetArrayLength() == 1, $"Expected the CSR listed as Pending, but the CSMS lists {pending}.");
        var requestId = pending[0].GetProperty("id").GetInt32();
        var path = $"/api/charge-points/{chargePoint.Id}/certificates/signing-requests/{requestId}";
        using var operatorCa = CertificateSigningRequests.CertificateAuthority("Operator CA");

        var noAuthority = await Host.Api.PostAsync($"{path}/sign", null);
        var otherKey = await Host.Api.PostAsJsonAsync($"{path}/chain", new { certificateChain = Chain(operatorCa, CertificateSigningRequests.Rsa("someone else").Pem) });
        var forwarded = await Host.Api.PostAsJsonAsync($"{path}/chain", new { certificateChain = Chain(operatorCa, csr) });
        var again = await Host.Api.PostAsJsonAsync($"{path}/chain", new { certificateChain = Chain(operatorCa, csr) });

        await ApiAssert.ProblemAsync(noAuthority, HttpStatusCode.Conflict);
        await ApiAssert.ValidationProblemAsync(otherKey, "certificateChain");
        var issued = await ApiAssert.JsonAsync(forwarded, HttpStatusCode.OK);
        Assert.True(issued.GetProperty("answer").GetString() == "Accepted" && issued.GetProperty("source").GetString() == "Operator",
            $"Expected the operator's certificate forwarded and answered Accepted, but the CSMS recorded {issued}.");
        await ApiAssert.ProblemAsync(again, HttpStatusCode.Conflict);
        var sent = chargePoint.ServerCalls.Where(c => c.Action == "CertificateSigned").ToList();
        Assert.True(sent.Count == 1, $"Expected exactly one CertificateSigned, the checked chain, but the charge point got {sent.Count}.");
        using var leaf = X509Certificate2.CreateFromPem(sent[0].Payload.GetProperty("certificateChain").GetString());
        Assert.True(leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()), "Expected the forwarded chain to start with the certificate of the CSR's key.");
        var trust = Host.Services.GetRequiredService<ChargePointCertificateAuthority>();
        Assert.True(await trust.IsIssuedToAsync(chargePoint.Id, leaf), "Expected the CSMS to trust the certificate it forwarded, for that charge point.");

        (await Host.Api.DeleteAsync($"/api/charge-points/{chargePoint.Id}")).EnsureSuccessStatusCode();

        await Poll.UntilAsync(
            _ => trust.IsIssuedToAsync(chargePoint.Id, leaf), trusted => !trusted, TimeSpan.FromSeconds(10),
            $"the CSMS to stop trusting the certificate of deleted charge point {chargePoint.Id}", trusted => $"trusted: {trusted}");
    }

    [Fact]
    public async Task A_certificate_the_charge_point_reported_is_deleted_only_with_the_hash_algorithm_it_reported()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var reported = new { hashAlgorithm = "SHA256", issuerNameHash = new string('a', 64), issuerKeyHash = new string('b', 64), serialNumber = "0A1B2C" };
        chargePoint.OnServerCall = (action, _) => action == "GetInstalledCertificateIds"
            ? ServerCallAnswer.Result(new { status = "Accepted", certificateHashData = new[] { reported } })
            : ServerCallAnswer.Result(new { status = "Accepted" });
        (await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/certificates/get-installed-ids", new { certificateType = "ManufacturerRootCertificate" })).EnsureSuccessStatusCode();

        var otherAlgorithm = await Host.Api.PostAsJsonAsync(
            $"/api/charge-points/{chargePoint.Id}/certificates/delete", new { certificateHashData = reported with { hashAlgorithm = "SHA384" } });
        var asReported = await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/certificates/delete", new { certificateHashData = reported });

        await ApiAssert.ValidationProblemAsync(otherAlgorithm, "certificateHashData.hashAlgorithm");
        await ApiAssert.JsonAsync(asReported, HttpStatusCode.OK);
        var installed = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}/certificates/installed"), HttpStatusCode.OK);
        Assert.True(installed[0].GetProperty("certificates").GetArrayLength() == 0,
            $"Expected a certificate the charge point deleted to leave the recorded report, but the CSMS records {installed}.");
    }

    [Fact]
    public async Task Extended_trigger_for_a_connector_names_it_and_answers_with_the_charge_points_status()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var answer = await ApiAssert.JsonAsync(
            await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/extended-trigger", new { requestedMessage = "StatusNotification", connectorId = 2 }), HttpStatusCode.OK);

        Assert.True(answer.GetProperty("status").GetString() == "Accepted", $"Expected the charge point's answer, Accepted, but the API answered {answer}.");
        var request = chargePoint.ServerCalls.Single(c => c.Action == "ExtendedTriggerMessage").Payload;
        Assert.True(request.GetProperty("requestedMessage").GetString() == "StatusNotification" && request.GetProperty("connectorId").GetInt32() == 2,
            $"Expected ExtendedTriggerMessage StatusNotification for connector 2, but it was {request}.");
    }

    private static string Install(string certificateType, string certificate) => JsonSerializer.Serialize(new { certificateType, certificate });

    private static string Root()
    {
        using var root = CertificateSigningRequests.CertificateAuthority("Root");
        return root.ExportCertificatePem();
    }

    private static string NotCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Not a CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem();
    }

    /// <summary>An operator's chain for a CSR: the certificate its CA makes for the CSR's key, then the CA's own.</summary>
    private static string Chain(X509Certificate2 ca, string csr)
    {
        var request = CertificateRequest.LoadSigningRequestPem(csr, HashAlgorithmName.SHA256, signerSignaturePadding: RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ca.GetRSAPrivateKey()!;
        using var leaf = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), now.AddMinutes(-5), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n";
    }

    private static string InvalidCsr(string kind) => kind switch
    {
        "rsa1024" => CertificateSigningRequests.Rsa("SN-1", keySize: 1024).Pem,
        "brokenSignature" => CertificateSigningRequests.WithBrokenSignature(CertificateSigningRequests.Rsa("SN-2").Pem),
        "notPem" => Convert.ToBase64String(Encoding.UTF8.GetBytes("not a certificate request")),
        "noCommonName" => NoCommonName(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of CSR."),
    };

    private static string NoCommonName()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("O=Test CPO", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
    }
}
