using System.Globalization;
using Npgsql;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>The shape and timings of a test cluster; every process gets the same cluster settings.</summary>
public sealed record TestClusterOptions
{
    public int Silos { get; init; } = 2;

    public int FrontEnds { get; init; } = 2;

    /// <summary>Seconds a server-initiated call waits for the charge point.</summary>
    public int CallTimeoutSeconds { get; init; } = 10;

    /// <summary>The PostgreSQL server the cluster's database is created on (its role needs CREATEDB); the shared test server by default.</summary>
    public string? PostgresServer { get; init; }

    /// <summary>How long a process may take to become ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An admin API key every front-end accepts and the tests' API clients send; none leaves the API open.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Further configuration for every process, e.g. a first admin account.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A cluster of silo and front-end processes on loopback against a fresh PostgreSQL database, like Orleans'
/// TestingHost TestCluster but with real processes: shared by a test collection, grown, shrunk and broken by the
/// tests, every process killed at the end whatever happened.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    private const int PortAttempts = 3;
    private static readonly TimeSpan SiloStopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FrontEndStopTimeout = TimeSpan.FromSeconds(45);

    private readonly List<HostProcess> _silos = [];
    private readonly List<HostProcess> _frontEnds = [];
    private readonly Dictionary<HostProcess, ClusterApi> _apis = [];
    private readonly TestClusterOptions _options;
    private TestDatabase? _database;
    private NpgsqlDataSource? _dataSource;
    private GrainLocator? _locator;
    private int _disposed;

    /// <summary>The default shape: two silos and two front-ends on the shared test server.</summary>
    public TestCluster()
        : this(new TestClusterOptions())
    {
    }

    /// <summary>Another shape; not public, because a collection fixture may have one public constructor only.</summary>
    internal TestCluster(TestClusterOptions options) => _options = options;

    public TestClusterOptions Options => _options;

    /// <summary>Names this cluster in the membership table; a fresh one per fixture.</summary>
    public string ClusterId { get; } = $"csms-test-{Guid.NewGuid():N}"[..20];

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>For the test's own checks: a small pool that gives up quickly while the server restarts.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Every silo started, in order; a killed or stopped one stays and reports <see cref="HostProcess.HasExited"/>.</summary>
    public IReadOnlyList<HostProcess> Silos => Snapshot(_silos);

    /// <summary>Every front-end started, in order.</summary>
    public IReadOnlyList<HostProcess> FrontEnds => Snapshot(_frontEnds);

    public IReadOnlyList<HostProcess> LiveSilos => [.. Silos.Where(s => !s.HasExited)];

    public IReadOnlyList<HostProcess> LiveFrontEnds => [.. FrontEnds.Where(f => !f.HasExited)];

