using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>
/// Transaction ids from the durable counter in the counters table. Ids are reserved in blocks, so a burst of
/// StartTransactions costs one synced commit per block rather than per id; a block is committed before any id
/// from it is handed out, so a crash can skip ids (as a PostgreSQL sequence can) but never repeat one.
/// </summary>
internal sealed class SqliteTransactionIdSequence(SqliteDatabase database) : ITransactionIdSequence
{
    private const int BlockSize = 100;

    private const string ReserveSql = """
        UPDATE counters SET value = value + $block WHERE name = 'transaction_ids';
        SELECT value FROM counters WHERE name = 'transaction_ids';
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _next;
    private long _end;

    public async Task<int> NextAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_next >= _end)
            {
                var last = await database.WriteAsync(
                    (connection, transaction) =>
                    {
                        using var command = SqliteDatabase.Command(connection, transaction, ReserveSql);
                        command.Parameters.AddWithValue("$block", BlockSize);
                        return (long)command.ExecuteScalar()!;
                    },
                    cancellationToken).ConfigureAwait(false);
                _next = last - BlockSize + 1;
                _end = Math.Min(last, int.MaxValue) + 1L;
            }

            if (_next > int.MaxValue)
            {
                throw new InvalidOperationException("The transaction id counter has run past the int32 range OCPP 1.6 allows.");
            }

            return (int)_next++;
        }
        finally
        {
            _gate.Release();
        }
    }
}
