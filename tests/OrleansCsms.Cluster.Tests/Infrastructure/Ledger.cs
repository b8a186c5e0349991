using System.Diagnostics;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>A StartTransaction the central system acknowledged, with the id it gave.</summary>
public sealed record AcknowledgedStart(string ChargePointId, int ConnectorId, DateTimeOffset Timestamp, int MeterStart, int TransactionId, TimeSpan AckedAt);

/// <summary>A MeterValues reading the central system acknowledged.</summary>
public sealed record AcknowledgedReading(string ChargePointId, int TransactionId, DateTimeOffset Timestamp, int Value);

/// <summary>A StopTransaction the central system acknowledged.</summary>
public sealed record AcknowledgedStop(string ChargePointId, int TransactionId, DateTimeOffset Timestamp, int MeterStop, TimeSpan AckedAt);

/// <summary>
/// What the charge points were told: every acknowledged transaction message, every transient error they retried
/// through, and every message that never succeeded. The books the database is checked against.
/// </summary>
public sealed class Ledger
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<AcknowledgedStart> _starts = [];
    private readonly List<AcknowledgedReading> _readings = [];
    private readonly List<AcknowledgedStop> _stops = [];
    private readonly Dictionary<string, int> _transientErrors = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private TimeSpan _slowestMessage;
    private int _acknowledged;
    private int _reconnects;

    /// <summary>Time since the ledger was opened; acknowledgements are stamped with it.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<AcknowledgedStart> Starts => Snapshot(_starts);

    public IReadOnlyList<AcknowledgedReading> Readings => Snapshot(_readings);

    public IReadOnlyList<AcknowledgedStop> Stops => Snapshot(_stops);

    /// <summary>Messages that never succeeded, or got a CALLERROR a retry cannot cure.</summary>
    public IReadOnlyList<string> Failures => Snapshot(_failures);

    /// <summary>Messages acknowledged, of any action.</summary>
    public int Acknowledged
    {
        get
        {
            lock (_starts)
            {
                return _acknowledged;
            }
        }
    }

    /// <summary>The longest a message took from first send to its acknowledgement, retries included.</summary>
    public TimeSpan SlowestMessage
    {
        get
        {
            lock (_starts)
            {
                return _slowestMessage;
            }
        }
    }

    public void Started(AcknowledgedStart start) => Add(_starts, start);

    public void Read(AcknowledgedReading reading) => Add(_readings, reading);

    public void Stopped(AcknowledgedStop stop) => Add(_stops, stop);

    public void Failed(string failure) => Add(_failures, failure);

    public void AcknowledgedAfter(TimeSpan took)
    {
        lock (_starts)
        {
            _acknowledged++;
            _slowestMessage = took > _slowestMessage ? took : _slowestMessage;
        }
    }

    /// <summary>A retried attempt: a CALLERROR InternalError, no answer, or a lost socket.</summary>
    public void Transient(string kind)
    {
        lock (_starts)
        {
            _transientErrors[kind] = _transientErrors.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>A charge point opened a new socket after losing one.</summary>
    public void Reconnected()
    {
        lock (_starts)
        {
            _reconnects++;
        }
    }

    /// <summary>How many times charge points had to open a new socket.</summary>
    public int Reconnects
    {
        get
        {
            lock (_starts)
            {
                return _reconnects;
            }
        }
    }

    /// <summary>One line for the test output.</summary>
    public string Summary()
    {
        lock (_starts)
        {
            var transient = _transientErrors.Count == 0 ? "none" : string.Join(", ", _transientErrors.Select(e => $"{e.Key} ×{e.Value}"));
            return $"{_acknowledged} messages acknowledged ({_starts.Count} starts, {_readings.Count} meter values, {_stops.Count} stops); " +
                $"retried attempts: {transient}; {_reconnects} reconnects; slowest message {_slowestMessage.TotalSeconds:0.00} s; {_failures.Count} failed";
        }
    }

    private void Add<T>(List<T> list, T item)
    {
        lock (_starts)
        {
            list.Add(item);
        }
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (_starts)
        {
            return [.. list];
        }
    }
}
