using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace OrleansCsms.Storage.Postgres;

/// <summary>
/// Group commit for grain state writes: writes that arrive while a batch is being written go out together as the
/// next one, one statement for the first writes of new grains and one for updates, in one transaction, so thousands
/// of grains writing at once cost a round trip or two and one WAL flush per batch instead of one each. Every write
/// keeps its own version check: the statements report which rows they changed, and each caller learns its own new
/// version or its own conflict.
/// </summary>
internal sealed class PostgresStateUpdateBatcher : IAsyncDisposable
{
    private const int MaxBatch = 500;

    private const string BatchSql = """
        UPDATE grain_state AS g SET version = g.version + 1, state = u.state, updated_at = now()
        FROM unnest(@types, @keys, @versions, @states) AS u(grain_type, grain_key, version, state)
        WHERE g.grain_type = u.grain_type AND g.grain_key = u.grain_key AND g.version = u.version AND g.state IS NOT NULL
        RETURNING g.grain_type, g.grain_key, g.version
        """;

    // Inserting also revives a tombstone, and only a tombstone: a live row means someone else wrote first.
    private const string InsertBatchSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, state)
        SELECT u.grain_type, u.grain_key, 1, u.state FROM unnest(@types, @keys, @states) AS u(grain_type, grain_key, state)
        ON CONFLICT (grain_type, grain_key) DO UPDATE
            SET version = grain_state.version + 1, state = excluded.state, updated_at = now()
            WHERE grain_state.state IS NULL
        RETURNING grain_type, grain_key, version
        """;

    private readonly PostgresDatabase _database;
    private readonly Channel<PendingUpdate> _queue = Channel.CreateUnbounded<PendingUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresStateUpdateBatcher(PostgresDatabase database)
    {
        _database = database;
        _writer = Task.Run(WriteBatchesAsync);
    }

    /// <summary>
    /// Writes the state when its version is <paramref name="expected"/>, or when no live state exists if it is null
    /// (the grain's first write, or one after a clear); returns the new version, or null on a conflict.
    /// </summary>
    public Task<long?> UpdateAsync(GrainStateKey grain, string json, long? expected, CancellationToken cancellationToken)
    {
        var pending = new PendingUpdate(grain, json, expected);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresStateUpdateBatcher), "Grain state storage is shutting down.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingUpdate>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<PendingUpdate> batch)
    {
        try
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            var written = new Dictionary<GrainStateKey, long>(batch.Count);

            // One statement may insert a key once: a second first write of the same grain in the batch (two activations
            // racing) is left out and loses, as it would against the row the first one creates.
            var inserts = batch.Where(p => p.Expected is null).DistinctBy(p => p.Grain).ToList();
            if (inserts.Count > 0)
            {
                await using var insert = new NpgsqlCommand(InsertBatchSql, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = inserts.Select(p => p.Grain.Type).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = inserts.Select(p => p.Grain.Key).ToArray() });
                insert.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = inserts.Select(p => p.Json).ToArray() });
                await ReadWrittenAsync(insert, written).ConfigureAwait(false);
            }

            var updates = batch.Where(p => p.Expected is not null).ToList();
            if (updates.Count > 0)
            {
                await using var update = new NpgsqlCommand(BatchSql, connection, transaction);
                update.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = updates.Select(p => p.Grain.Type).ToArray() });
                update.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = updates.Select(p => p.Grain.Key).ToArray() });
                update.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = updates.Select(p => p.Expected!.Value).ToArray() });
                update.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = updates.Select(p => p.Json).ToArray() });
                await ReadWrittenAsync(update, written).ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            foreach (var pending in batch)
            {
                // Two writes of one grain in a batch (two activations racing) change the row once: only one wins.
                pending.Completion.TrySetResult(written.Remove(pending.Grain, out var version) ? version : null);
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private static async Task ReadWrittenAsync(NpgsqlCommand command, Dictionary<GrainStateKey, long> written)
    {
        await using var rows = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await rows.ReadAsync().ConfigureAwait(false))
        {
            written[new GrainStateKey(rows.GetString(0), rows.GetString(1))] = rows.GetInt64(2);
        }
    }

    private sealed class PendingUpdate(GrainStateKey grain, string json, long? expected)
    {
        public GrainStateKey Grain { get; } = grain;

        public string Json { get; } = json;

        public long? Expected { get; } = expected;

        // Continuations must not run on the writer loop, or one slow caller would delay the next batch.
        public TaskCompletionSource<long?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
