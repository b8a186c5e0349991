using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// The tool's station's certificate store, answering as an OCPP 2.0.1 station: InstallCertificate keeps a root by
/// type, GetInstalledCertificateIds lists certificateHashDataChain with the round's hash algorithm (a V2G chain with
/// its sub-CA as child), DeleteCertificate removes the certificate whose hash data matches. <see cref="Answers"/>
/// overrides the status of an action (Failed, Rejected, NotFound), as a test case scripts it.
/// </summary>
internal sealed class StationCertificateStore
{
    private readonly ConcurrentDictionary<string, (string Type, X509Certificate2 Certificate, X509Certificate2? Child)> _installed = new();

    public string HashAlgorithm { get; set; } = "SHA256";

    /// <summary>Status answers scripted per action, instead of what the store would answer.</summary>
    public ConcurrentDictionary<string, string> Answers { get; } = new();

    /// <summary>Puts a certificate in the store as the station had it before the test case, e.g. a V2G chain's leaf with its sub-CA.</summary>
    public void Hold(string certificateType, X509Certificate2 certificate, X509Certificate2? child = null) =>
        _installed[certificate.SerialNumber] = (certificateType, certificate, child);

    /// <summary>The hash data of <paramref name="certificate"/> issued by <paramref name="issuer"/> (itself, for a root), with <paramref name="algorithm"/>.</summary>
    public static Dictionary<string, string> HashData(X509Certificate2 certificate, X509Certificate2 issuer, string algorithm)
    {
        var name = new HashAlgorithmName(algorithm);
        return new Dictionary<string, string>
        {
            ["hashAlgorithm"] = algorithm,
            ["issuerNameHash"] = Convert.ToHexStringLower(CryptographicOperations.HashData(name, certificate.IssuerName.RawData)),
            ["issuerKeyHash"] = Convert.ToHexStringLower(CryptographicOperations.HashData(name, issuer.PublicKey.EncodedKeyValue.RawData)),
            ["serialNumber"] = certificate.SerialNumber.TrimStart('0').ToLowerInvariant(),
        };
    }

    public ServerCallAnswer Answer(string action, JsonElement payload)
    {
        if (Answers.TryGetValue(action, out var scripted))
        {
            return action == "GetInstalledCertificateIds" && scripted == "NotFound"
                ? ServerCallAnswer.Result(new { status = "NotFound" })
                : ServerCallAnswer.Result(new { status = scripted });
        }

        switch (action)
        {
            case "InstallCertificate":
                var certificate = X509Certificate2.CreateFromPem(payload.GetProperty("certificate").GetString());
                Hold(payload.GetProperty("certificateType").GetString()!, certificate);
                return ServerCallAnswer.Result(new { status = "Accepted" });
            case "GetInstalledCertificateIds":
                var types = payload.TryGetProperty("certificateType", out var asked) ? asked.EnumerateArray().Select(t => t.GetString()).ToHashSet() : null;
                var chains = _installed.Values.Where(c => types is null || types.Contains(c.Type)).Select(c => new
                {
                    certificateType = c.Type,
                    certificateHashData = HashData(c.Certificate, c.Child ?? c.Certificate, HashAlgorithm),
                    childCertificateHashData = c.Child is { } child ? new[] { HashData(child, child, HashAlgorithm) } : null,
                }).ToList();
                return chains.Count == 0
                    ? ServerCallAnswer.Result(new { status = "NotFound" })
                    : ServerCallAnswer.Result(new { status = "Accepted", certificateHashDataChain = chains });
            case "DeleteCertificate":
                var hash = payload.GetProperty("certificateHashData");
                var match = _installed.Values.FirstOrDefault(c =>
                    HashData(c.Certificate, c.Child ?? c.Certificate, HashAlgorithm).All(f => hash.GetProperty(f.Key).GetString() == f.Value));
                return match.Certificate is not null && _installed.TryRemove(match.Certificate.SerialNumber, out _)
                    ? ServerCallAnswer.Result(new { status = "Accepted" })
                    : ServerCallAnswer.Result(new { status = "NotFound" });
            default:
                return ServerCallAnswer.Result(new { status = "Accepted" });
        }
    }
}
