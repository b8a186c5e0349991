using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Frontend.Tls;

/// <summary>
/// A source of authorities whose client certificates admit charge points on security profile 3. Every registered
/// source counts: the configured CA bundle is one, an authority the CSMS signs charge point certificates with can be another.
/// </summary>
public interface IClientCertificateTrust
{
    /// <summary>The certificates of the authorities trusted now: roots, and the intermediates that chain to them.</summary>
    X509Certificate2Collection Authorities();
}

/// <summary>The authorities of the configured CA bundle file (Tls:ClientCaBundlePath), read once at start; none when it is not set.</summary>
internal sealed class CaBundleClientCertificateTrust : IClientCertificateTrust
{
    private readonly X509Certificate2Collection _authorities = [];

    public CaBundleClientCertificateTrust(Microsoft.Extensions.Options.IOptions<TlsOptions> options)
    {
        if (options.Value.ClientCaBundlePath is { Length: > 0 } path)
        {
            _authorities.ImportFromPemFile(path);
            if (_authorities.Count == 0)
            {
                throw new InvalidOperationException($"Tls:ClientCaBundlePath '{path}' holds no PEM certificate.");
            }
        }
    }

    public X509Certificate2Collection Authorities() => _authorities;
}
