using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using static OrleansCsms.Grains.ContractCertificateStatuses;

namespace OrleansCsms.Grains;

/// <summary>
/// Judges the ISO 15118 contract certificate of a 2.0.1 Authorize (use case C07). Hash data (the station validated the
/// chain itself): every certificate it names is asked of the OCSP responder. A PEM chain (central validation): the
/// chain must lead to a configured trusted root and be valid now, then its leaf is asked of the OCSP responder. Only a
/// response whose signature verifies and which is current counts; without one the status stays undetermined.
/// </summary>
public sealed class ContractCertificateValidation(Iso15118CertificateServices services, IOptions<Iso15118Options> options, TimeProvider time)
{
    // The schema allows four hash data entries: a leaf and its sub-CAs.
    private const int MaxHashData = 4;

    private readonly Lazy<X509Certificate2Collection> _roots = new(() => TrustedRoots.Load(options.Value.TrustedRootsPath));

    public async Task<ContractCertificateVerdict> ValidateAsync(ContractCertificateCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.CertificateChain is { Length: > 0 } pem)
        {
            return await ValidateChainAsync(pem);
        }

        if (check.HashData is not { Count: > 0 and <= MaxHashData } hashData)
        {
            return new(NoCertificateAvailable, "The Authorize carries neither a contract certificate nor its hash data.");
        }

        var verdicts = new List<ContractCertificateVerdict>();
        foreach (var data in hashData)
        {
            verdicts.Add(await AskAsync(data, [.. _roots.Value]));
        }

        return Worst(verdicts);
    }

    private async Task<ContractCertificateVerdict> ValidateChainAsync(string pem)
    {
        var presented = new X509Certificate2Collection();
        try
        {
            presented.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            return new(CertChainError, $"The contract certificate chain is no PEM of certificates: {ex.Message}");
        }

        if (presented.Count == 0)
        {
            return new(CertChainError, "The contract certificate chain holds no certificate.");
        }

        if (_roots.Value.Count == 0)
        {
            return new(NoCertificateAvailable, "No trusted mobility operator or V2G roots are configured (Iso15118:TrustedRootsPath).");
        }

        var leaf = presented[0];
        var now = time.GetUtcNow();
        if (leaf.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            return new(CertificateExpired, $"The contract certificate expired at {leaf.NotAfter.ToUniversalTime():O}.");
        }

        if (leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            return new(CertChainError, $"The contract certificate is not valid before {leaf.NotBefore.ToUniversalTime():O}.");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots.Value);
        chain.ChainPolicy.ExtraStore.AddRange(presented);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(leaf))
        {
            var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            var detail = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
            return flags.HasFlag(X509ChainStatusFlags.NotSignatureValid) ? new(SignatureError, $"A signature in the contract certificate chain does not verify: {detail}")
                : flags.HasFlag(X509ChainStatusFlags.NotTimeValid) ? new(CertificateExpired, $"A certificate of the contract certificate chain is not valid now: {detail}")
                : new(CertChainError, $"The contract certificate does not chain to a trusted root: {detail}");
        }

        if (chain.ChainElements.Count < 2)
        {
            return new(CertChainError, "The contract certificate is itself a root, not issued by one.");
        }

        var issuer = chain.ChainElements[1].Certificate;
        var data = new OcspRequestData(
            "SHA256",
            Convert.ToHexString(X509Signatures.NameHash(issuer, HashAlgorithmName.SHA256)),
            Convert.ToHexString(X509Signatures.KeyHash(issuer, HashAlgorithmName.SHA256)),
            Convert.ToHexString(leaf.SerialNumberBytes.Span),
            "");
        X509Certificate2[] known = [.. chain.ChainElements.Select(e => e.Certificate), .. _roots.Value];
        return await AskAsync(data, known);
    }

    private async Task<ContractCertificateVerdict> AskAsync(OcspRequestData data, IReadOnlyCollection<X509Certificate2> known)
    {
        byte[] request;
        OcspCertId asked;
        try
        {
            request = OcspMessages.Request(data);
            asked = new OcspCertId(OcspMessages.HashOid(data.HashAlgorithm)!, OcspMessages.Hex(data.IssuerNameHash), OcspMessages.Hex(data.IssuerKeyHash), OcspMessages.Hex(data.SerialNumber));
        }
        catch (FormatException ex)
        {
            return new(CertChainError, $"The hash data names no certificate: {ex.Message}");
        }

        var exchange = await services.AskOcspAsync(request);
        if (exchange.Response is not { } der)
        {
            return new(NoCertificateAvailable, exchange.Detail ?? "The OCSP responder gave no response.");
        }

        var verdict = OcspResponseReader.Read(der, asked, known, time.GetUtcNow());
        return verdict.State switch
        {
            OcspCertificateState.Good => new(Accepted, $"Serial {data.SerialNumber}: {verdict.Detail}"),
            OcspCertificateState.Revoked => new(CertificateRevoked, $"Serial {data.SerialNumber}: {verdict.Detail}"),
            OcspCertificateState.Unknown => new(CertChainError, $"Serial {data.SerialNumber}: {verdict.Detail}"),
            _ => new(NoCertificateAvailable, $"Serial {data.SerialNumber}: {verdict.Detail}"),
        };
    }

    /// <summary>A chain is as good as its worst certificate: a revocation outweighs an unknown issuer, which outweighs an unanswered question.</summary>
    private static ContractCertificateVerdict Worst(List<ContractCertificateVerdict> verdicts) =>
        verdicts.FirstOrDefault(v => v.CertificateStatus == CertificateRevoked)
        ?? verdicts.FirstOrDefault(v => v.CertificateStatus == CertChainError)
        ?? verdicts.FirstOrDefault(v => v.CertificateStatus == NoCertificateAvailable)
        ?? verdicts[0];
}
