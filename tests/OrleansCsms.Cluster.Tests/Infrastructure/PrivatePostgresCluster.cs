namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// A test cluster (two silos, one front-end) whose database lives on a <see cref="PrivatePostgres"/> server, so tests
/// can take PostgreSQL away from it. Where no private server can be made, nothing starts and
/// <see cref="WhyUnavailable"/> says why.
/// </summary>
public sealed class PrivatePostgresCluster : IAsyncLifetime
{
    private PrivatePostgres? _server;
    private TestCluster? _cluster;
    private int _disposed;

    /// <summary>Null when the cluster runs; otherwise why it could not.</summary>
    public string? WhyUnavailable { get; private set; } = PrivatePostgres.WhyUnavailable();

    public PrivatePostgres Server => _server ?? throw new InvalidOperationException($"No private PostgreSQL server: {WhyUnavailable}");

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException($"No cluster: {WhyUnavailable}");

    public async Task InitializeAsync()
    {
        if (WhyUnavailable is not null)
        {
            return;
        }

        _server = await PrivatePostgres.CreateAsync();
        try
        {
            _cluster = new TestCluster(new TestClusterOptions { Silos = 2, FrontEnds = 1, PostgresServer = _server.ServerConnectionString });
            await _cluster.InitializeAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (_cluster is not null)
            {
                // A test that failed half-way may have left the server down, and the database is dropped through it.
                await Server.StartAsync();
                await _cluster.DisposeAsync();
            }
        }
        finally
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
