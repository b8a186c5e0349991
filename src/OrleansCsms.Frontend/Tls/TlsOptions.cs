using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Tls;

/// <summary>
/// The TLS endpoints of OCPP security profiles 2 and 3, bound from the "Tls" configuration section. Without a URL
/// there is no such endpoint: the plain endpoints of <c>Urls</c> are the default and need no certificate.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>Listen address of the wss endpoint without client certificates (profile 2), e.g. https://0.0.0.0:8443.</summary>
    public string? Url { get; set; }

    /// <summary>Listen address of the wss endpoint that requires a client certificate (profile 3), e.g. https://0.0.0.0:8444.</summary>
    public string? ClientCertificateUrl { get; set; }

    /// <summary>The server certificate, PEM; intermediates may follow it in the same file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The server certificate's private key (RSA or EC), PEM; may be left out when it is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Certificates of the authorities whose client certificates the profile 3 endpoint accepts, PEM.</summary>
    public string? ClientCaBundlePath { get; set; }

    /// <summary>When set, a client certificate's subject CN must equal the charge point identity it connects as.</summary>
    public bool ClientCertificateCnMustMatchIdentity { get; set; }

    /// <summary>
    /// Whether TLS 1.2 offers the RSA key-exchange suites TLS_RSA_WITH_AES_128/256_GCM that the OCPP 1.6 security
    /// whitepaper requires of a central system; they lack forward secrecy, so an operator whose charge points all speak
    /// ECDHE may turn them off.
    /// </summary>
    public bool RsaKeyExchange { get; set; } = true;

    /// <summary>Whether any TLS endpoint is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url) || !string.IsNullOrWhiteSpace(ClientCertificateUrl);
}

/// <summary>Checks settings that depend on each other, so a host with a half-configured TLS endpoint stops at start and says why.</summary>
internal sealed class TlsOptionsValidation : IValidateOptions<TlsOptions>
{
    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var problems = new List<string>();
        if (options.Enabled && string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            problems.Add("Tls:CertificatePath is required when Tls:Url or Tls:ClientCertificateUrl is set.");
        }

        foreach (var (key, url) in new[] { ("Tls:Url", options.Url), ("Tls:ClientCertificateUrl", options.ClientCertificateUrl) })
        {
            if (!string.IsNullOrWhiteSpace(url) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{key} must be an https:// address, e.g. https://0.0.0.0:8443 (it was '{url}').");
            }
        }

        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }
}
