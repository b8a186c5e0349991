using System.Diagnostics;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>A StartTransaction the central system acknowledged, with the id it gave.</summary>
public sealed record AcknowledgedStart(string ChargePointId, int ConnectorId, DateTimeOffset Timestamp, int MeterStart, int TransactionId, TimeSpan AckedAt);

/// <summary>A MeterValues reading the central system acknowledged.</summary>
public sealed record AcknowledgedReading(string ChargePointId, int TransactionId, DateTimeOffset Timestamp, int Value);

/// <summary>A StopTransaction the central system acknowledged.</summary>
public sealed record AcknowledgedStop(string ChargePointId, int TransactionId, DateTimeOffset Timestamp, int MeterStop, TimeSpan AckedAt);

/// <summary>A retried attempt: a CALLERROR InternalError, no answer, or a lost socket.</summary>
public sealed record RetriedAttempt(string ChargePointId, string Kind, TimeSpan At);

/// <summary>The longest any charge point waited for an acknowledgement, and which one it was.</summary>
public sealed record LongestWait(string ChargePointId, TimeSpan Wait);

/// <summary>
/// What the charge points were told: every acknowledged transaction message, every transient error they retried
/// through, and every message that never succeeded. The books the database is checked against, and the clock
/// interruptions are measured with.
/// </summary>
public sealed class Ledger
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<AcknowledgedStart> _starts = [];
    private readonly List<AcknowledgedReading> _readings = [];
    private readonly List<AcknowledgedStop> _stops = [];
    private readonly List<(string ChargePointId, TimeSpan At)> _acknowledgements = [];
    private readonly List<RetriedAttempt> _retries = [];
    private readonly List<string> _failures = [];
    private TimeSpan _slowestMessage;
    private int _reconnects;

    /// <summary>Time since the ledger was opened; acknowledgements are stamped with it.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<AcknowledgedStart> Starts => Snapshot(_starts);

    public IReadOnlyList<AcknowledgedReading> Readings => Snapshot(_readings);

    public IReadOnlyList<AcknowledgedStop> Stops => Snapshot(_stops);

    public IReadOnlyList<RetriedAttempt> Retries => Snapshot(_retries);

    /// <summary>Messages that never succeeded, or got a CALLERROR a retry cannot cure.</summary>
    public IReadOnlyList<string> Failures => Snapshot(_failures);

    /// <summary>How many times charge points had to open a new socket.</summary>
    public int Reconnects
    {
        get
        {
            lock (_lock)
            {
                return _reconnects;
            }
        }
    }

    public void Started(AcknowledgedStart start) => Add(_starts, start);

    public void Read(AcknowledgedReading reading) => Add(_readings, reading);

    public void Stopped(AcknowledgedStop stop) => Add(_stops, stop);

    public void Failed(string failure) => Add(_failures, failure);

    public void Retried(string chargePointId, string kind) => Add(_retries, new RetriedAttempt(chargePointId, kind, Now));

    /// <summary>A message of <paramref name="chargePointId"/> was acknowledged <paramref name="took"/> after it was first sent.</summary>
    public void Acknowledged(string chargePointId, TimeSpan took)
    {
        lock (_lock)
        {
            _acknowledgements.Add((chargePointId, Now));
            _slowestMessage = took > _slowestMessage ? took : _slowestMessage;
        }
    }

    /// <summary>A charge point opened a new socket after losing one.</summary>
    public void Reconnected()
    {
        lock (_lock)
        {
            _reconnects++;
        }
    }

    /// <summary>
    /// The longest any of <paramref name="chargePointIds"/> went without an acknowledgement after <paramref name="since"/>
    /// (a <see cref="Now"/> value): for each, the largest gap between consecutive acknowledgements, the first gap
    /// counted from <paramref name="since"/>. Since each charge point sends without pause, that is how long its
    /// grains did not serve it. One with no acknowledgement at all waited until now.
    /// </summary>
    public LongestWait LongestWaitSince(TimeSpan since, IEnumerable<string> chargePointIds)
    {
        lock (_lock)
        {
            var now = Now;
            return chargePointIds
                .Select(id =>
                {
                    var acks = _acknowledgements.Where(a => a.ChargePointId == id && a.At > since).Select(a => a.At).ToList();
                    var wait = acks.Count == 0 ? now - since : acks.Zip(acks.Prepend(since), (at, previous) => at - previous).Max();
                    return new LongestWait(id, wait);
                })
                .MaxBy(w => w.Wait) ?? new LongestWait("none", TimeSpan.Zero);
        }
    }

    /// <summary>One line for the test output.</summary>
    public string Summary()
    {
        lock (_lock)
        {
            var retried = _retries.Count == 0 ? "none" : string.Join(", ", _retries.GroupBy(r => r.Kind).Select(g => $"{g.Key} ×{g.Count()}"));
            return $"{_acknowledgements.Count} messages acknowledged ({_starts.Count} starts, {_readings.Count} meter values, {_stops.Count} stops); " +
                $"retried attempts: {retried}; {_reconnects} reconnects; slowest message {_slowestMessage.TotalSeconds:0.00} s; {_failures.Count} failed";
        }
    }

    private void Add<T>(List<T> list, T item)
    {
        lock (_lock)
        {
            list.Add(item);
        }
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}
