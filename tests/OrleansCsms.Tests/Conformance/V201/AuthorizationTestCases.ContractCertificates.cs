using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansCsms.Tests.Conformance.V16;
using static OrleansCsms.Tests.Conformance.V201.OcttStation;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// C07, authorization with an ISO 15118 contract certificate: the station sends the eMAID with the OCSP hash data of
/// the chain it validated (C_50, C_51) or the chain itself (C_52); the CSMS asks the OCSP responder, checks its signed
/// answer, and answers certificateStatus with the token's idTokenInfo.
/// </summary>
public sealed partial class AuthorizationTestCases
{
    [Fact]
    public async Task TC_C_50_CSMS_Contract_certificate_hash_data_of_a_valid_chain_and_a_known_eMAID_are_Accepted()
    {
        var emaid = await EmaidAsync();
        using var contract = ContractCertificates.Contract(services.MoSubCa, emaid);
        var station = await ContractStationAsync();
        await station.EvConnectedPreSessionAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            iso15118CertificateHashData = new[] { ContractCertificates.HashData(contract, services.MoSubCa), ContractCertificates.HashData(services.MoSubCa, services.MoRoot) },
        });

        AssertAuthorize(answer, "Accepted", "Accepted", "TC_C_50: Authorize with the hash data of a good chain");
        AssertAskedAbout(contract);
        AssertAskedAbout(services.MoSubCa);
        await station.EventAsync("Updated", "Authorized", idToken: emaid, idTokenType: "eMAID", expectedTokenStatus: "Accepted");
        await station.EnergyTransferStartedAsync(cablePluggedIn: true);
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_C_51_CSMS_Contract_certificate_hash_data_of_a_revoked_certificate_is_CertificateRevoked_and_the_token_Invalid()
    {
        var emaid = await EmaidAsync();
        using var contract = ContractCertificates.Contract(services.MoSubCa, emaid);
        services.Revoked[contract.SerialNumber.TrimStart('0')] = true;
        var station = await ContractStationAsync();
        await station.EvConnectedPreSessionAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            iso15118CertificateHashData = new[] { ContractCertificates.HashData(contract, services.MoSubCa), ContractCertificates.HashData(services.MoSubCa, services.MoRoot) },
        });

        AssertAuthorize(answer, "Invalid", "CertificateRevoked", "TC_C_51: Authorize with the hash data of a revoked contract certificate");
        AssertAskedAbout(contract);
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_C_52_CSMS_A_contract_certificate_chain_with_a_sub_CA_is_validated_centrally_and_Accepted()
    {
        var emaid = await EmaidAsync();
        using var contract = ContractCertificates.Contract(services.MoSubCa, emaid);
        var station = await ContractStationAsync();
        await station.EvConnectedPreSessionAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            certificate = ContractCertificates.ChainPem(contract, services.MoSubCa),
        });

        AssertAuthorize(answer, "Accepted", "Accepted", "TC_C_52: Authorize with the contract certificate chain");
        AssertAskedAbout(contract);
        await station.EventAsync("Updated", "Authorized", idToken: emaid, idTokenType: "eMAID", expectedTokenStatus: "Accepted");
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task A_contract_certificate_chain_from_an_untrusted_root_is_a_CertChainError_and_the_token_Invalid()
    {
        var emaid = await EmaidAsync();
        using var strangerRoot = ContractCertificates.Root($"Stranger root {emaid}");
        using var strangerSubCa = ContractCertificates.SubCa(strangerRoot, $"Stranger sub-CA {emaid}");
        using var contract = ContractCertificates.Contract(strangerSubCa, emaid);
        var station = await ContractStationAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            certificate = ContractCertificates.ChainPem(contract, strangerSubCa, strangerRoot),
        });

        AssertAuthorize(answer, "Invalid", "CertChainError", "Authorize with a chain from a root the operator does not trust");
    }

    [Fact]
    public async Task An_expired_contract_certificate_is_CertificateExpired_and_the_token_Expired()
    {
        var emaid = await EmaidAsync();
        using var contract = ContractCertificates.Contract(services.MoSubCa, emaid, notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        var station = await ContractStationAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            certificate = ContractCertificates.ChainPem(contract, services.MoSubCa),
        });

        AssertAuthorize(answer, "Expired", "CertificateExpired", "Authorize with an expired contract certificate");
    }

    [Fact]
    public async Task A_valid_contract_certificate_of_a_blocked_eMAID_is_ContractCancelled_and_the_token_Blocked()
    {
        var emaid = await EmaidAsync("Blocked");
        using var contract = ContractCertificates.Contract(services.MoSubCa, emaid);
        var station = await ContractStationAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            iso15118CertificateHashData = new[] { ContractCertificates.HashData(contract, services.MoSubCa) },
        });

        AssertAuthorize(answer, "Blocked", "ContractCancelled", "Authorize of a blocked eMAID with a good certificate");
    }

    [Fact]
    public async Task Without_an_OCSP_responder_the_certificate_is_NoCertificateAvailable_and_the_token_judged_on_its_own()
    {
        var emaid = await EmaidAsync(host: Host);
        using var contract = ContractCertificates.Contract(services.MoSubCa, emaid);
        var station = await BootedStationAsync();

        var answer = await station.AcknowledgedAsync("Authorize", new
        {
            idToken = new { idToken = emaid, type = "eMAID" },
            iso15118CertificateHashData = new[] { ContractCertificates.HashData(contract, services.MoSubCa) },
        });

        AssertAuthorize(answer, "Accepted", "NoCertificateAvailable", "Authorize with hash data on a host without an OCSP responder");
    }

    private static void AssertAuthorize(JsonElement answer, string tokenStatus, string certificateStatus, string what)
    {
        AssertField(answer.GetProperty("idTokenInfo"), "status", tokenStatus, what);
        AssertField(answer, "certificateStatus", certificateStatus, what);
    }

    private void AssertAskedAbout(X509Certificate2 certificate)
    {
        var serial = certificate.SerialNumber.TrimStart('0');
        Assert.True(
            services.OcspExchanges.Any(e => Convert.ToHexString(Iso15118ServicesFixture.ReadCertId(e.Request).SerialNumber).TrimStart('0') == serial),
            $"Expected the CSMS to ask the OCSP responder about serial {serial} ({certificate.Subject}), but it did not.");
    }

    private async Task<string> EmaidAsync(string status = "Accepted", CsmsHost? host = null)
    {
        var emaid = $"DE8AA{Fresh.IdTag()[..12]}";
        await new OcttOperator(host ?? services.Host).PutAsync($"/api/id-tags/{emaid}", new { status, idTokenType = "eMAID" });
        return emaid;
    }

    private async Task<OcttStation> ContractStationAsync()
    {
        var station = new OcttStation(await TestChargePoint.ConnectV201Async(services.Host, Fresh.ChargePointId()));
        await station.BootAsync();
        return station;
    }
}
