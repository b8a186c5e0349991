using Npgsql;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Connections that are only handed out once the schema is in place.</summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource, SchemaGate schema)
{
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PostgreSQL text cannot hold U+0000; one such character from a charge point must not fail a whole batch.</summary>
    public static string? Clean(string? text) =>
        text is null || !text.Contains('\0', StringComparison.Ordinal) ? text : text.Replace('\0', '\uFFFD');
}
