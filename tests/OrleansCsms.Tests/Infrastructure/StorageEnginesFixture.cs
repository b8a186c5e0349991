using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Tests.Infrastructure;

/// <summary>
/// The embedded host once on each storage engine, PostgreSQL and the embedded SQLite store, shared by a test
/// collection, so one test states a behaviour both engines must have; warnings both log go to <see cref="Log"/>.
/// </summary>
public sealed class StorageEnginesFixture : IAsyncLifetime
{
    public const string Postgres = "PostgreSQL";
    public const string Sqlite = "SQLite";

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("csms-engines-");
    private CsmsHost? _postgres;
    private CsmsHost? _sqlite;

    /// <summary>The engines, as theory data.</summary>
    public static TheoryData<string> Engines => [Postgres, Sqlite];

    /// <summary>Warnings and errors of both hosts.</summary>
    public LogRecorder Log { get; } = new();

    /// <summary>The host storing its data on <paramref name="engine"/>.</summary>
    public CsmsHost On(string engine) => engine switch
    {
        Postgres => _postgres,
        Sqlite => _sqlite,
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Not a storage engine."),
    } ?? throw new InvalidOperationException($"The {engine} host has not started.");

    public async Task InitializeAsync()
    {
        _postgres = await CsmsHost.StartAsync(services: Record);
        _sqlite = await CsmsHost.StartAsync(sqlitePath: Path.Combine(_scratch.FullName, "csms.db"), services: Record);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _postgres, _sqlite })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        _scratch.Delete(recursive: true);
    }

    private void Record(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
}

/// <summary>Tests that run against both storage engines.</summary>
[CollectionDefinition(Name)]
public sealed class StorageEnginesCollection : ICollectionFixture<StorageEnginesFixture>
{
    public const string Name = "Both storage engines";
}
