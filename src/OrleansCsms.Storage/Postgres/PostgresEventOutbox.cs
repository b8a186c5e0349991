using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>
/// The event outbox on PostgreSQL. Events are inserted in the transaction of the change that raised them, under a
/// transaction-scoped advisory lock: positions come from an identity column, and without the lock a transaction that
/// took position 7 could commit after one that took 8, so a reader resuming after 8 would never see 7. Under the lock
/// the events of one transaction are numbered and committed before the next transaction numbers its own, so the
/// positions a reader sees only ever grow. The same lock makes the per-charge-point sequence (event_sequences) gapless.
/// </summary>
internal sealed class PostgresEventOutbox : IEventOutbox, IAsyncDisposable
{
    // Any fixed number serves; it only has to be the same in every process.
    private const long InsertLock = 0x0C5_E7E47;

    private const int MaxBatch = 1_000;

    private const string LockSql = "SELECT pg_advisory_xact_lock(@lock)";

    private const string InsertSql = """
        WITH new AS (
            SELECT * FROM unnest(@charge_points, @types, @times, @bodies) WITH ORDINALITY AS e(charge_point_id, type, occurred_at, body, ord)
        ),
        counts AS (
            SELECT charge_point_id, count(*) AS n FROM new GROUP BY charge_point_id
        ),
        heads AS (
            INSERT INTO event_sequences AS s (charge_point_id, last_sequence) SELECT charge_point_id, n FROM counts
            ON CONFLICT (charge_point_id) DO UPDATE SET last_sequence = s.last_sequence + excluded.last_sequence
            RETURNING s.charge_point_id, s.last_sequence
        )
        INSERT INTO events (charge_point_id, sequence, type, occurred_at, body)
        SELECT new.charge_point_id,
               heads.last_sequence - counts.n + row_number() OVER (PARTITION BY new.charge_point_id ORDER BY new.ord),
               new.type, new.occurred_at, new.body::jsonb
        FROM new JOIN counts USING (charge_point_id) JOIN heads USING (charge_point_id)
        ORDER BY new.ord
        """;

    private const string ReadSql = """
        SELECT position, charge_point_id, sequence, type, occurred_at, body::text FROM events
        WHERE position > @after AND (@charge_point_id::text IS NULL OR charge_point_id = @charge_point_id)
            AND (@types::text[] IS NULL OR type = ANY(@types))
        ORDER BY position LIMIT @limit
        """;

    private const string LastPositionSql = "SELECT coalesce(max(position), 0) FROM events";

    // The oldest rows first; SKIP LOCKED lets processes pruning at once take different rows.
    private const string PruneSql = """
        DELETE FROM events WHERE position IN (
            SELECT position FROM events
            WHERE (@cutoff::timestamptz IS NOT NULL AND recorded_at < @cutoff)
               OR (@keep::bigint IS NOT NULL AND position <= (SELECT max(position) FROM events) - @keep)
            ORDER BY position LIMIT @limit FOR UPDATE SKIP LOCKED)
        """;

    private readonly PostgresDatabase _database;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresEventOutbox(PostgresDatabase database)
    {
        _database = database;
        _writer = Task.Run(WriteBatchesAsync);
    }

    /// <summary>Inserts events in the caller's transaction, which must commit soon: it holds the outbox's insert lock until it ends.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand(LockSql);
        lockCommand.Parameters.AddWithValue("lock", InsertLock);
        batch.BatchCommands.Add(lockCommand);
        var insert = new NpgsqlBatchCommand(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter("charge_points", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => PostgresDatabase.Clean(e.ChargePointId)!).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => e.Type).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = events.Select(e => e.Time.UtcDateTime).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => PostgresDatabase.Clean(e.Body)!).ToArray() });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends go out in groups: those that arrive while one group commits share the next commit.</summary>
    public Task AppendAsync(IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var pending = new PendingAppend(events);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgresEventOutbox), "The event outbox is shutting down.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ReadSql, connection);
        command.Parameters.AddWithValue("after", query.After);
        command.Parameters.Add(new NpgsqlParameter("charge_point_id", NpgsqlDbType.Text) { Value = (object?)query.ChargePointId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = query.Types is { Count: > 0 } types ? types.ToArray() : DBNull.Value });
        command.Parameters.AddWithValue("limit", query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero), reader.GetString(5)));
        }

        return events;
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(LastPositionSql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<int> PruneAsync(DateTimeOffset? cutoff, long? keep, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PruneSql, connection);
        command.Parameters.Add(new NpgsqlParameter("cutoff", NpgsqlDbType.TimestampTz) { Value = cutoff is { } at ? at.UtcDateTime : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("keep", NpgsqlDbType.Bigint) { Value = (object?)keep ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingAppend>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var count = 0;
            while (count < MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
                count += next.Events.Count;
            }

            try
            {
                await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await InsertAsync(connection, transaction, [.. batch.SelectMany(p => p.Events)], CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                batch.ForEach(p => p.Completion.TrySetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(p => p.Completion.TrySetException(ex));
            }
        }
    }

    private sealed class PendingAppend(IReadOnlyList<RaisedEvent> events)
    {
        public IReadOnlyList<RaisedEvent> Events { get; } = events;

        // Continuations must not run on the writer loop, or one slow caller would delay the next batch.
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
