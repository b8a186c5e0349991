namespace OrleansCsms.Grains;

/// <summary>One charging session (key: the transaction id).</summary>
[Alias("csms.ITransactionGrain")]
public interface ITransactionGrain : IGrainWithIntegerKey
{
    /// <summary>Records the start of the transaction; a repeat with the same details changes nothing.</summary>
    Task StartAsync(string chargePointId, StartTransactionRequest request, string idTagStatus);

    /// <summary>Stores meter values and updates energy and latest readings; returns once committed. Replayed values are not counted twice.</summary>
    Task AddMeterValuesAsync(string chargePointId, int connectorId, IReadOnlyList<MeterValue> meterValues);

    /// <summary>Records the stop; a replayed stop changes nothing. Returns false when the transaction was never started.</summary>
    Task<bool> StopAsync(string chargePointId, StopTransactionRequest request);

    /// <summary>Returns the transaction, or null when it is unknown.</summary>
    Task<TransactionState?> GetAsync();
}
