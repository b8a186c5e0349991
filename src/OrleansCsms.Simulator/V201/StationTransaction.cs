namespace OrleansCsms.Simulator;

/// <summary>
/// A 2.0.1 transaction as the station knows it: the station names it, numbers its TransactionEvents from 0,
/// and learns from the CSMS's answers whether the driver is still authorized.
/// </summary>
public sealed class StationTransaction(LocalTransaction local, int? remoteStartId)
{
    private int _nextSeqNo;
    private volatile bool _deauthorized;

    /// <summary>The id the station made for the transaction (36 characters at most, as the schema allows).</summary>
    public string Id { get; } = Guid.NewGuid().ToString();

    /// <summary>Connector, driver, start reading and time, and the counts of what was delivered.</summary>
    public LocalTransaction Local { get; } = local;

    /// <summary>The remoteStartId of the RequestStartTransaction that began it, reported in its Started event.</summary>
    public int? RemoteStartId { get; } = remoteStartId;

    public bool IsDeauthorized => _deauthorized;

    /// <summary>The seqNo of the next TransactionEvent: 0 for Started, then one more for each event.</summary>
    public int NextSeqNo() => Interlocked.Increment(ref _nextSeqNo) - 1;

    public void Deauthorize() => _deauthorized = true;
}
