using System.Diagnostics;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>
/// A fleet of simulated charge points (1.6 or 2.0.1) against one central system: ramps them up at the configured rate, and
/// stops them cleanly (sessions stopped, queues drained, sockets closed).
/// </summary>
public sealed class Simulation : IAsyncDisposable
{
    private readonly WebSocketDialer _dialer;
    private readonly List<ISimulatedStation> _chargePoints = [];
    private readonly List<Task> _running = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _rampHalted = new();
    private readonly TaskCompletionSource _sessionsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _ramp = Task.CompletedTask;

    public Simulation(SimulationSettings settings, SimulationMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Metrics = metrics ?? new SimulationMetrics { KeepTransactions = settings.KeepTransactions };
        _dialer = new WebSocketDialer(settings.SourceAddresses, settings.ConnectTimeout, settings.OcppVersion);
        if (!settings.HoldSessionsUntilReleased)
        {
            _sessionsReleased.SetResult();
        }
    }

    public SimulationSettings Settings { get; }

    public SimulationMetrics Metrics { get; }

    /// <summary>The charge points started so far.</summary>
    public IReadOnlyList<ISimulatedStation> ChargePoints
    {
        get
        {
            lock (_lock)
            {
                return [.. _chargePoints];
            }
        }
    }

    /// <summary>Completes when every charge point has been started, or the ramp was halted.</summary>
    public Task RampCompleted => _ramp;

    /// <summary>Starts the ramp-up in the background.</summary>
    public void Start() => _ramp = RampAsync();

    /// <summary>Lets sessions start, when <see cref="SimulationSettings.HoldSessionsUntilReleased"/> held them.</summary>
    public void ReleaseSessions() => _sessionsReleased.TrySetResult();

    /// <summary>Starts no more charge points; those already started carry on.</summary>
    public void HaltRamp() => _rampHalted.Cancel();

    /// <summary>Waits until at least <paramref name="count"/> charge points have a boot accepted; false on timeout.</summary>
    public async Task<bool> WaitForAcceptedAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Metrics.Accepted < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return true;
    }

    /// <summary>Waits until every charge point has done its sessions and its queue is empty (for runs with a session limit).</summary>
    public async Task WhenSessionsDoneAsync(CancellationToken cancellationToken)
    {
        await _ramp.WaitAsync(cancellationToken);
        foreach (var chargePoint in ChargePoints)
        {
            await chargePoint.WhenSessionsDoneAsync(cancellationToken);
        }

        await DrainQueuesAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the fleet: running sessions stop and queue their StopTransaction, queues get up to
    /// <paramref name="drainTimeout"/> to empty, then every connection closes with a close handshake.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        HaltRamp();
        var chargePoints = ChargePoints;
        foreach (var chargePoint in chargePoints)
        {
            chargePoint.StopSessions();
        }

        using (var drain = new CancellationTokenSource(drainTimeout))
        {
            try
            {
                foreach (var chargePoint in chargePoints)
                {
                    await chargePoint.WhenSessionsDoneAsync(drain.Token);
                }

                await DrainQueuesAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // Whatever is still queued is reported as such.
            }
        }

        await _stopping.CancelAsync();
        await _ramp;
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(TimeSpan.Zero);
        }

        _dialer.Dispose();
        _stopping.Dispose();
        _rampHalted.Dispose();
    }

    private async Task DrainQueuesAsync(CancellationToken cancellationToken)
    {
        foreach (var chargePoint in ChargePoints)
        {
            await chargePoint.WhenQueueEmptyAsync(cancellationToken);
        }
    }

    private async Task RampAsync()
    {
        // Yield so that Start returns at once even when the first charge points need no wait.
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Settings.ChargePoints; i++)
        {
            if (_rampHalted.IsCancellationRequested || _stopping.IsCancellationRequested)
            {
                return;
            }

            var due = Settings.RampUpPerSecond > 0 ? TimeSpan.FromSeconds(i / Settings.RampUpPerSecond) : TimeSpan.Zero;
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                try
                {
                    await Task.Delay(wait, _rampHalted.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            while (Settings.RampMaxPending > 0 && i - Metrics.Accepted >= Settings.RampMaxPending)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), _rampHalted.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            ISimulatedStation chargePoint = Settings.OcppVersion == OcppVersion.V201
                ? new SimulatedChargingStation(Settings.FirstNumber + i, Settings, Metrics, _dialer, _sessionsReleased.Task)
                : new SimulatedChargePoint(Settings.FirstNumber + i, Settings, Metrics, _dialer, _sessionsReleased.Task);
            lock (_lock)
            {
                _chargePoints.Add(chargePoint);
                _running.Add(Task.Run(() => chargePoint.RunAsync(_stopping.Token)));
            }
        }
    }
}
