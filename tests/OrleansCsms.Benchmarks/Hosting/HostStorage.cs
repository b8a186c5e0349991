namespace OrleansCsms.Benchmarks;

/// <summary>Where the host under test keeps its data.</summary>
public sealed record HostStorage(string Description, IReadOnlyList<string> Arguments)
{
    /// <summary>The embedded default: a SQLite file, here in a scratch directory.</summary>
    public static HostStorage Sqlite(string path) => new($"SQLite ({path})", ["--Storage:SqlitePath", path]);

    public static HostStorage Postgres(BenchmarkDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new HostStorage($"PostgreSQL (database {database.Name})", ["--ConnectionStrings:Postgres", database.ConnectionString]);
    }
}
