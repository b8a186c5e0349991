using System.Globalization;

namespace OrleansCsms.Grains;

/// <summary>OCPP 2.0.1 transactions: a station names them with ids of its own, which map here to the CSMS's integer ids.</summary>
public sealed partial class ChargePointGrain
{
    // Ended transactions whose ids are kept, so that events replayed from a station's offline queue still find them.
    private const int EndedStationTransactionsKept = 50;

    public async Task<TransactionEventResult> TransactionEventAsync(TransactionEventReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var begun = false;
        if (!State.StationTransactions.TryGetValue(report.StationTransactionId, out var known))
        {
            known = await BeginStationTransactionAsync(report);
            begun = true;
        }

        var outcome = await Transaction(known.TransactionId).ApplyEventAsync(Key, report with { EvseId = known.EvseId });
        // The charge point's state changes only when a transaction ends: an Updated event is the transaction's business
        // alone, and writing here for each would double the writes of a charging session.
        var ended = outcome.Ended && !known.Ended;
        if (ended)
        {
            State.StationTransactions[report.StationTransactionId] = known with { Ended = true, LastEventAt = Now };
            TrimEndedStationTransactions();
            State.OpenTransactions.Remove(known.EvseId, out var open);
            if (open != 0 && open != known.TransactionId)
            {
                // Another transaction holds the EVSE now: this one's end must not free it.
                State.OpenTransactions[known.EvseId] = open;
            }

            await ChargingProfilesHearEndAsync([known.TransactionId]);
            await WriteAsync();
        }

        SignalSessions(report, known, begun, ended, outcome);
        return new TransactionEventResult(known.TransactionId, outcome.IdTokenInfo, outcome.Cost);
    }

    /// <summary>
    /// Gives a transaction the station has not told of before its CSMS id, recorded before the transaction itself is
    /// stored, so that the station's resend of the same event finds it whatever fails after this.
    /// </summary>
    private async Task<StationTransaction> BeginStationTransactionAsync(TransactionEventReport report)
    {
        var transactionId = await transactionIds.NextAsync(CancellationToken.None);
        var evseId = report.EvseId ?? 0;

        // One transaction per EVSE: one still open there lost its Ended event, so it ends now rather than hold its token.
        if (State.OpenTransactions.TryGetValue(evseId, out var open) && evseId != 0)
        {
            await Transaction(open).EndAsync(new TransactionEnd(
                TransactionEnders.Csms,
                string.Create(CultureInfo.InvariantCulture, $"Transaction {transactionId} started on EVSE {evseId} while this one was open; no Ended event had arrived for it.")));
            await ChargingProfilesHearEndAsync([open]);
            foreach (var stale in State.StationTransactions.Where(t => t.Value.TransactionId == open).Select(t => t.Key).ToList())
            {
                State.StationTransactions[stale] = State.StationTransactions[stale] with { Ended = true };
            }
        }

        var known = new StationTransaction(transactionId, evseId, Ended: false, Now);
        State.StationTransactions[report.StationTransactionId] = known;
        if (report.EventType != TransactionEventTypes.Ended)
        {
            State.OpenTransactions[evseId] = transactionId;
        }

        await WriteAsync();
        await ChargingProfilesHearStationStartAsync(report, transactionId);
        return known;
    }

    /// <summary>The station's own id of one of its transactions, or null when it is not one a 2.0.1 station named.</summary>
    private string? StationTransactionIdOf(int transactionId) =>
        State.StationTransactions.FirstOrDefault(t => t.Value.TransactionId == transactionId).Key;

    private void TrimEndedStationTransactions()
    {
        var ended = State.StationTransactions.Where(t => t.Value.Ended).OrderBy(t => t.Value.LastEventAt).ToList();
        foreach (var (stationTransactionId, _) in ended.Take(Math.Max(0, ended.Count - EndedStationTransactionsKept)))
        {
            State.StationTransactions.Remove(stationTransactionId);
        }
    }
}
