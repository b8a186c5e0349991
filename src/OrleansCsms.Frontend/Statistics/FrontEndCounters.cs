using System.Collections.Concurrent;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Statistics;

/// <summary>
/// What this front-end carried since it started, for GET /api/statistics: the OCPP calls charge points sent it and the
/// calls it sent them, by action. Counted whatever the OCPP version; an action is counted under its own name only while
/// there are few names, so that a charge point sending made-up actions cannot grow the counters without bound.
/// </summary>
public sealed class FrontEndCounters(FrontEndIdentity identity, LocalChargePointConnections connections, TimeProvider time)
{
    /// <summary>The most distinct action names counted; later ones are counted together under <see cref="OtherActions"/>.</summary>
    public const int MaxActions = 200;

    /// <summary>The name actions past <see cref="MaxActions"/>, and names no OCPP action could have, are counted under.</summary>
    public const string OtherActions = "(other)";

    private readonly ConcurrentDictionary<string, long> _received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public void CallReceived(string action) => Count(_received, action);

    public void CallSent(string action) => Count(_sent, action);

    /// <summary>The counters now, as reported to the cluster.</summary>
    public FrontEndStatistics Snapshot() => new(
        identity.Id,
        _startedAt,
        time.GetUtcNow(),
        connections.Count,
        new Dictionary<string, long>(_received, StringComparer.Ordinal),
        new Dictionary<string, long>(_sent, StringComparer.Ordinal));

    private static void Count(ConcurrentDictionary<string, long> counts, string action)
    {
        var name = IsActionName(action) && (counts.ContainsKey(action) || counts.Count < MaxActions) ? action : OtherActions;
        counts.AddOrUpdate(name, 1, static (_, count) => count + 1);
    }

    // OCPP action names are short ASCII words (BootNotification, TransactionEvent, ...).
    private static bool IsActionName(string action) => action.Length is > 0 and <= 50 && action.All(char.IsAsciiLetterOrDigit);
}
