using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// A host of its own whose ISO 15118 services are configured, and those services themselves, in-process on Kestrel:
/// a contract certificate service answering an EXI response per request, and an OCSP responder that reads the
/// request's CertID and answers a real RFC 6960 response signed by the certificate's issuer; and the mobility operator
/// PKI (root trusted by the host, sub-CA) that contract certificates come from.
/// </summary>
public sealed class Iso15118ServicesFixture : IAsyncLifetime
{
    private readonly string _trustedRootsPath = Path.Combine(Path.GetTempPath(), $"mo-roots-{Guid.NewGuid():N}.pem");
    private WebApplication? _services;
    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The V2G root (with its key): it signs the sub-CA and the OCSP responses.</summary>
    public X509Certificate2 V2GRoot { get; } = CertificateSigningRequests.CertificateAuthority("Test V2G Root", ec: true);

    /// <summary>The V2G sub-CA, issued by the root, whose status the stations ask.</summary>
    public X509Certificate2 V2GSubCa { get; private set; } = null!;

    /// <summary>The mobility operator root the CSMS trusts (Iso15118:TrustedRootsPath) for contract certificate chains.</summary>
    public X509Certificate2 MoRoot { get; } = ContractCertificates.Root("Test MO Root");

    /// <summary>The mobility operator sub-CA, issued by the MO root, that issues contract certificates.</summary>
    public X509Certificate2 MoSubCa { get; private set; } = null!;

    /// <summary>Serial numbers (hex, upper case, no leading zeroes) the responder says are revoked.</summary>
    public ConcurrentDictionary<string, bool> Revoked { get; } = new();

    /// <summary>What the contract certificate service was sent, in order.</summary>
    public ConcurrentQueue<JsonElement> ContractRequests { get; } = new();

    /// <summary>The OCSP requests the responder read (DER), and the responses it gave (DER), in order.</summary>
    public ConcurrentQueue<(byte[] Request, byte[] Response)> OcspExchanges { get; } = new();

    /// <summary>The EXI response the contract certificate service gives for an EXI request: recognisably derived from it.</summary>
    public static string ExiResponseFor(string exiRequest)
    {
        byte[] response = [.. "CertificateInstallationRes:"u8.ToArray(), .. SHA256.HashData(Convert.FromBase64String(exiRequest))];
        return Convert.ToBase64String(response);
    }

    public async Task InitializeAsync()
    {
        V2GSubCa = IssueSubCa(V2GRoot, "Test V2G Sub-CA 1");
        MoSubCa = ContractCertificates.SubCa(MoRoot, "Test MO Sub-CA 1");
        await File.WriteAllTextAsync(_trustedRootsPath, MoRoot.ExportCertificatePem());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _services = builder.Build();
        _services.MapPost("/contract-certificates", async (HttpContext context) =>
        {
            var request = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            ContractRequests.Enqueue(request);
            return Results.Json(new { status = "Accepted", exiResponse = ExiResponseFor(request.GetProperty("exiRequest").GetString()!) });
        });
        _services.MapPost("/ocsp", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var response = OcspResponse(body.ToArray());
            OcspExchanges.Enqueue((body.ToArray(), response));
            return Results.Bytes(response, OcspMessages.ResponseMediaType);
        });
        await _services.StartAsync();
        var address = _services.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Iso15118:ContractCertificateServiceUrl"] = $"{address}/contract-certificates",
            ["Iso15118:OcspResponderUrl"] = $"{address}/ocsp",
            ["Iso15118:TrustedRootsPath"] = _trustedRootsPath,
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        V2GSubCa?.Dispose();
        V2GRoot.Dispose();
        MoSubCa?.Dispose();
        MoRoot.Dispose();
        File.Delete(_trustedRootsPath);
    }

    /// <summary>The CertID of the one request in a DER OCSPRequest: hash algorithm OID, issuer name and key hashes, serial number.</summary>
    public static (string HashOid, byte[] IssuerNameHash, byte[] IssuerKeyHash, byte[] SerialNumber) ReadCertId(byte[] ocspRequest)
    {
        var tbs = new AsnReader(ocspRequest, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var certId = tbs.ReadSequence().ReadSequence().ReadSequence();
        var algorithm = certId.ReadSequence();
        return (algorithm.ReadObjectIdentifier(), certId.ReadOctetString(), certId.ReadOctetString(), certId.ReadIntegerBytes().ToArray());
    }

    private static X509Certificate2 IssueSubCa(X509Certificate2 root, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.Create(root, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(12));
    }

    /// <summary>
    /// The responder's answer for the request's CertID: signed by the issuer it names when that is one of the fixture's
    /// authorities (else by the V2G root, as a responder for another PKI would), carrying the signer's certificate;
    /// revoked for the serial numbers in <see cref="Revoked"/>, good for the rest.
    /// </summary>
    private byte[] OcspResponse(byte[] request)
    {
        var (hashOid, nameHash, keyHash, serial) = ReadCertId(request);
        var asked = new OcspCertId(hashOid, nameHash, keyHash, serial);
        X509Certificate2[] authorities = [V2GRoot, V2GSubCa, MoRoot, MoSubCa];
        var signer = authorities.FirstOrDefault(a => SHA256.HashData(a.PublicKey.EncodedKeyValue.RawData).AsSpan().SequenceEqual(keyHash)) ?? V2GRoot;
        var revoked = Revoked.ContainsKey(Convert.ToHexString(serial.AsSpan().TrimStart((byte)0)));
        return OcspResponses.Build(asked, new OcspResponseSpec(signer) { Status = revoked ? OcspTestStatus.Revoked : OcspTestStatus.Good });
    }
}
