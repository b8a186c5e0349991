using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>One charging session (key: the transaction id).</summary>
[Alias("csms.ITransactionGrain")]
public interface ITransactionGrain : IGrainWithIntegerKey
{
    /// <summary>Records the start of the transaction; a repeat with the same details changes nothing.</summary>
    Task StartAsync(string chargePointId, StartTransactionRequest request, string idTagStatus);

    /// <summary>Stores meter values and updates energy and latest readings; returns once the values are committed. Replayed values are not counted twice.</summary>
    Task AddMeterValuesAsync(string chargePointId, int connectorId, IReadOnlyList<MeterValue> meterValues);

    /// <summary>
    /// Records the charge point's stop; a replayed stop changes nothing, and a stop arriving after an operator or the
    /// CSMS ended the transaction replaces their figures with the charge point's. Returns false when the transaction
    /// was never started by this charge point.
    /// </summary>
    Task<bool> StopAsync(string chargePointId, StopTransactionRequest request);

    /// <summary>
    /// Ends the transaction without the charge point (for billing): stopped now, its meter stop taken from the last
    /// energy reading. Returns the transaction as ended, or null when it is unknown; one already ended is returned unchanged.
    /// </summary>
    Task<TransactionState?> EndAsync(TransactionEnd end);

    /// <summary>
    /// Records an OCPP 2.0.1 TransactionEvent: the first one met starts the transaction, an Ended one stops it; an
    /// event whose sequence number was already received changes nothing and is answered as before.
    /// </summary>
    Task<TransactionEventOutcome> ApplyEventAsync(string chargePointId, TransactionEventReport report);

    /// <summary>Returns the transaction, or null when it is unknown.</summary>
    [ReadOnly]
    Task<TransactionState?> GetAsync();
}

/// <summary>Who ends a transaction without its charge point, and why.</summary>
[GenerateSerializer]
[Alias("csms.TransactionEnd")]
[Immutable]
public sealed record TransactionEnd(string EndedBy, string Note);
