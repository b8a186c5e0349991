using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Connections that are only handed out once the schema is in place.</summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource, SchemaGate schema)
{
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PostgreSQL text cannot hold U+0000 nor Npgsql encode an unpaired surrogate; one such character must not fail a
    /// whole batch, so both become U+FFFD, by the rule every store follows.
    /// </summary>
    public static string? Clean(string? text) => text is null ? null : StorableText.Clean(text);
}
