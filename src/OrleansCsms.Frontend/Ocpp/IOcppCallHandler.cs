using System.Diagnostics;
using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>Answers a charge point's CALL in one OCPP version: a CALLRESULT once its effect is committed, or a CALLERROR.</summary>
internal interface IOcppCallHandler
{
    /// <summary>Handles the call on the charge point's grain and returns the frame to send back.</summary>
    Task<OcppMessage> HandleAsync(ChargePointLink chargePoint, OcppCall call, CancellationToken cancellationToken);
}

/// <summary>
/// One connection's way to its charge point's grain, and what the connection remembers between calls: calls on a
/// connection are answered one at a time, so this needs no lock.
/// </summary>
internal sealed class ChargePointLink(IChargePointGrain grain, string id, TimeSpan heartbeatForwardInterval)
{
    private long _heartbeatForwardedAt;
    private (int Id, ITransactionGrain Grain)? _transaction;
    private (string StationTransactionId, int TransactionId)? _stationTransaction;

    public IChargePointGrain Grain { get; } = grain;

    public string Id { get; } = id;

    /// <summary>The CSMS's answer to the latest BootNotification on this connection; null before the first.</summary>
    public string? BootStatus { get; set; }

    /// <summary>The grain of a transaction of this charge point; the reference is kept, since a session sends a dozen messages to one transaction.</summary>
    public ITransactionGrain Transaction(int transactionId, IGrainFactory grains)
    {
        if (_transaction is not { } last || last.Id != transactionId)
        {
            last = (transactionId, grains.GetGrain<ITransactionGrain>(transactionId));
            _transaction = last;
        }

        return last.Grain;
    }

    /// <summary>Remembers the CSMS id of the OCPP 2.0.1 transaction the station names <paramref name="stationTransactionId"/>.</summary>
    public void RememberStationTransaction(string stationTransactionId, int transactionId) => _stationTransaction = (stationTransactionId, transactionId);

    /// <summary>The CSMS id of the station's transaction, when it is the one this connection last heard of.</summary>
    public int? StationTransaction(string stationTransactionId) =>
        _stationTransaction is { } known && known.StationTransactionId == stationTransactionId ? known.TransactionId : null;

    /// <summary>
    /// Whether this Heartbeat goes on to the grain. A charge point heartbeating faster than the interval (a flood, or a
    /// misconfigured interval) is answered by the front-end with the time; its grain hears of one heartbeat per interval.
    /// </summary>
    public bool ForwardHeartbeat()
    {
        var now = Stopwatch.GetTimestamp();
        if (_heartbeatForwardedAt != 0 && Stopwatch.GetElapsedTime(_heartbeatForwardedAt, now) < heartbeatForwardInterval)
        {
            return false;
        }

        _heartbeatForwardedAt = now;
        return true;
    }
}
