using System.Text.Json;
using Microsoft.Data.Sqlite;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Sqlite;

/// <summary>Read-side queries over grain_state with json_extract; JSON booleans come back as 1 and 0.</summary>
internal sealed partial class SqliteCsmsQueries(SqliteDatabase database) : ICsmsQueries
{
    // More than any limit an operator would set on one tag; a tag past it is in more transactions than it may be anyway.
    private const int ActiveTransactionsRead = 10_000;

    private const string ResetPresenceSql = $"""
        UPDATE grain_state
        SET state = json_set(json_remove(state, '$.session'), '$.connected', json('false')), version = version + 1, updated_at = $now
        WHERE grain_type = '{GrainTypes.ChargePoint}' AND state IS NOT NULL
          AND (coalesce(json_extract(state, '$.connected'), 0) = 1 OR json_extract(state, '$.session') IS NOT NULL)
        """;

    public Task<Page<ChargePointState>> ListChargePointsAsync(ChargePointQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter($"grain_type = '{GrainTypes.ChargePoint}' AND state IS NOT NULL AND json_extract(state, '$.registered') = 1");
        if (query.Status is not null)
        {
            filter.Add("lower(json_extract(state, '$.status')) = lower($status)", "$status", query.Status);
        }

        if (query.Connected is { } connected)
        {
            filter.Add("coalesce(json_extract(state, '$.connected'), 0) = $connected", "$connected", connected ? 1 : 0);
        }

        if (query.SearchPattern is { } search)
        {
            // LIKE in SQLite ignores the case of ASCII letters only; lower() on both sides covers the rest the same way.
            filter.Add(@"(lower(json_extract(state, '$.id')) LIKE lower($search) ESCAPE '\' OR lower(coalesce(json_extract(state, '$.description'), '')) LIKE lower($search) ESCAPE '\')", "$search", search);
        }

        return ReadPageAsync<ChargePointState>(filter, "grain_key", Paging.Of(query.Page, query.PageSize), cancellationToken);
    }

    public Task<Page<TransactionState>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter($"grain_type = '{GrainTypes.Transaction}' AND state IS NOT NULL");
        if (query.ChargePointId is not null)
        {
            filter.Add("json_extract(state, '$.chargePointId') = $charge_point_id", "$charge_point_id", query.ChargePointId);
        }

        if (query.IdTag is not null)
        {
            filter.Add("json_extract(state, '$.idTag') = $id_tag", "$id_tag", query.IdTag);
        }

        // julianday() reads the ISO 8601 text System.Text.Json writes, offset included, as an instant.
        if (query.From is { } from)
        {
            filter.Add("julianday(json_extract(state, '$.startTimestamp')) >= julianday($from)", "$from", SqliteDatabase.FormatTimestamp(from));
        }

        if (query.To is { } to)
        {
            filter.Add("julianday(json_extract(state, '$.startTimestamp')) < julianday($to)", "$to", SqliteDatabase.FormatTimestamp(to));
        }

        if (query.Active is { } active)
        {
            filter.Add("coalesce(json_extract(state, '$.active'), 0) = $active", "$active", active ? 1 : 0);
        }

        if (query.BeforeTransactionId is { } before)
        {
            filter.Add("json_extract(state, '$.transactionId') < $before_id", "$before_id", before);
        }

