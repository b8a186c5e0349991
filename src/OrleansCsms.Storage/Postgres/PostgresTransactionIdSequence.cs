using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>Transaction ids from the transaction_ids sequence, shared by every process of the cluster.</summary>
internal sealed class PostgresTransactionIdSequence(PostgresDatabase database) : ITransactionIdSequence
{
    public async Task<int> NextAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT nextval('transaction_ids')::integer", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
