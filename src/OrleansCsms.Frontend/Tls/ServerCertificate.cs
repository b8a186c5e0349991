using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Frontend.Tls;

/// <summary>The server certificate of the TLS endpoints, read from PEM files, with the intermediates that follow it.</summary>
internal sealed record ServerCertificate(X509Certificate2 Leaf, X509Certificate2Collection Intermediates)
{
    /// <summary>
    /// Reads the certificate and its key (RSA or EC) and refuses a key the OCPP 1.6 security whitepaper calls too weak:
    /// RSA below 2048 bits, EC below 224.
    /// </summary>
    public static ServerCertificate Load(string certificatePath, string? keyPath)
    {
        X509Certificate2 leaf;
        try
        {
            leaf = string.IsNullOrWhiteSpace(keyPath)
                ? X509Certificate2.CreateFromPemFile(certificatePath)
                : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new InvalidOperationException(
                $"Tls:CertificatePath '{certificatePath}' and Tls:KeyPath '{keyPath}' must hold a PEM certificate and its private key: {ex.Message}", ex);
        }

        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use a key that lives only in memory; a PKCS#12 round trip gives it a persisted one.
            leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
        }

        var bits = leaf.GetRSAPublicKey()?.KeySize ?? leaf.GetECDsaPublicKey()?.KeySize;
        var minimum = leaf.GetRSAPublicKey() is not null ? 2048 : 224;
        if (bits is null || bits < minimum)
        {
            throw new InvalidOperationException(
                $"Tls:CertificatePath '{certificatePath}' has a {(bits is null ? "key that is neither RSA nor EC" : $"{bits}-bit key")}: " +
                "OCPP asks RSA of 2048 bits or more, or EC of 224 or more.");
        }

        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all.Skip(1))
        {
            intermediates.Add(certificate);
        }

        return new ServerCertificate(leaf, intermediates);
    }
}

/// <summary>The cipher suites the TLS endpoints offer where the platform lets them be chosen (Linux).</summary>
internal static class TlsCipherSuites
{
    /// <summary>
    /// AEAD suites only: TLS 1.3's, TLS 1.2's ECDHE suites (among them the whitepaper's
    /// TLS_ECDHE_ECDSA_WITH_AES_128/256_GCM), and, unless turned off, the whitepaper's TLS_RSA_WITH_AES_128/256_GCM.
    /// Which of the TLS 1.2 suites a charge point can get depends on the certificate: ECDSA suites need an EC key,
    /// the others an RSA one.
    /// </summary>
    public static IReadOnlyList<TlsCipherSuite> Allowed(bool rsaKeyExchange)
    {
        List<TlsCipherSuite> suites =
        [
            TlsCipherSuite.TLS_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ];
        if (rsaKeyExchange)
        {
            suites.Add(TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256);
            suites.Add(TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384);
        }

        return suites;
    }
}
