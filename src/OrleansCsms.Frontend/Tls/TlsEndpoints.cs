using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Tls;

/// <summary>
/// Adds the wss endpoints of security profiles 2 and 3 to Kestrel when Tls:Url or Tls:ClientCertificateUrl is set:
/// TLS 1.2 and 1.3 only, modern suites, the configured server certificate, and on the profile 3 endpoint a client
/// certificate that <see cref="ChargePointCertificateValidator"/> accepts, checked during the handshake.
/// </summary>
/// <remarks>
/// Kestrel ignores <c>Urls</c> once an endpoint is added in code, so the plain endpoints of <c>Urls</c> are added here too.
/// </remarks>
public sealed partial class TlsEndpoints(
    IConfiguration configuration,
    IOptions<TlsOptions> options,
    ChargePointCertificateValidator validator,
    ILogger<TlsEndpoints> logger) : IConfigureOptions<KestrelServerOptions>
{
    private ListenOptions? _serverAuthenticated;
    private ListenOptions? _clientCertificateRequired;

    /// <summary>Where the wss endpoint of profile 2 listens, its port as bound; null when there is none.</summary>
    public Uri? ServerAuthenticatedUri => UriOf(_serverAuthenticated);

    /// <summary>Where the wss endpoint of profile 3 (client certificates required) listens; null when there is none.</summary>
    public Uri? ClientCertificateRequiredUri => UriOf(_clientCertificateRequired);

    public void Configure(KestrelServerOptions kestrel)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            if (address.Scheme != "http")
            {
                throw new InvalidOperationException($"Urls may name only http:// addresses when Tls:Url or Tls:ClientCertificateUrl is set; '{url}' is not one.");
            }

            Listen(kestrel, address, _ => { });
        }

        var certificate = ServerCertificate.Load(settings.CertificatePath!, settings.KeyPath);
        if (settings.Url is { Length: > 0 } serverUrl)
        {
            _serverAuthenticated = Listen(kestrel, BindingAddress.Parse(serverUrl), listen => listen.UseHttps(Https(certificate, ClientCertificateMode.NoCertificate)));
        }

        if (settings.ClientCertificateUrl is { Length: > 0 } clientUrl)
        {
            _clientCertificateRequired = Listen(kestrel, BindingAddress.Parse(clientUrl), listen => listen.UseHttps(Https(certificate, ClientCertificateMode.RequireCertificate)));
        }
    }

    private HttpsConnectionAdapterOptions Https(ServerCertificate certificate, ClientCertificateMode clientCertificates)
    {
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate.Leaf,
            ServerCertificateChain = certificate.Intermediates,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = clientCertificates,
            CheckCertificateRevocation = false,
        };
        if (OperatingSystem.IsLinux())
        {
            var policy = new CipherSuitesPolicy(TlsCipherSuites.Allowed(options.Value.RsaKeyExchange));
            https.OnAuthenticate = (_, authentication) => authentication.CipherSuitesPolicy = policy;
        }

        if (clientCertificates == ClientCertificateMode.RequireCertificate)
        {
            // Trust comes from the validator's authorities alone, whatever the platform's chain said.
            https.ClientCertificateValidation = (presented, chain, _) =>
            {
                var intermediates = chain?.ChainElements.Skip(1).Select(e => e.Certificate);
                if (validator.ChainProblem(presented, intermediates) is not { } problem)
                {
                    return true;
                }

                LogClientCertificateRefused(logger, problem);
                return false;
            };
        }

        return https;
    }

    private static Uri? UriOf(ListenOptions? listen) => listen?.IPEndPoint is { } endPoint ? new Uri($"https://{endPoint}") : null;

    private static ListenOptions Listen(KestrelServerOptions kestrel, BindingAddress address, Action<ListenOptions> configure)
    {
        ListenOptions? bound = null;
        void Capture(ListenOptions listen)
        {
            bound = listen;
            configure(listen);
        }

        var host = address.Host.Trim('[', ']');
        if (host == "localhost")
        {
            kestrel.ListenLocalhost(address.Port, Capture);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            kestrel.Listen(ip, address.Port, Capture);
        }
        else
        {
            // "*", "+" or a host name: every interface, as Kestrel treats them in Urls.
            kestrel.ListenAnyIP(address.Port, Capture);
        }

        return bound!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a client certificate at the TLS handshake: {Problem}")]
    private static partial void LogClientCertificateRefused(ILogger logger, string problem);
}
