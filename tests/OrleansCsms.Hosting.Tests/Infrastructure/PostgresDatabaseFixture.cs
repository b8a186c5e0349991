using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using OrleansCsms.Hosting.Clustering;

namespace OrleansCsms.Hosting.Tests;

/// <summary>
/// A database of its own on the local PostgreSQL (CSMS_TEST_POSTGRES, default csms/csms on 127.0.0.1:5432), created
/// for one test collection and dropped after it, so no run depends on another's data. Tests share it through fresh
/// cluster and service ids.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public static string AdminConnectionString => TestDatabase.ServerConnectionString;

    private TestDatabase? _fresh;
    private ClusteringDatabase? _database;

    /// <summary>The connection string of the fresh database; a small pool keeps parallel collections under max_connections.</summary>
    public string ConnectionString
    {
        get
        {
            var fresh = _fresh ?? throw new InvalidOperationException("The fixture has not been initialised.");
            return new NpgsqlConnectionStringBuilder(fresh.ConnectionString) { MaxPoolSize = 8 }.ConnectionString;
        }
    }

    /// <summary>The pool the tables under test share, as one process would.</summary>
    internal ClusteringDatabase Database => _database ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task InitializeAsync()
    {
        _fresh = await TestDatabase.CreateAsync();
        _database = Open(ConnectionString, NullLogger<ClusteringDatabase>.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_fresh is not null)
        {
            await _fresh.DisposeAsync();
        }
    }

    /// <summary>A membership table of a cluster id no other test uses, initialised with its version row.</summary>
    internal async Task<PostgresMembershipTable> NewMembershipTableAsync(string? clusterId = null)
    {
        var table = MembershipTable(clusterId ?? NewId("cluster"));
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, Deadline.Token());
        return table;
    }

    internal PostgresMembershipTable MembershipTable(string clusterId) =>
        new(Database, Options.Create(new ClusterOptions { ClusterId = clusterId }), NullLogger<PostgresMembershipTable>.Instance);

    internal PostgresGatewayListProvider GatewayList(string clusterId) =>
        new(Database, Options.Create(new ClusterOptions { ClusterId = clusterId }), Options.Create(new PostgresClusteringOptions()));

    /// <summary>A reminder table of a service id no other test uses, its schema ensured.</summary>
    internal async Task<PostgresReminderTable> NewReminderTableAsync(string? serviceId = null)
    {
        var table = new PostgresReminderTable(Database, Options.Create(new ClusterOptions { ServiceId = serviceId ?? NewId("service") }));
        await table.StartAsync(Deadline.Token());
        return table;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A pool of its own on <paramref name="connectionString"/>, retrying quickly so that waits stay short in tests.</summary>
    internal static ClusteringDatabase Open(string connectionString, ILogger<ClusteringDatabase> logger, TimeSpan? maxWait = null) =>
        new(
            Options.Create(new PostgresClusteringOptions
            {
                ConnectionString = connectionString,
                RetryInterval = TimeSpan.FromMilliseconds(100),
                MaxDatabaseWait = maxWait,
            }),
            TimeProvider.System,
            logger);

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
