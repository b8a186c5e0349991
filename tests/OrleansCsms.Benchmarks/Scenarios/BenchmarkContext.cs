using System.Diagnostics;
using System.Globalization;

namespace OrleansCsms.Benchmarks;

/// <summary>What every scenario shares: the profile, where results and logs go, the machine, and the console.</summary>
public sealed class BenchmarkContext(BenchmarkProfile profile, ResultWriter results, MachineInfo machine, string postgresServer, TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _outputLock = new();

    public BenchmarkProfile Profile { get; } = profile;

    public ResultWriter Results { get; } = results;

    public MachineInfo Machine { get; } = machine;

    /// <summary>Connection string of a PostgreSQL server whose role may create databases.</summary>
    public string PostgresServer { get; } = postgresServer;

    public TextWriter Output { get; } = output;

    /// <summary>
    /// Connections the host may open to PostgreSQL. Npgsql's default of 100 is all a default server has
    /// (max_connections 100, 3 reserved), so one busy host would lock everyone else out and fail its own writes.
    /// </summary>
    public const int HostPoolSize = 40;

    /// <summary>Prints a timestamped progress line.</summary>
    public void Say(string text)
    {
        lock (_outputLock)
        {
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed:mm\\:ss}] {text}"));
        }
    }

    /// <summary>Starts a host on the embedded SQLite store, in a scratch directory removed when the host is disposed.</summary>
    public async Task<ScratchHost> StartSqliteHostAsync(string scenario, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("csms-bench-");
        var storage = HostStorage.Sqlite(Path.Combine(scratch.FullName, "csms.db"));
        var host = await StartHostAsync(scenario, storage, settings, cancellationToken);
        return new ScratchHost(host, () =>
        {
            scratch.Delete(recursive: true);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Starts a host on a fresh PostgreSQL database, dropped when the host is disposed.</summary>
    public async Task<ScratchHost> StartPostgresHostAsync(string scenario, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var database = await BenchmarkDatabase.CreateAsync(PostgresServer, HostPoolSize, cancellationToken);
        try
        {
            var host = await StartHostAsync(scenario, HostStorage.Postgres(database), settings, cancellationToken);
            return new ScratchHost(host, database.DisposeAsync);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private async Task<CsmsHostProcess> StartHostAsync(string scenario, HostStorage storage, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Results.Directory);
        var log = Path.Combine(Results.Directory, $"{scenario}-host.log");
        Say($"Starting the host ({storage.Description}), log in {log}");
        var host = await CsmsHostProcess.StartAsync(storage, settings ?? new Dictionary<string, string>(), log, cancellationToken);
        Say($"Host ready at {host.BaseAddress} (pid {host.ProcessId})");
        return host;
    }
}

/// <summary>A host and what it leaves behind (a scratch directory or a database), removed together.</summary>
public sealed class ScratchHost(CsmsHostProcess host, Func<ValueTask> cleanUp) : IAsyncDisposable
{
    public CsmsHostProcess Host { get; } = host;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await cleanUp();
    }
}
