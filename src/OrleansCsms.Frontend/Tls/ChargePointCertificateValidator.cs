using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Tls;

/// <summary>
/// Decides whether a client certificate admits a charge point (security profile 3): it must chain to an authority of
/// an <see cref="IClientCertificateTrust"/> (never the machine's store), be valid now, allow client authentication
/// when it names its uses, and, when configured, carry the charge point identity as its subject CN.
/// </summary>
public sealed class ChargePointCertificateValidator(IEnumerable<IClientCertificateTrust> trusts, IOptions<TlsOptions> options, TimeProvider time)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Null when the certificate chains to a trusted authority; otherwise why not. Used at the TLS handshake, before the identity is known.</summary>
    public string? ChainProblem(X509Certificate2 certificate, IEnumerable<X509Certificate2>? presentedIntermediates = null)
    {
        var authorities = new X509Certificate2Collection();
        foreach (var trust in trusts)
        {
            authorities.AddRange(trust.Authorities());
        }

        if (authorities.Count == 0)
        {
            return "no client certificate authority is configured (Tls:ClientCaBundlePath)";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        foreach (var authority in authorities)
        {
            // Only self-signed authorities anchor trust; an intermediate of the bundle helps build the chain to one.
            (authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(authority);
        }

        foreach (var intermediate in presentedIntermediates ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var reasons = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status.ToString()).Distinct();
        return $"the certificate '{certificate.Subject}' does not chain to a trusted authority ({string.Join(", ", reasons)})";
    }

    /// <summary>Null when the certificate admits <paramref name="identity"/>; otherwise why not. Used at the WebSocket upgrade.</summary>
    public string? Problem(X509Certificate2 certificate, string identity)
    {
        if (ChainProblem(certificate) is { } problem)
        {
            return problem;
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return options.Value.ClientCertificateCnMustMatchIdentity && commonName != identity
            ? $"the certificate's subject CN '{commonName}' is not the charge point identity '{identity}' (Tls:ClientCertificateCnMustMatchIdentity)"
            : null;
    }
}
