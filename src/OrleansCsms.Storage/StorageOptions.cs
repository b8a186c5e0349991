using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Storage;

/// <summary>The storage engine behind grain state, ids, meter values and the message log.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: one process, no external service.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by every process of a cluster.</summary>
    Postgres,
}

/// <summary>Storage settings, bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Name of the connection string (under ConnectionStrings) used by the PostgreSQL engine.</summary>
    public const string PostgresConnectionStringName = "Postgres";

    /// <summary>The engine; when unset, Postgres if ConnectionStrings:Postgres is set, else Sqlite.</summary>
    public StorageProvider? Provider { get; set; }

    /// <summary>The SQLite database file, relative to the working directory unless rooted.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/csms.db";

    /// <summary>
    /// Connections this process may hold to PostgreSQL when the connection string does not say (Maximum Pool Size).
    /// Npgsql's own default (100) equals PostgreSQL's default max_connections, so two processes could exhaust it.
    /// </summary>
    [Range(1, 1000)]
    public int PostgresMaxPoolSize { get; set; } = 30;

    /// <summary>Most meter value rows written in one group commit.</summary>
    [Range(1, 100_000)]
    public int MeterValueBatchSize { get; set; } = 500;

    /// <summary>
    /// Most message log entries written in one batch; a batch takes what is waiting, so this only matters when entries
    /// arrive faster than they are written. Under a flood, fewer larger batches cost the database less per entry
    /// (PostgreSQL's COPY kept up with 29,000 heartbeats a second at 10,000 where it shed 2-3% at 1,000).
    /// </summary>
    [Range(1, 100_000)]
    public int MessageLogBatchSize { get; set; } = 5000;

    /// <summary>Message log entries held in memory before the oldest are dropped.</summary>
    [Range(1, 10_000_000)]
    public int MessageLogQueueCapacity { get; set; } = 100_000;
}
