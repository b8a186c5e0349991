using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Testing;

/// <summary>What a TLS handshake with a server ended in: the protocol and suite agreed and the server's certificate, or why it failed.</summary>
public sealed record TlsHandshake(bool Succeeded, SslProtocols Protocol, TlsCipherSuite? CipherSuite, X509Certificate2? ServerCertificate, string? Failure);

/// <summary>
/// Shakes hands with a TLS endpoint as a compliance tool does: offering only the protocol versions and, where the
/// platform lets a client choose (Linux), only the cipher suite under test, then reading what the server agreed to.
/// </summary>
public static class TlsProbe
{
    public static async Task<TlsHandshake> HandshakeAsync(
        Uri endpoint, TestCertificates trust, SslProtocols protocols, TlsCipherSuite? onlySuite = null, X509Certificate2? clientCertificate = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = trust.TrustServer,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        };
        if (onlySuite is { } suite && OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy([suite]);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or NotSupportedException)
        {
            return new TlsHandshake(false, SslProtocols.None, null, null, $"{ex.GetType().Name}: {ex.Message}");
        }

        var certificate = tls.RemoteCertificate is { } remote ? new X509Certificate2(remote) : null;
        return new TlsHandshake(true, tls.SslProtocol, tls.NegotiatedCipherSuite, certificate, null);
    }
}
