using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansCsms.Grains;
using OrleansCsms.Tests.Infrastructure;
using static OrleansCsms.Tests.Conformance.V201.OcttStation;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block M (ISO 15118 certificate management), CSMS side: installing the CA roots, reading back and
/// deleting installed certificates through /api/charge-points/{id}/certificates, and the station's requests for an
/// EV's contract certificate and a certificate's OCSP status, answered through services of a host of its own.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class Iso15118CertificateTestCases(CsmsHostFixture fixture, Iso15118ServicesFixture services)
    : StationTestCases(fixture), IClassFixture<Iso15118ServicesFixture>
{
    [Fact]
    public Task TC_M_01_CSMS_Install_a_CSMS_root_certificate() => InstallAsync(CertificateTypes.CsmsRoot);

    [Fact]
    public Task TC_M_02_CSMS_Install_a_manufacturer_root_certificate() => InstallAsync(CertificateTypes.ManufacturerRoot);

    [Fact]
    public Task TC_M_03_CSMS_Install_a_V2G_root_certificate() => InstallAsync(CertificateTypes.V2GRoot);

    [Fact]
    public Task TC_M_04_CSMS_Install_a_mobility_operator_root_certificate() => InstallAsync(CertificateTypes.MORoot);

    [Fact]
    public async Task TC_M_05_CSMS_An_installation_the_station_answers_Failed_is_reported_so_to_the_operator()
    {
        var (station, store) = await StationWithStoreAsync();
        store.Answers["InstallCertificate"] = "Failed";
        using var root = CertificateSigningRequests.CertificateAuthority($"Failed root {station.Id}");

        var installed = await Operator.PostAsync(
            $"/api/charge-points/{station.Id}/certificates/install", new { certificateType = CertificateTypes.CsmsRoot, certificate = root.ExportCertificatePem() });

        AssertField(installed, "status", "Failed", "the InstallCertificate answer reported to the operator");
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public Task TC_M_12_CSMS_Retrieve_the_CSMS_root_certificates() => RetrieveAsync([CertificateTypes.CsmsRoot]);

    [Fact]
    public Task TC_M_13_CSMS_Retrieve_the_manufacturer_root_certificates() => RetrieveAsync([CertificateTypes.ManufacturerRoot]);

    [Fact]
    public Task TC_M_14_CSMS_Retrieve_the_V2G_root_certificates() => RetrieveAsync([CertificateTypes.V2GRoot]);

    [Fact]
    public async Task TC_M_15_CSMS_Retrieve_the_V2G_certificate_chain_with_its_sub_CA()
    {
        var (station, store) = await StationWithStoreAsync();
        using var subCa = CertificateSigningRequests.CertificateAuthority($"V2G Sub-CA {station.Id}");
        using var leaf = TestCertificates.IssueClient(subCa, $"SECC-{station.Id}");
        store.Hold(CertificateTypes.V2GCertificateChain, leaf, child: subCa);

        var reported = await Operator.PostAsync(
            $"/api/charge-points/{station.Id}/certificates/get-installed-ids", new { certificateType = CertificateTypes.V2GCertificateChain });

        AssertField(reported, "status", "Accepted", "the GetInstalledCertificateIds answer reported to the operator");
        AssertAskedFor(station, [CertificateTypes.V2GCertificateChain]);
        var recorded = await InstalledAsync(station.Id, CertificateTypes.V2GCertificateChain);
        var serialNumbers = recorded.EnumerateArray().Select(c => c.GetProperty("serialNumber").GetString()).ToList();
        Assert.True(serialNumbers.SequenceEqual([Serial(leaf), Serial(subCa)]),
            $"Expected the CSMS to record the chain's leaf {Serial(leaf)} then its sub-CA {Serial(subCa)}, but it recorded {recorded}.");
    }

    [Fact]
    public Task TC_M_16_CSMS_Retrieve_the_mobility_operator_root_certificates() => RetrieveAsync([CertificateTypes.MORoot]);

    [Fact]
    public Task TC_M_17_CSMS_Retrieve_the_CSMS_and_manufacturer_root_certificates_in_one_request() =>
        RetrieveAsync([CertificateTypes.CsmsRoot, CertificateTypes.ManufacturerRoot]);

    [Fact]
    public Task TC_M_18_CSMS_Retrieve_the_certificates_of_all_types() => RetrieveAsync([]);

    [Fact]
    public async Task TC_M_19_CSMS_No_matching_certificate_found_is_recorded_as_none_held()
    {
        var (station, _) = await StationWithStoreAsync();

        var reported = await Operator.PostAsync(
            $"/api/charge-points/{station.Id}/certificates/get-installed-ids", new { certificateTypes = new[] { CertificateTypes.CsmsRoot } });

        AssertField(reported, "status", "NotFound", "the GetInstalledCertificateIds answer reported to the operator");
        var recorded = await Operator.GetAsync($"/api/charge-points/{station.Id}/certificates/installed");
        var report = recorded.EnumerateArray().Single(r => r.GetProperty("certificateType").GetString() == CertificateTypes.CsmsRoot);
        Assert.True(report.GetProperty("status").GetString() == "NotFound" && report.GetProperty("certificates").GetArrayLength() == 0,
            $"Expected the CSMS to record that the station holds no CSMS root certificate, but it recorded {report}.");
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_M_20_CSMS_Delete_a_certificate_with_the_hash_data_the_station_reported_for_each_hash_algorithm()
    {
        var (station, store) = await StationWithStoreAsync();

        foreach (var algorithm in new[] { "SHA256", "SHA384", "SHA512" })
        {
            store.HashAlgorithm = algorithm;
            using var root = await InstalledRootAsync(station, $"CSMS root {algorithm}");
            var reported = await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/get-installed-ids", new { certificateType = CertificateTypes.CsmsRoot });
            AssertField(reported, "status", "Accepted", $"the GetInstalledCertificateIds of round {algorithm}");

            var deleted = await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/delete", new { serialNumber = Serial(root) });

            AssertField(deleted, "status", "Accepted", $"the DeleteCertificate of round {algorithm}");
            var sent = station.Socket.ServerCalls.Last(c => c.Action == "DeleteCertificate").Payload.GetProperty("certificateHashData");
            foreach (var (field, value) in StationCertificateStore.HashData(root, root, algorithm))
            {
                AssertField(sent, field, value, $"the certificateHashData of DeleteCertificate in round {algorithm}, checked against the station's own hash");
            }
        }

        var after = await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/get-installed-ids", new { certificateType = CertificateTypes.CsmsRoot });
        AssertField(after, "status", "NotFound", "the GetInstalledCertificateIds after the three deletions");
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task TC_M_21_CSMS_A_deletion_the_station_answers_Failed_leaves_the_certificate_recorded()
    {
        var (station, store) = await StationWithStoreAsync();
        using var root = await InstalledRootAsync(station, "CSMS root kept");
        await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/get-installed-ids", new { certificateType = CertificateTypes.CsmsRoot });
        store.Answers["DeleteCertificate"] = "Failed";

        var deleted = await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/delete", new { serialNumber = Serial(root) });

        AssertField(deleted, "status", "Failed", "the DeleteCertificate answer reported to the operator");
        var recorded = await InstalledAsync(station.Id, CertificateTypes.CsmsRoot);
        Assert.True(recorded.EnumerateArray().Any(c => c.GetProperty("serialNumber").GetString() == Serial(root)),
            $"Expected a certificate the station failed to delete to stay recorded, but the CSMS records {recorded}.");
    }

    [Fact]
    public async Task TC_M_24_CSMS_Certificate_status_of_the_V2G_sub_CA_is_answered_with_the_responders_OCSP_response()
    {
        var station = await ServicesStationAsync();
        await using var _ = station.Socket;
        var data = StationCertificateStore.HashData(services.V2GSubCa, services.V2GRoot, "SHA256");

        var answer = await station.AcknowledgedAsync("GetCertificateStatus", new { ocspRequestData = new Dictionary<string, string>(data) { ["responderURL"] = "http://ocsp.example.com" } });

        AssertField(answer, "status", "Accepted", "GetCertificateStatus of the V2G sub-CA");
        var exchange = services.OcspExchanges.Single(e => Convert.ToHexStringLower(Iso15118ServicesFixture.ReadCertId(e.Request).SerialNumber).TrimStart('0') == data["serialNumber"]);
        var (hashOid, nameHash, keyHash, _) = Iso15118ServicesFixture.ReadCertId(exchange.Request);
        Assert.True(hashOid == "2.16.840.1.101.3.4.2.1" && Convert.ToHexStringLower(nameHash) == data["issuerNameHash"] && Convert.ToHexStringLower(keyHash) == data["issuerKeyHash"],
            $"Expected the OCSP request to name the sub-CA by the station's SHA-256 hash data, but its CertID had {hashOid}, {Convert.ToHexStringLower(nameHash)}, {Convert.ToHexStringLower(keyHash)}.");
        Assert.True(answer.GetProperty("ocspResult").GetString() == Convert.ToBase64String(exchange.Response),
            $"Expected ocspResult to be the responder's DER OCSPResponse in base64, but it was {answer.GetProperty("ocspResult")}.");
        Assert.Equal((OcspMessages.Successful, true), OcspMessages.ResponseStatus(Convert.FromBase64String(answer.GetProperty("ocspResult").GetString()!)));
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public Task TC_M_26_CSMS_Certificate_installation_for_an_EV_is_answered_with_the_services_EXI_response() => EvCertificateAsync("Install");

    [Fact]
    public Task TC_M_28_CSMS_Certificate_update_for_an_EV_is_answered_with_the_services_EXI_response() => EvCertificateAsync("Update");

    [Fact]
    public async Task Without_configured_services_an_EV_certificate_and_a_certificate_status_are_answered_Failed()
    {
        var station = await BootedStationAsync();

        var certificate = await station.AcknowledgedAsync("Get15118EVCertificate", new { iso15118SchemaVersion = "urn:iso:15118:2:2013:MsgDef", action = "Install", exiRequest = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) });
        var status = await station.AcknowledgedAsync("GetCertificateStatus", new
        {
            ocspRequestData = new { hashAlgorithm = "SHA256", issuerNameHash = "00", issuerKeyHash = "00", serialNumber = "1", responderURL = "http://ocsp.example.com" },
        });

        Assert.True(certificate.GetProperty("status").GetString() == "Failed" && certificate.GetProperty("exiResponse").GetString() == "",
            $"Expected Get15118EVCertificate without a contract certificate service to be answered Failed with an empty exiResponse, but it was {certificate}.");
        Assert.True(status.GetProperty("status").GetString() == "Failed" && !status.TryGetProperty("ocspResult", out _),
            $"Expected GetCertificateStatus without an OCSP responder to be answered Failed without ocspResult, but it was {status}.");
        station.Socket.AssertAllServerFramesValid();
    }

    [Fact]
    public async Task A_version_1_6_charge_point_is_refused_an_ISO_15118_root_unsent()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        using var root = CertificateSigningRequests.CertificateAuthority("V2G root for 1.6");

        var response = await Host.Api.PostAsync(
            $"/api/charge-points/{chargePoint.Id}/certificates/install",
            System.Net.Http.Json.JsonContent.Create(new { certificateType = CertificateTypes.V2GRoot, certificate = root.ExportCertificatePem() }));

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Conflict,
            $"Expected a V2G root for an OCPP 1.6 charge point to be refused with 409, but the CSMS answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.True(chargePoint.ServerCalls.IsEmpty, $"Expected nothing sent, but the charge point got {string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}.");
    }

    private static string Serial(X509Certificate2 certificate) => certificate.SerialNumber.TrimStart('0').ToLowerInvariant();

    private async Task<(OcttStation Station, StationCertificateStore Store)> StationWithStoreAsync()
    {
        var station = await BootedStationAsync();
        var store = new StationCertificateStore();
        station.Socket.OnServerCall = store.Answer;
        return (station, store);
    }

    private async Task<X509Certificate2> InstalledRootAsync(OcttStation station, string name)
    {
        var root = CertificateSigningRequests.CertificateAuthority($"{name} {station.Id}");
        var installed = await Operator.PostAsync(
            $"/api/charge-points/{station.Id}/certificates/install", new { certificateType = CertificateTypes.CsmsRoot, certificate = root.ExportCertificatePem() });
        AssertField(installed, "status", "Accepted", $"the InstallCertificate of {name}");
        return root;
    }

    /// <summary>M_01 to M_04: InstallCertificate of the type with the operator's PEM certificate, answered Accepted.</summary>
    private async Task InstallAsync(string certificateType)
    {
        var (station, _) = await StationWithStoreAsync();
        using var root = CertificateSigningRequests.CertificateAuthority($"{certificateType} {station.Id}");

        var installed = await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/install", new { certificateType, certificate = root.ExportCertificatePem() });

        AssertField(installed, "status", "Accepted", "the InstallCertificate answer reported to the operator");
        var sent = station.Socket.ServerCalls.Single(c => c.Action == "InstallCertificate").Payload;
        AssertField(sent, "certificateType", certificateType, "InstallCertificate");
        using var certificate = X509Certificate2.CreateFromPem(sent.GetProperty("certificate").GetString());
        Assert.True(certificate.Thumbprint == root.Thumbprint, "Expected InstallCertificate to carry the operator's certificate as PEM.");
        station.Socket.AssertAllServerFramesValid();
    }

    /// <summary>M_12 to M_18: roots of every type installed, then GetInstalledCertificateIds for the types (none: all), each recorded.</summary>
    private async Task RetrieveAsync(string[] certificateTypes)
    {
        var (station, store) = await StationWithStoreAsync();
        var roots = CertificateTypes.V201Installable.ToDictionary(t => t, t => CertificateSigningRequests.CertificateAuthority($"{t} {station.Id}"));
        foreach (var (type, root) in roots)
        {
            store.Hold(type, root);
        }

        var reported = await Operator.PostAsync($"/api/charge-points/{station.Id}/certificates/get-installed-ids", new { certificateTypes });

        AssertField(reported, "status", "Accepted", "the GetInstalledCertificateIds answer reported to the operator");
        AssertAskedFor(station, certificateTypes);
        foreach (var type in certificateTypes.Length == 0 ? CertificateTypes.V201Installable : certificateTypes)
        {
            var recorded = await InstalledAsync(station.Id, type);
            Assert.True(recorded.GetArrayLength() == 1 && recorded[0].GetProperty("serialNumber").GetString() == Serial(roots[type]),
                $"Expected the CSMS to record the station's one {type}, serial {Serial(roots[type])}, but it recorded {recorded}.");
        }

        foreach (var root in roots.Values)
        {
            root.Dispose();
        }

        station.Socket.AssertAllServerFramesValid();
    }

    private static void AssertAskedFor(OcttStation station, string[] certificateTypes)
    {
        var sent = station.Socket.ServerCalls.Single(c => c.Action == "GetInstalledCertificateIds").Payload;
        string[] asked = sent.TryGetProperty("certificateType", out var types) ? [.. types.EnumerateArray().Select(t => t.GetString()!)] : [];
        Assert.True(asked.SequenceEqual(certificateTypes),
            $"Expected GetInstalledCertificateIds to ask for [{string.Join(", ", certificateTypes)}] (none: all types), but it was {sent}.");
    }

    private async Task<JsonElement> InstalledAsync(string stationId, string certificateType)
    {
        var recorded = await Operator.GetAsync($"/api/charge-points/{stationId}/certificates/installed");
        var report = recorded.EnumerateArray().FirstOrDefault(r => r.GetProperty("certificateType").GetString() == certificateType);
        Assert.True(report.ValueKind == JsonValueKind.Object, $"Expected the CSMS to record the station's {certificateType} certificates, but it records {recorded}.");
        return report.GetProperty("certificates");
    }

    private async Task<OcttStation> ServicesStationAsync()
    {
        var station = new OcttStation(await TestChargePoint.ConnectV201Async(services.Host, Fresh.ChargePointId()));
        await station.BootAsync();
        return station;
    }

    /// <summary>M_26 and M_28: Get15118EVCertificate forwarded to the contract certificate service, its EXI response passed back.</summary>
    private async Task EvCertificateAsync(string action)
    {
        var station = await ServicesStationAsync();
        await using var _ = station.Socket;
        var exiRequest = Convert.ToBase64String(RandomNumberGenerator.GetBytes(256));

        var answer = await station.AcknowledgedAsync("Get15118EVCertificate", new { iso15118SchemaVersion = "urn:iso:15118:2:2013:MsgDef", action, exiRequest });

        AssertField(answer, "status", "Accepted", $"Get15118EVCertificate {action}");
        AssertField(answer, "exiResponse", Iso15118ServicesFixture.ExiResponseFor(exiRequest), $"Get15118EVCertificate {action}, whose exiResponse must be the service's");
        var forwarded = services.ContractRequests.Single(r => r.GetProperty("exiRequest").GetString() == exiRequest);
        Assert.True(forwarded.GetProperty("action").GetString() == action && forwarded.GetProperty("chargingStationId").GetString() == station.Id,
            $"Expected the service to be sent the {action} request of {station.Id}, but it was sent {forwarded}.");
        station.Socket.AssertAllServerFramesValid();
    }
}
