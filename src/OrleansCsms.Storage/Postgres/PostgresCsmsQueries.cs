using System.Text.Json;
using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Postgres;

/// <summary>
/// Read-side queries over grain_state. Each filter repeats, character for character, the expression of a
/// partial index in the migrations, because PostgreSQL only uses an index whose expression it recognises.
/// </summary>
internal sealed partial class PostgresCsmsQueries(PostgresDatabase database) : ICsmsQueries
{
    // More than any limit an operator would set on one tag; a tag past it is in more transactions than it may be anyway.
    private const int ActiveTransactionsRead = 10_000;

    private const string ResetPresenceSql = $$"""
        UPDATE grain_state
        SET state = jsonb_set(state - 'session', '{connected}', 'false'::jsonb), version = version + 1, updated_at = now()
        WHERE grain_type = '{{GrainTypes.ChargePoint}}' AND state IS NOT NULL
          AND (coalesce((state->>'connected')::boolean, false) OR state->'session' IS NOT NULL)
        """;

    public Task<Page<ChargePointState>> ListChargePointsAsync(ChargePointQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter($"grain_type = '{GrainTypes.ChargePoint}' AND (state->>'registered')::boolean");
        if (query.Status is not null)
        {
            filter.Add("lower(state->>'status') = lower(@status)", "status", query.Status);
        }

        if (query.Connected is { } connected)
        {
            filter.Add("coalesce((state->>'connected')::boolean, false) = @connected", "connected", connected);
        }

        if (query.SearchPattern is { } search)
        {
            filter.Add("(state->>'id' ILIKE @search OR coalesce(state->>'description', '') ILIKE @search)", "search", search);
        }

        return ReadPageAsync<ChargePointState>(filter, "grain_key", Paging.Of(query.Page, query.PageSize), cancellationToken);
    }

    public Task<Page<TransactionState>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter($"grain_type = '{GrainTypes.Transaction}' AND state IS NOT NULL");
        if (query.ChargePointId is not null)
        {
            filter.Add("state->>'chargePointId' = @charge_point_id", "charge_point_id", query.ChargePointId);
        }

        if (query.IdTag is not null)
        {
            filter.Add("state->>'idTag' = @id_tag", "id_tag", query.IdTag);
        }

        if (query.From is { } from)
        {
            filter.Add("csms_timestamptz(state->>'startTimestamp') >= @from", "from", from.UtcDateTime);
        }

        if (query.To is { } to)
        {
            filter.Add("csms_timestamptz(state->>'startTimestamp') < @to", "to", to.UtcDateTime);
        }

        if (query.Active is { } active)
        {
            filter.Add("coalesce((state->>'active')::boolean, false) = @active", "active", active);
        }

        if (query.BeforeTransactionId is { } before)
        {
            filter.Add("(state->>'transactionId')::integer < @before_id", "before_id", before);
        }

        return ReadPageAsync<TransactionState>(filter, "(state->>'transactionId')::integer DESC, grain_key DESC", Paging.Of(query.Page, query.PageSize), cancellationToken, withTotal: query.CountTotal);
    }

    public async Task<IReadOnlyList<TransactionState>> ListActiveTransactionsAsync(string idTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idTag);
        var filter = new Filter($"grain_type = '{GrainTypes.Transaction}' AND (state->>'active')::boolean");
        filter.Add("state->>'idTag' = @id_tag", "id_tag", idTag);
        filter.Add("state->>'startIdTagStatus' = @accepted", "accepted", "Accepted");
        var page = await ReadPageAsync<TransactionState>(filter, "(state->>'transactionId')::integer", Paging.Of(1, ActiveTransactionsRead), cancellationToken, withTotal: false).ConfigureAwait(false);
        return page.Items;
    }

    public Task<Page<ReservationState>> ListReservationsAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chargePointId);
        var filter = new Filter($"grain_type = '{GrainTypes.Reservation}' AND state IS NOT NULL");
        filter.Add("state->>'chargePointId' = @charge_point_id", "charge_point_id", chargePointId);
        return ReadPageAsync<ReservationState>(filter, "(state->>'reservationId')::integer DESC", Paging.Of(page, pageSize), cancellationToken);
    }

    public Task<Page<MaintenanceJobState>> ListMaintenanceJobsAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chargePointId);
        var filter = new Filter($"grain_type = '{GrainTypes.MaintenanceJob}' AND state IS NOT NULL");
        filter.Add("state->>'chargePointId' = @charge_point_id", "charge_point_id", chargePointId);
        return ReadPageAsync<MaintenanceJobState>(filter, "(state->>'jobId')::integer DESC", Paging.Of(page, pageSize), cancellationToken);
    }

    public Task<Page<IdTagState>> ListIdTagsAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        ReadPageAsync<IdTagState>(new Filter($"grain_type = '{GrainTypes.IdTag}' AND state IS NOT NULL"), "grain_key", Paging.Of(page, pageSize), cancellationToken);

    public async Task<TransactionTotals> SumTransactionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT count(*), count(*) FILTER (WHERE coalesce((state->>'active')::boolean, false)), coalesce(sum((state->>'energyWh')::bigint), 0)::bigint
            FROM grain_state WHERE grain_type = '{GrainTypes.Transaction}' AND state IS NOT NULL
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new TransactionTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async Task ResetPresenceAsync(string? frontEndId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ResetPresenceSql, connection);
        if (frontEndId is not null)
        {
            command.CommandText += " AND state->'session'->>'frontEndId' = @front_end_id";
            command.Parameters.AddWithValue("front_end_id", frontEndId);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of matches; without <paramref name="withTotal"/> the total is not counted, and is the page's own count.</summary>
    private async Task<Page<T>> ReadPageAsync<T>(Filter filter, string orderBy, Paging paging, CancellationToken cancellationToken, bool withTotal = true)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var count = withTotal ? $"SELECT count(*) FROM grain_state WHERE {filter.Sql};\n" : "";
        await using var command = new NpgsqlCommand(
            $"{count}SELECT state::text FROM grain_state WHERE {filter.Sql} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
            connection);
        command.Parameters.AddRange(filter.Parameters.ToArray());
        command.Parameters.AddWithValue("limit", paging.PageSize);
        command.Parameters.AddWithValue("offset", paging.Offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long? total = null;
        if (withTotal)
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            total = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), GrainJson.Options)!);
        }

        return new Page<T>(items, total ?? items.Count, paging.Page, paging.PageSize);
    }

    /// <summary>A WHERE clause built from fixed SQL fragments; values only ever travel as parameters.</summary>
    private sealed class Filter(string baseCondition)
    {
        public string Sql { get; private set; } = baseCondition;

        public List<NpgsqlParameter> Parameters { get; } = [];

        public void Add<TValue>(string condition, string name, TValue value)
        {
            Sql += " AND " + condition;
            Parameters.Add(new NpgsqlParameter<TValue>(name, value));
        }
    }
}
