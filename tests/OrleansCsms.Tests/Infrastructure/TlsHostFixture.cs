namespace OrleansCsms.Tests.Infrastructure;

/// <summary>
/// A host with the plain ws endpoint and both wss endpoints (profile 2, and profile 3 requiring client certificates
/// signed by the test authority), with an EC server certificate made for the run; tests use fresh keys.
/// </summary>
public sealed class TlsHostFixture : IAsyncLifetime
{
    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public TestCertificates Certificates => Host.Certificates!;

    public async Task InitializeAsync() => _host = await CsmsHost.StartWithTlsAsync(TestCertificates.Create());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>Tests that share the host with TLS endpoints.</summary>
[CollectionDefinition(Name)]
public sealed class TlsCollection : ICollectionFixture<TlsHostFixture>
{
    public const string Name = "Host with TLS endpoints";
}
