using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>The transaction messages of a charge point: start, meter values and stop.</summary>
public sealed partial class ChargePointGrain
{
    // Enough to recognise a stop replayed from a charge point's offline queue after a long outage.
    private const int UnmatchedStopsKept = 50;

    private (int Id, ITransactionGrain Grain)? _lastTransaction;

    public async Task<StartTransactionResult> StartTransactionAsync(StartTransactionRequest request)
    {
        if (State.LastStarts.TryGetValue(request.ConnectorId, out var last)
            && last.IdTag == request.IdTag && last.Timestamp == request.Timestamp && last.MeterStart == request.MeterStart)
        {
            // A start resent because its answer was lost. Its transaction may not have been stored if the first attempt
            // failed after recording the id here: storing it again changes nothing when it was.
            await Transaction(last.TransactionId).StartAsync(Key, request, last.IdTagStatus);
            return new StartTransactionResult(last.TransactionId, await IdTagInfoForReplayAsync(last));
        }

        var transactionId = await transactionIds.NextAsync(CancellationToken.None);

        // One transaction per connector: one still open here lost its stop (a charge point does not start a second on a
        // busy connector), so it ends now rather than hold its tag.
        if (State.OpenTransactions.TryGetValue(request.ConnectorId, out var open))
        {
            await Transaction(open).EndAsync(new TransactionEnd(
                TransactionEnders.Csms,
                string.Create(CultureInfo.InvariantCulture, $"Transaction {transactionId} started on connector {request.ConnectorId} while this one was open; no StopTransaction had arrived for it.")));
            await ChargingProfilesHearEndAsync([open]);
        }

        var idTagInfo = await GrainFactory.GetGrain<IIdTagGrain>(request.IdTag).StartTransactionAsync(transactionId);
        await UseReservationAsync(request, idTagInfo, transactionId);

        // Recorded before the transaction is stored, so that a resent start finds its id whatever fails after this.
        State.OpenTransactions[request.ConnectorId] = transactionId;
        State.LastStarts[request.ConnectorId] = new RecentStart(request.ConnectorId, request.IdTag, request.Timestamp, request.MeterStart, transactionId, idTagInfo.Status);
        await WriteAsync();
        await Transaction(transactionId).StartAsync(Key, request, idTagInfo.Status);
        await ChargingProfilesHearStartAsync(request, transactionId);
        var result = new StartTransactionResult(transactionId, idTagInfo);
        SignalSessionStart(request, result);
        return result;
    }

    public async Task MeterValuesAsync(MeterValuesReport report)
    {
        // The transaction decides whether the readings are its own; readings for another charge point's or an
        // unknown transaction it keeps against the connector alone.
        if (report.TransactionId is int transactionId && transactionId > 0)
        {
            await Transaction(transactionId).AddMeterValuesAsync(Key, report.ConnectorId, report.MeterValues);
            return;
        }

        // Readings outside any known transaction are kept against the connector alone.
        await meterStore.AppendAsync(MeterValueRows.From(Key, report.ConnectorId, null, report.MeterValues, "MeterValues"), CancellationToken.None);
    }

    public async Task<IdTagInfo?> StopTransactionAsync(StopTransactionRequest request)
    {
        var known = request.TransactionId > 0 && await Transaction(request.TransactionId).StopAsync(Key, request);
        if (!known)
        {
            // Never attach data to a transaction id this charge point did not get from us: that id may be issued later.
            if (!State.UnmatchedStops.Exists(s => s.TransactionId == request.TransactionId && s.Timestamp == request.Timestamp && s.MeterStop == request.MeterStop))
            {
                State.UnmatchedStops.Add(new UnmatchedStop(request.TransactionId, request.Timestamp, request.MeterStop, request.IdTag, request.Reason, Now));
                Trim(State.UnmatchedStops, UnmatchedStopsKept);
                await WriteAsync();
            }

            if (request.TransactionData is { Count: > 0 } data)
            {
                await meterStore.AppendAsync(MeterValueRows.From(Key, 0, null, data, "StopTransaction"), CancellationToken.None);
            }

            LogUnmatchedStop(logger, Key, request.TransactionId.ToString(CultureInfo.InvariantCulture));
        }

        await FreeConnectorAsync(request.TransactionId);
        if (known)
        {
            SignalSessionStop(request.TransactionId);
        }

        return request.IdTag is { } idTag ? await GrainFactory.GetGrain<IIdTagGrain>(idTag).AuthorizeAsync() : null;
    }

    public async Task<TransactionState?> EndTransactionAsync(int transactionId, TransactionEnd end)
    {
        var ended = await Transaction(transactionId).EndAsync(end);
        if (ended is null || ended.ChargePointId != Key)
        {
            return ended;
        }

        await FreeConnectorAsync(transactionId);

        return ended;
    }

    /// <summary>
    /// A charge point boots with no transaction in progress (OCPP 1.6 has it stop them on a reboot or after a power
    /// loss): the transactions still open here lost their stop, and end now so that they never hold their tags. A
    /// StopTransaction for one of them that arrives later from the charge point's queue replaces the CSMS's figures.
    /// </summary>
    private async Task EndOpenTransactionsAtBootAsync()
    {
        foreach (var (connectorId, transactionId) in State.OpenTransactions)
        {
            await Transaction(transactionId).EndAsync(new TransactionEnd(
                TransactionEnders.Csms,
                string.Create(CultureInfo.InvariantCulture, $"The charge point booted (a reboot or a power loss) while this transaction was open on connector {connectorId}; no StopTransaction had arrived for it.")));
        }

        await ChargingProfilesHearEndAsync([.. State.OpenTransactions.Values]);
        State.OpenTransactions.Clear();
    }

    /// <summary>Forgets <paramref name="transactionId"/> as the open transaction of its connector, writing only when it was one.</summary>
    private async Task FreeConnectorAsync(int transactionId)
    {
        await ChargingProfilesHearEndAsync([transactionId]);
        var freed = State.OpenTransactions.Where(o => o.Value == transactionId).Select(o => o.Key).ToList();
        if (freed.Count > 0 && State.Registered)
        {
            freed.ForEach(connectorId => State.OpenTransactions.Remove(connectorId));
            await WriteAsync();
        }
    }

    private async Task<IdTagInfo> IdTagInfoForReplayAsync(RecentStart replay)
    {
        var current = await GrainFactory.GetGrain<IIdTagGrain>(replay.IdTag).GetAsync();
        return new IdTagInfo(replay.IdTagStatus, current?.ExpiryDate, current?.ParentIdTag);
    }

    // Building a grain reference resolves its interface and codecs each time; a session sends a dozen messages to one transaction.
    private ITransactionGrain Transaction(int transactionId)
    {
        if (_lastTransaction is not { } last || last.Id != transactionId)
        {
            last = (transactionId, GrainFactory.GetGrain<ITransactionGrain>(transactionId));
            _lastTransaction = last;
        }

        return last.Grain;
    }

    private static void Trim<T>(List<T> items, int keep)
    {
        if (items.Count > keep)
        {
            items.RemoveRange(0, items.Count - keep);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId} stopped transaction {TransactionId}, which it never started here; recorded and acknowledged")]
    private static partial void LogUnmatchedStop(ILogger logger, string chargePointId, string transactionId);
}
