using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>The transaction messages of a charge point: start, meter values and stop.</summary>
public sealed partial class ChargePointGrain
{
    // Enough to recognise a charge point's offline queue being replayed after a long outage.
    private const int RecentStartsKept = 200;
    private const int UnmatchedStopsKept = 200;

    private (int Id, ITransactionGrain Grain)? _lastTransaction;

    public async Task<StartTransactionResult> StartTransactionAsync(StartTransactionRequest request)
    {
        var replay = State.RecentStarts.Find(s =>
            s.ConnectorId == request.ConnectorId && s.IdTag == request.IdTag && s.Timestamp == request.Timestamp && s.MeterStart == request.MeterStart);
        if (replay is not null)
        {
            return new StartTransactionResult(replay.TransactionId, await IdTagInfoForReplayAsync(replay));
        }

        var transactionId = await transactionIds.NextAsync(CancellationToken.None);
        var idTagInfo = await GrainFactory.GetGrain<IIdTagGrain>(request.IdTag).TransactionStartedAsync(transactionId);
        await Transaction(transactionId).StartAsync(Key, request, idTagInfo.Status);

        State.ActiveTransactionIds.Add(transactionId);
        State.RecentStarts.Add(new RecentStart(request.ConnectorId, request.IdTag, request.Timestamp, request.MeterStart, transactionId, idTagInfo.Status));
        Trim(State.RecentStarts, RecentStartsKept);
        await WriteAsync();
        return new StartTransactionResult(transactionId, idTagInfo);
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
            }

            if (request.TransactionData is { Count: > 0 } data)
            {
                await meterStore.AppendAsync(MeterValueRows.From(Key, 0, null, data, "StopTransaction"), CancellationToken.None);
            }

            LogUnmatchedStop(logger, Key, request.TransactionId.ToString(CultureInfo.InvariantCulture));
        }

        State.ActiveTransactionIds.Remove(request.TransactionId);
        await WriteAsync();
        return request.IdTag is { } idTag ? await GrainFactory.GetGrain<IIdTagGrain>(idTag).AuthorizeAsync() : null;
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
