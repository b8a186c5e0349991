using System.Collections.Concurrent;

namespace OrleansCsms.Tests.Runtime;

/// <summary>
/// What the test grains report to the test and wait on: named signals (a grain reached a phase, or the test
/// releases a grain), an event log per grain key, and how many turns of a key ran at once.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _events = new();
    private readonly ConcurrentDictionary<string, ConcurrencyMeter> _meters = new();
    private readonly ConcurrentDictionary<string, int> _live = new();
    private readonly ConcurrentDictionary<string, bool> _flags = new();

    /// <summary>The signal of that name, created on first use; grains complete or await it.</summary>
    public TaskCompletionSource Signal(string name) =>
        _signals.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Whether a signal of that name has been asked for.</summary>
    public bool HasSignal(string name) => _signals.ContainsKey(name);

    /// <summary>Completes every signal, so that no grain is left waiting when a test ends.</summary>
    public void ReleaseAll()
    {
        foreach (var signal in _signals.Values)
        {
            signal.TrySetResult();
        }
    }

    public void Record(string key, string what) => _events.GetOrAdd(key, static _ => new()).Enqueue(what);

    public IReadOnlyList<string> Events(string key) => _events.TryGetValue(key, out var events) ? [.. events] : [];

    public int Count(string key, string what) => Events(key).Count(e => e == what);

    public ConcurrencyMeter Meter(string key) => _meters.GetOrAdd(key, static _ => new ConcurrencyMeter());

    /// <summary>Sets a flag a grain reads, such as "fail the next activation".</summary>
    public void SetFlag(string name, bool value) => _flags[name] = value;

    public bool Flag(string name) => _flags.TryGetValue(name, out var value) && value;

    /// <summary>Notes that an activation of <paramref name="key"/> began; records an overlap when another one is still alive.</summary>
    public void ActivationBegan(string key)
    {
        if (_live.AddOrUpdate(key, 1, static (_, n) => n + 1) > 1)
        {
            Record(key, "overlap");
        }
    }

    /// <summary>Notes that an activation of <paramref name="key"/> finished deactivating.</summary>
    public void ActivationEnded(string key) => _live.AddOrUpdate(key, 0, static (_, n) => n - 1);
}

/// <summary>Counts how many turns are inside a region at once, and the most ever seen.</summary>
public sealed class ConcurrencyMeter
{
    private int _current;
    private int _max;
    private int _total;

    public int Max => Volatile.Read(ref _max);

    public int Total => Volatile.Read(ref _total);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _current);
        Interlocked.Increment(ref _total);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _current);
}
