namespace OrleansCsms.Tests.Infrastructure;

/// <summary>One embedded host (open admission) shared by a test collection; tests use fresh keys, never each other's data.</summary>
public sealed class CsmsHostFixture : IAsyncLifetime
{
    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await CsmsHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>Tests that share the embedded host.</summary>
[CollectionDefinition(Name)]
public sealed class CsmsCollection : ICollectionFixture<CsmsHostFixture>
{
    public const string Name = "Embedded host";
}
