using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansCsms.Simulator;

/// <summary>
/// Everything a simulation counts, shared by all its charge points: calls and latencies per action, errors by
/// kind, live gauges, and the transactions the central system acknowledged (to check its books against).
/// </summary>
public sealed class SimulationMetrics
{
    private readonly ConcurrentDictionary<string, ActionStatistics> _actions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _serverCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CompletedTransaction> _transactions = new();
    private long _windowStarted = Stopwatch.GetTimestamp();
    private long _messages;
    private int _connected;
    private int _accepted;
    private int _peakConnected;
    private int _activeSessions;
    private long _connectAttempts;
    private long _connectFailures;
    private long _disconnects;
    private long _queuedTransactionMessages;
    private long _transactionsCompleted;

    /// <summary>Whether acknowledged transactions are kept for <see cref="CompletedTransactions"/>.</summary>
    public bool KeepTransactions { get; init; }

    /// <summary>Calls sent, all actions together, since the window started.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Charge points whose last BootNotification was accepted and that are still connected.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public int PeakConnected => Volatile.Read(ref _peakConnected);

    public int ActiveSessions => Volatile.Read(ref _activeSessions);

    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Connections lost or closed by the central system (not by the simulation itself).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Transaction messages waiting in charge point queues.</summary>
    public long QueuedTransactionMessages => Interlocked.Read(ref _queuedTransactionMessages);

    public long TotalErrors => _errors.Values.Sum();

    /// <summary>Transactions whose StopTransaction the central system acknowledged, since the window started.</summary>
    public long TransactionsCompleted => Interlocked.Read(ref _transactionsCompleted);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Interlocked.Read(ref _windowStarted));

    public IReadOnlyDictionary<string, ActionStatistics> Actions => _actions;

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public IReadOnlyDictionary<string, long> ServerCalls => _serverCalls;

    public IReadOnlyCollection<CompletedTransaction> CompletedTransactions => _transactions;

    public void RecordCall(string action, CallOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Interlocked.Increment(ref _messages);
        _actions.GetOrAdd(action, static _ => new ActionStatistics()).Record(outcome);
        if (!outcome.IsResult)
        {
            RecordError(outcome.Kind == CallOutcomeKind.Error ? $"CALLERROR {outcome.ErrorLabel}" : outcome.ErrorLabel);
        }
    }

    public void RecordError(string label) => _errors.AddOrUpdate(label, 1, static (_, count) => count + 1);

    public void RecordServerCall(string action) => _serverCalls.AddOrUpdate(action, 1, static (_, count) => count + 1);

    public void RecordTransaction(CompletedTransaction transaction)
    {
        Interlocked.Increment(ref _transactionsCompleted);
        if (KeepTransactions)
        {
            _transactions.Enqueue(transaction);
        }
    }

    public void ConnectAttempted() => Interlocked.Increment(ref _connectAttempts);

    public void ConnectFailed(string reason)
    {
        Interlocked.Increment(ref _connectFailures);
        RecordError($"Connect: {reason}");
    }

    public void ConnectionOpened()
    {
        var now = Interlocked.Increment(ref _connected);
        var peak = Volatile.Read(ref _peakConnected);
        while (now > peak && Interlocked.CompareExchange(ref _peakConnected, now, peak) != peak)
        {
            peak = Volatile.Read(ref _peakConnected);
        }
    }

    public void ConnectionClosed(bool byServer)
    {
        Interlocked.Decrement(ref _connected);
        if (byServer)
        {
            Interlocked.Increment(ref _disconnects);
            RecordError("Disconnected");
        }
    }

    public void BootAccepted() => Interlocked.Increment(ref _accepted);

    public void AcceptedLost() => Interlocked.Decrement(ref _accepted);

    public void SessionStarted() => Interlocked.Increment(ref _activeSessions);

    public void SessionEnded() => Interlocked.Decrement(ref _activeSessions);

    public void TransactionMessageQueued() => Interlocked.Increment(ref _queuedTransactionMessages);

    public void TransactionMessageLeftQueue() => Interlocked.Decrement(ref _queuedTransactionMessages);

    /// <summary>
    /// Starts a fresh measurement window: counters, latencies and errors restart from zero, while gauges
    /// (connections, sessions, queues) and kept transactions carry on.
    /// </summary>
    public void StartWindow()
    {
        _actions.Clear();
        _errors.Clear();
        _serverCalls.Clear();
        Interlocked.Exchange(ref _messages, 0);
        Interlocked.Exchange(ref _transactionsCompleted, 0);
        Interlocked.Exchange(ref _connectAttempts, 0);
        Interlocked.Exchange(ref _connectFailures, 0);
        Interlocked.Exchange(ref _disconnects, 0);
        Interlocked.Exchange(ref _windowStarted, Stopwatch.GetTimestamp());
    }

    /// <summary>All actions' latencies in one histogram.</summary>
    public LatencyHistogram CombinedLatency()
    {
        var all = new LatencyHistogram();
        foreach (var statistics in _actions.Values)
        {
            all.Add(statistics.Latency);
        }

        return all;
    }
}

/// <summary>A transaction whose end (1.6 StopTransaction, 2.0.1 TransactionEvent Ended) the central system acknowledged, as the charge point sent it.</summary>
/// <param name="ChargePointId">The charge point's identity.</param>
/// <param name="ConnectorId">The connector (2.0.1: the EVSE) it ran on.</param>
/// <param name="TransactionId">The id the 1.6 central system gave; null for a 2.0.1 transaction, whose id the station made.</param>
/// <param name="IdTag">The driver's id tag or token.</param>
/// <param name="MeterStart">The register at the start, in Wh.</param>
/// <param name="MeterStop">The register at the end, in Wh.</param>
/// <param name="MeterValuesSent">Messages carrying meter values that were acknowledged.</param>
/// <param name="SampledValuesSent">Sampled values in them.</param>
/// <param name="StationTransactionId">The id a 2.0.1 station made for the transaction; null for 1.6.</param>
public sealed record CompletedTransaction(
    string ChargePointId,
    int ConnectorId,
    int? TransactionId,
    string IdTag,
    int MeterStart,
    int MeterStop,
    int MeterValuesSent,
    int SampledValuesSent,
    string? StationTransactionId = null);
