using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansCsms.Hosting.Clustering;

/// <summary>Where and how silos and clients keep Orleans membership, gateways and reminders in PostgreSQL.</summary>
/// <remarks>
/// Clustering and reminders of one process share these options and one connection pool, so configuring
/// them twice means the last value set wins.
/// </remarks>
public sealed class PostgresClusteringOptions
{
    /// <summary>The Npgsql connection string of the database holding the tables; required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The most connections the pool opens; membership, gateways and reminders need few.</summary>
    public int MaxPoolSize { get; set; } = 8;

    /// <summary>How long to wait between attempts while PostgreSQL cannot be reached at start.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to keep waiting for PostgreSQL at start before failing; <see langword="null"/> waits until the start is cancelled.</summary>
    public TimeSpan? MaxDatabaseWait { get; set; }

    /// <summary>How old the gateway list a client holds may become before it asks the table again.</summary>
    public TimeSpan GatewayListMaxStaleness { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Refuses options that would only fail later, at the first query.</summary>
internal sealed class PostgresClusteringOptionsValidator : IValidateOptions<PostgresClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresClusteringOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("PostgresClusteringOptions.ConnectionString is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"PostgresClusteringOptions.ConnectionString is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        if (options.MaxPoolSize < 1)
        {
            failures.Add("PostgresClusteringOptions.MaxPoolSize must be at least 1.");
        }

        if (options.RetryInterval <= TimeSpan.Zero)
        {
            failures.Add("PostgresClusteringOptions.RetryInterval must be positive.");
        }

        if (options.MaxDatabaseWait is { } wait && wait < TimeSpan.Zero)
        {
            failures.Add("PostgresClusteringOptions.MaxDatabaseWait must not be negative.");
        }

        if (options.GatewayListMaxStaleness <= TimeSpan.Zero)
        {
            failures.Add("PostgresClusteringOptions.GatewayListMaxStaleness must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
