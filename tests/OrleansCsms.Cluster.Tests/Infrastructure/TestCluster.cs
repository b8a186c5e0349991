using System.Globalization;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>The shape and timings of a test cluster; every process gets the same cluster settings.</summary>
public sealed record TestClusterOptions
{
    public int Silos { get; init; } = 2;

    public int FrontEnds { get; init; } = 2;

    public int Partitions { get; init; } = 16;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds a server-initiated call waits for the charge point.</summary>
    public int CallTimeoutSeconds { get; init; } = 5;

    /// <summary>The PostgreSQL server the cluster's database is created on; its role needs CREATEDB.</summary>
    public string PostgresServer { get; init; } = ClusterDatabase.SharedServer;

    /// <summary>How long a process may take to become ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A cluster of silo and front-end processes on loopback against a fresh PostgreSQL database, like Orleans'
/// TestingHost TestCluster: shared by a test collection, grown, shrunk and broken by the tests, torn down at the end.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    private readonly List<HostProcess> _silos = [];
    private readonly List<HostProcess> _frontEnds = [];
    private readonly Dictionary<HostProcess, ClusterApi> _apis = [];
    private readonly string _secret = Guid.NewGuid().ToString("N");
    private readonly TestClusterOptions _options;
    private ClusterDatabase? _database;

    /// <summary>The default shape: two silos and two front-ends on the shared test server.</summary>
    public TestCluster()
        : this(new TestClusterOptions())
    {
    }

    /// <summary>Another shape; not public, because a collection fixture may have one public constructor only.</summary>
    internal TestCluster(TestClusterOptions options) => _options = options;

    public TestClusterOptions Options => _options;

    public ClusterDatabase Database => _database ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Every silo started, in order; a killed or stopped one keeps its index and reports <see cref="HostProcess.HasExited"/>.</summary>
    public IReadOnlyList<HostProcess> Silos => _silos;

    /// <summary>Every front-end started, in order.</summary>
    public IReadOnlyList<HostProcess> FrontEnds => _frontEnds;

    public IReadOnlyList<HostProcess> LiveSilos => [.. _silos.Where(s => !s.HasExited)];

    public IReadOnlyList<HostProcess> LiveFrontEnds => [.. _frontEnds.Where(f => !f.HasExited)];

    /// <summary>The operator API of the first live front-end.</summary>
    public ClusterApi Api => LiveFrontEnds is [var first, ..] ? ApiOf(first) : throw new InvalidOperationException("No front-end is running.");

    public async Task InitializeAsync()
    {
        _database = await ClusterDatabase.CreateAsync(_options.PostgresServer);
        for (var i = 0; i < _options.Silos; i++)
        {
            Launch(HostRole.Silo);
        }

        for (var i = 0; i < _options.FrontEnds; i++)
        {
            Launch(HostRole.FrontEnd);
        }

        await Task.WhenAll(_silos.Concat(_frontEnds).Select(p => p.WaitUntilReadyAsync(_options.StartTimeout)));
        await WaitForBalanceAsync(_options.StartTimeout);
    }

    /// <summary>Starts one more silo and waits until it is ready (it owns its fair share).</summary>
    public async Task<HostProcess> AddSiloAsync()
    {
        var silo = Launch(HostRole.Silo);
        await silo.WaitUntilReadyAsync(_options.StartTimeout);
        return silo;
    }

    /// <summary>Starts one more front-end and waits until it is ready.</summary>
    public async Task<HostProcess> AddFrontEndAsync()
    {
        var frontEnd = Launch(HostRole.FrontEnd);
        await frontEnd.WaitUntilReadyAsync(_options.StartTimeout);
        return frontEnd;
    }

    /// <summary>kill -9 of silo <paramref name="index"/>.</summary>
    public HostProcess KillSilo(int index)
    {
        var silo = _silos[index];
        silo.Kill();
        return silo;
    }

    /// <summary>SIGTERM to silo <paramref name="index"/>; waits for it to hand over and exit.</summary>
    public async Task StopSiloAsync(int index) => await _silos[index].StopAsync(TimeSpan.FromSeconds(30));

    /// <summary>SIGTERM to front-end <paramref name="index"/>; waits for it to exit.</summary>
    public async Task StopFrontEndAsync(int index) => await _frontEnds[index].StopAsync(TimeSpan.FromSeconds(45));

    public ClusterApi ApiOf(HostProcess frontEnd)
    {
        lock (_apis)
        {
            if (!_apis.TryGetValue(frontEnd, out var api))
            {
                api = new ClusterApi(frontEnd);
                _apis[frontEnd] = api;
            }

            return api;
        }
    }

    /// <summary>
    /// Waits until every partition has a live owner among the running silos and each owns ⌊P/n⌋ or ⌈P/n⌉ of them;
    /// returns the view and how long that took.
    /// </summary>
    public async Task<(ClusterSnapshot View, TimeSpan Elapsed)> WaitForBalanceAsync(TimeSpan timeout)
    {
        var live = LiveSilos.Select(s => s.BaseAddress).ToHashSet();
        var floor = _options.Partitions / Math.Max(1, live.Count);
        var ceiling = floor + (_options.Partitions % Math.Max(1, live.Count) == 0 ? 0 : 1);
        return await Poll.UntilAsync(
            Api.GetClusterAsync,
            view =>
            {
                var owners = view.Silos.Where(s => live.Contains(new Uri(s.Address))).ToDictionary(s => s.Id);
                return owners.Count == live.Count
                    && view.Partitions.All(p => p.Owner is { } owner && owners.ContainsKey(owner))
                    && owners.Values.All(s => s.PartitionsOwned >= floor && s.PartitionsOwned <= ceiling);
            },
            timeout,
            $"all {_options.Partitions} partitions owned by the {live.Count} running silos, {floor}-{ceiling} each",
            view => view.Describe());
    }

    /// <summary>The state of every process and the end of each live one's log, for failure messages.</summary>
    public string Describe(int linesPerProcess = 25) =>
        string.Join('\n', _silos.Concat(_frontEnds).Select(p => $"{p}: {(p.HasExited ? "exited" : "running")}\n{p.LogTail(linesPerProcess)}"));

    public async Task DisposeAsync()
    {
        foreach (var api in _apis.Values)
        {
            api.Dispose();
        }

        await Task.WhenAll(_silos.Concat(_frontEnds).Select(p => p.DisposeAsync().AsTask()));
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private HostProcess Launch(HostRole role)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Postgres"] = Database.ProcessConnectionString,
            ["Storage:Provider"] = "Postgres",
            ["Cluster:Secret"] = _secret,
            ["Cluster:Partitions"] = _options.Partitions.ToString(CultureInfo.InvariantCulture),
            ["Cluster:LeaseDuration"] = _options.LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatInterval"] = _options.HeartbeatInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster:RetryBudget"] = _options.RetryBudget.ToString("c", CultureInfo.InvariantCulture),
            ["Ocpp:CallTimeoutSeconds"] = _options.CallTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Ocpp:Admission"] = "open",

            // Four lines per internal call would drown the failure messages' log tails.
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        };
        var list = role == HostRole.Silo ? _silos : _frontEnds;
        var process = HostProcess.Start($"{(role == HostRole.Silo ? "silo" : "front-end")} {list.Count}", role, settings, Database.Name);
        list.Add(process);
        return process;
    }
}
