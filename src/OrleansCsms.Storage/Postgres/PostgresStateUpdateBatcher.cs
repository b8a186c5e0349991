using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>
/// Group commit for grain state updates: updates that arrive while a batch is being written go out together as
/// the next one, in one statement and one commit, so thousands of grains writing at once cost one round trip
/// and one WAL flush per batch instead of one each. Every update keeps its own version check: the statement
/// reports which rows it changed, and each caller learns its own new version or its own conflict. The events the
/// updates raised are inserted into the outbox in the same transaction, those of the updates that won only.
/// </summary>
internal sealed class PostgresStateUpdateBatcher : IAsyncDisposable
{
    private const int MaxBatch = 500;

    private const string BatchSql = """
        UPDATE grain_state AS g SET version = g.version + 1, state = u.state, updated_at = now()
        FROM unnest(@types, @keys, @versions, @states) WITH ORDINALITY AS u(grain_type, grain_key, version, state, ord)
        WHERE g.grain_type = u.grain_type AND g.grain_key = u.grain_key AND g.version = u.version AND g.state IS NOT NULL
        RETURNING u.ord, g.version
        """;

    private readonly PostgresDatabase _database;
    private readonly Channel<PendingUpdate> _queue = Channel.CreateUnbounded<PendingUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresStateUpdateBatcher(PostgresDatabase database)
    {
        _database = database;
        _writer = Task.Run(WriteBatchesAsync);
    }

    /// <summary>Updates the state when its version is <paramref name="expected"/>; returns the new version, or null on a conflict.</summary>
    public Task<long?> UpdateAsync(GrainStateKey grain, string json, long expected, IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken)
    {
        var pending = new PendingUpdate(grain, json, expected, events);
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
            var raisesEvents = batch.Exists(p => p.Events.Count > 0);
            await using var transaction = raisesEvents ? await connection.BeginTransactionAsync().ConfigureAwait(false) : null;
            await using var command = new NpgsqlCommand(BatchSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(p => p.Grain.Type).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(p => p.Grain.Key).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = batch.Select(p => p.Expected).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("states", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = batch.Select(p => p.Json).ToArray() });

            // By position in the batch: of two updates of one grain (two activations racing) the row changes once,
            // and only the one that changed it learns its version and has its events stored.
            var written = new Dictionary<long, long>(batch.Count);
            await using (var rows = await command.ExecuteReaderAsync().ConfigureAwait(false))
            {
                while (await rows.ReadAsync().ConfigureAwait(false))
                {
                    written[rows.GetInt64(0)] = rows.GetInt64(1);
                }
            }

            if (transaction is not null)
            {
                List<RaisedEvent> events = [.. batch.Where((_, i) => written.ContainsKey(i + 1)).SelectMany(p => p.Events)];
                await PostgresEventOutbox.InsertAsync(connection, transaction, events, CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(written.TryGetValue(i + 1, out var version) ? version : null);
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

    private sealed class PendingUpdate(GrainStateKey grain, string json, long expected, IReadOnlyList<RaisedEvent> events)
    {
        public GrainStateKey Grain { get; } = grain;

        public string Json { get; } = json;

        public long Expected { get; } = expected;

        public IReadOnlyList<RaisedEvent> Events { get; } = events;

        // Continuations must not run on the writer loop, or one slow caller would delay the next batch.
        public TaskCompletionSource<long?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