    /// <summary>The operator API of the first live front-end.</summary>
    public ClusterApi Api => LiveFrontEnds is [var first, ..] ? ApiOf(first) : throw new InvalidOperationException("No front-end is running.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(_options.PostgresServer);
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 4, Timeout = 5, CommandTimeout = 10 }.ConnectionString);

        try
        {
            // All at once, as an orchestrator would: a front-end waits for a silo's gateway by itself.
            await Task.WhenAll(
                Enumerable.Range(0, _options.Silos).Select(_ => AddSiloAsync())
                    .Concat(Enumerable.Range(0, _options.FrontEnds).Select(_ => AddFrontEndAsync())));
            await WaitForMembershipAsync(_options.StartTimeout);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo and waits until it is ready (an active member with storage).</summary>
    public Task<HostProcess> AddSiloAsync() => StartAsync(HostRole.Silo);

    /// <summary>Starts one more front-end and waits until it is ready.</summary>
    public Task<HostProcess> AddFrontEndAsync() => StartAsync(HostRole.FrontEnd);

    /// <summary>Adds silos until <paramref name="count"/> are running and the cluster agrees.</summary>
    public async Task EnsureSilosAsync(int count)
    {
        await Task.WhenAll(Enumerable.Range(0, Math.Max(0, count - LiveSilos.Count)).Select(_ => AddSiloAsync()));
        await WaitForMembershipAsync(_options.StartTimeout);
    }

    /// <summary>Adds front-ends until <paramref name="count"/> are running.</summary>
    public Task EnsureFrontEndsAsync(int count) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(0, count - LiveFrontEnds.Count)).Select(_ => AddFrontEndAsync()));

    /// <summary>Starts a process without waiting for it to be ready, e.g. while its database is down.</summary>
    public HostProcess Launch(HostRole role)
    {
        var list = role == HostRole.Silo ? _silos : _frontEnds;
        lock (list)
        {
            var process = HostProcess.Start($"{(role == HostRole.Silo ? "silo" : "front-end")} {list.Count}", role, HostPorts.Pick(role), Settings(), ClusterId);
            list.Add(process);
            return process;
        }
    }

    /// <summary>SIGTERM to a silo or front-end; waits for it to hand over and exit.</summary>
    public Task StopAsync(HostProcess process) =>
        process.StopAsync(process.Role == HostRole.Silo ? SiloStopTimeout : FrontEndStopTimeout);

    public ClusterApi ApiOf(HostProcess frontEnd)
    {
        lock (_apis)
        {
            if (!_apis.TryGetValue(frontEnd, out var api))
            {
                api = new ClusterApi(frontEnd, _options.ApiKey);
                _apis[frontEnd] = api;
            }

            return api;
        }
    }

    /// <summary>An Orleans client of this cluster that tells where grains are, connected on first use.</summary>
    public async Task<GrainLocator> LocatorAsync() =>
        _locator ??= await GrainLocator.ConnectAsync(Database.ConnectionString, ClusterId, _options.StartTimeout);

    /// <summary>The silo holding the most of these charge points' grains, and which of them it holds.</summary>
    public async Task<(HostProcess Silo, IReadOnlyList<string> ChargePointIds)> SiloHoldingMostOfAsync(IEnumerable<string> chargePointIds)
    {
        var placements = await (await LocatorAsync()).SiloPortsOfChargePointsAsync(chargePointIds, TimeSpan.FromSeconds(20));
        var busiest = placements.Where(p => p.Value is not null).GroupBy(p => p.Value!.Value).MaxBy(g => g.Count())
            ?? throw new InvalidOperationException($"None of the charge points {string.Join(", ", placements.Keys)} has an activation.");
        return (SiloAt(busiest.Key), [.. busiest.Select(p => p.Key)]);
    }

    /// <summary>The running silo whose silo-to-silo port is <paramref name="siloPort"/>.</summary>
    public HostProcess SiloAt(int siloPort) =>
        LiveSilos.SingleOrDefault(s => s.Ports.Silo == siloPort) ?? throw new InvalidOperationException($"No running silo has silo port {siloPort}:\n{Describe(5)}");

    /// <summary>
    /// Waits until the cluster view agrees with the processes: exactly the running silos are active. Returns the view
    /// and how long that took.
    /// </summary>
    public async Task<(ClusterView View, TimeSpan Elapsed)> WaitForMembershipAsync(TimeSpan timeout)
    {
        var live = LiveSilos.Select(s => s.Ports.Silo).ToHashSet();
        return await Poll.UntilAsync(
            Api.GetClusterAsync,
            view => view.ActivePorts.SetEquals(live),
            timeout,
            $"exactly the {live.Count} running silos (silo ports {string.Join(", ", live)}) to be active",
            view => view.Describe());
    }

    /// <summary>The state of every process and the end of each one's log, for failure messages.</summary>
    public string Describe(int linesPerProcess = 25) =>
        string.Join('\n', Silos.Concat(FrontEnds).Select(p => $"{p}: {(p.HasExited ? "exited" : "running")}\n{p.LogTail(linesPerProcess)}"));

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_locator is not null)
        {
            await _locator.DisposeAsync();
        }

        foreach (var api in _apis.Values)
        {
            api.Dispose();
        }

        await Task.WhenAll(Silos.Concat(FrontEnds).Select(p => p.DisposeAsync().AsTask()));
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task<HostProcess> StartAsync(HostRole role)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = Launch(role);
            try
            {
                await process.WaitUntilReadyAsync(_options.StartTimeout);
                return process;
            }
            catch (HostExitedException ex) when (ex.PortTaken && attempt < PortAttempts)
            {
                // Another process took a port between the pick and the bind: pick again.
                await process.DisposeAsync();
                lock (role == HostRole.Silo ? _silos : _frontEnds)
                {
                    (role == HostRole.Silo ? _silos : _frontEnds).Remove(process);
                }
            }
        }
    }

    private Dictionary<string, string> Settings()
    {
        var settings = BaseSettings();
        if (_options.ApiKey is { } key)
        {
            settings["Api:Keys:0"] = key;
        }

        foreach (var (name, value) in _options.Settings)
        {
            settings[name] = value;
        }

        return settings;
    }

    private Dictionary<string, string> BaseSettings() => new(StringComparer.Ordinal)
    {
        // Several processes share the server's connections with every other test run on it.
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = 8 }.ConnectionString,
        ["Storage:Provider"] = "Postgres",
        ["Cluster:ClusterId"] = ClusterId,
        ["Ocpp:CallTimeoutSeconds"] = _options.CallTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        ["Ocpp:Admission"] = "open",

        // Orleans' start-up option dumps would push what matters out of the log tails in failure messages; membership changes stay.
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information",
    };

    private static IReadOnlyList<HostProcess> Snapshot(List<HostProcess> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
