using Npgsql;

namespace OrleansCsms.Benchmarks;

/// <summary>A fresh PostgreSQL database for one benchmark scenario, dropped afterwards.</summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private BenchmarkDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Creates the database on the server of <paramref name="serverConnectionString"/> (whose role needs CREATEDB).</summary>
    /// <param name="serverConnectionString">The server to create the database on.</param>
    /// <param name="poolSize">Maximum Pool Size put in <see cref="ConnectionString"/>, for the host under test.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public static async Task<BenchmarkDatabase> CreateAsync(string serverConnectionString, int poolSize, CancellationToken cancellationToken)
    {
        var name = $"csms_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE {name}", cancellationToken);
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = poolSize };

        // A PostgreSQL beside the host, on loopback, as the embedded configuration runs it: without TLS unless the
        // server connection string asks for it (Debian's server offers TLS, which Npgsql then prefers).
        if (!serverConnectionString.Contains("SSL Mode", StringComparison.OrdinalIgnoreCase) && !serverConnectionString.Contains("SslMode", StringComparison.OrdinalIgnoreCase))
        {
            builder.SslMode = SslMode.Disable;
        }

        var connectionString = builder.ConnectionString;
        return new BenchmarkDatabase(serverConnectionString, name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