        return ReadPageAsync<TransactionState>(filter, "json_extract(state, '$.transactionId') DESC, grain_key DESC", Paging.Of(query.Page, query.PageSize), cancellationToken, withTotal: query.CountTotal);
    }

    public async Task<IReadOnlyList<TransactionState>> ListActiveTransactionsAsync(string idTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idTag);
        var filter = new Filter($"grain_type = '{GrainTypes.Transaction}' AND state IS NOT NULL AND json_extract(state, '$.active') = 1");
        filter.Add("json_extract(state, '$.idTag') = $id_tag", "$id_tag", idTag);
        filter.Add("json_extract(state, '$.startIdTagStatus') = $accepted", "$accepted", "Accepted");
        var page = await ReadPageAsync<TransactionState>(filter, "json_extract(state, '$.transactionId')", Paging.Of(1, ActiveTransactionsRead), cancellationToken, withTotal: false).ConfigureAwait(false);
        return page.Items;
    }

    public Task<Page<ReservationState>> ListReservationsAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chargePointId);
        var filter = new Filter($"grain_type = '{GrainTypes.Reservation}' AND state IS NOT NULL");
        filter.Add("json_extract(state, '$.chargePointId') = $charge_point_id", "$charge_point_id", chargePointId);
        return ReadPageAsync<ReservationState>(filter, "json_extract(state, '$.reservationId') DESC", Paging.Of(page, pageSize), cancellationToken);
    }

    public Task<Page<MaintenanceJobState>> ListMaintenanceJobsAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chargePointId);
        var filter = new Filter($"grain_type = '{GrainTypes.MaintenanceJob}' AND state IS NOT NULL");
        filter.Add("json_extract(state, '$.chargePointId') = $charge_point_id", "$charge_point_id", chargePointId);
        return ReadPageAsync<MaintenanceJobState>(filter, "json_extract(state, '$.jobId') DESC", Paging.Of(page, pageSize), cancellationToken);
    }

    public Task<Page<IdTagState>> ListIdTagsAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        ReadPageAsync<IdTagState>(new Filter($"grain_type = '{GrainTypes.IdTag}' AND state IS NOT NULL"), "grain_key", Paging.Of(page, pageSize), cancellationToken);

    public Task<TransactionTotals> SumTransactionsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(
                    connection,
                    transaction,
                    $"""
                    SELECT count(*), coalesce(sum(coalesce(json_extract(state, '$.active'), 0)), 0), coalesce(sum(json_extract(state, '$.energyWh')), 0)
                    FROM grain_state WHERE grain_type = '{GrainTypes.Transaction}' AND state IS NOT NULL
                    """);
                using var reader = command.ExecuteReader();
                reader.Read();
                return new TransactionTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            },
            cancellationToken);

    public Task ResetPresenceAsync(string? frontEndId, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) =>
            {
                using var command = SqliteDatabase.Command(connection, transaction, ResetPresenceSql);
                command.Parameters.AddWithValue("$now", SqliteDatabase.Now());
                if (frontEndId is not null)
                {
                    command.CommandText += " AND json_extract(state, '$.session.frontEndId') = $front_end_id";
                    command.Parameters.AddWithValue("$front_end_id", frontEndId);
                }

                return command.ExecuteNonQuery();
            },
            cancellationToken);

    /// <summary>One page of matches; without <paramref name="withTotal"/> the total is not counted, and is the page's own count.</summary>
    private Task<Page<T>> ReadPageAsync<T>(Filter filter, string orderBy, Paging paging, CancellationToken cancellationToken, bool withTotal = true) =>
        database.ReadAsync(
            (connection, transaction) =>
            {
                long? total = null;
                if (withTotal)
                {
                    using var count = SqliteDatabase.Command(connection, transaction, $"SELECT count(*) FROM grain_state WHERE {filter.Sql}");
                    filter.Bind(count);
                    total = (long)count.ExecuteScalar()!;
                }

                using var select = SqliteDatabase.Command(
                    connection,
                    transaction,
                    $"SELECT state FROM grain_state WHERE {filter.Sql} ORDER BY {orderBy} LIMIT $limit OFFSET $offset");
                filter.Bind(select);
                select.Parameters.AddWithValue("$limit", paging.PageSize);
                select.Parameters.AddWithValue("$offset", paging.Offset);
                using var reader = select.ExecuteReader();
                var items = new List<T>();
                while (reader.Read())
                {
                    items.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), GrainJson.Options)!);
                }

                return new Page<T>(items, total ?? items.Count, paging.Page, paging.PageSize);
            },
            cancellationToken);

    /// <summary>A WHERE clause built from fixed SQL fragments; values only ever travel as parameters.</summary>
    private sealed class Filter(string baseCondition)
    {
        private readonly List<(string Name, object Value)> _parameters = [];

        public string Sql { get; private set; } = baseCondition;

        public void Add(string condition, string name, object value)
        {
            Sql += " AND " + condition;
            _parameters.Add((name, value));
        }

        public void Bind(SqliteCommand command)
        {
            foreach (var (name, value) in _parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }
}
