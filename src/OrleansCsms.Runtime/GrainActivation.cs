using System.Reflection;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Runtime;

/// <summary>
/// One activation of a grain: its instance and a mailbox whose single reader runs one turn at a time.
/// The first turn loads state and activates; the last one deactivates.
/// </summary>
internal sealed partial class GrainActivation : IGrainContext
{
    private readonly Channel<Func<Task>> _mailbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _activated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<GrainTimer> _timers = [];
    private readonly GrainType _type;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _predecessor;
    private readonly Action<GrainCall, TaskCompletionSource<object?>> _forward;
    private readonly Action<GrainActivation> _onCompleted;
    private Grain? _instance;
    private int _inflight;
    private long _lastActivity;
    private int _started;

    // All under _gate. Refusing: new calls go to a replacement. Closed: the last turn is queued and the mailbox
    // completed. Stale: a write lost a version race, so the state in memory must not serve anyone again.
    private bool _refusing;
    private bool _closed;
    private bool _stale;
    private bool _deactivateRequested;

    public GrainActivation(
        GrainId id,
        GrainType type,
        IGrainFactory factory,
        IServiceProvider services,
        ILogger logger,
        Task predecessor,
        Action<GrainCall, TaskCompletionSource<object?>> forward,
        Action<GrainActivation> onCompleted)
    {
        Id = id;
        GrainFactory = factory;
        _type = type;
        _services = services;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = logger;
        _predecessor = predecessor;
        _forward = forward;
        _onCompleted = onCompleted;
        _lastActivity = _time.GetTimestamp();
    }

    public GrainId Id { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Completes when the activation has deactivated (or failed to activate) and left the directory.</summary>
    public Task Completion => _completed.Task;

    /// <summary>Raised when the activation starts, for counting.</summary>
    public Action? ActivationStarted { get; init; }

    /// <summary>
    /// Starts the turn loop once, off the caller's thread; it first waits for the previous activation of the same
    /// grain to finish. Called after the first call is queued, so a failed activation fails that call instead of
    /// sending the caller round again.
    /// </summary>
    public void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ActivationStarted?.Invoke();
            CsmsInstruments.GrainActivationsCreated.Add(1, CsmsInstruments.GrainType(Id.Type));
            _ = Task.Run(RunAsync);
        }
    }

    /// <summary>Queues a call; false when this activation is going away and the caller must find a new one.</summary>
    public bool TryEnqueue(GrainCall call, TaskCompletionSource<object?> reply)
    {
        lock (_gate)
        {
            if (_refusing)
            {
                return false;
            }

            _inflight++;

            // Written under the gate: the mailbox is only ever completed under it too, so an accepted call is never dropped.
            if (!call.Interleaves)
            {
                _mailbox.Writer.TryWrite(() => RunCallAsync(call, reply));
            }
        }

        if (call.Interleaves)
        {
            _ = RunCallAsync(call, reply);
        }

        return true;
    }

    /// <summary>Starts deactivation when the activation has had no calls for <paramref name="idleTimeout"/> and none is running.</summary>
    public bool TryDeactivateIfIdle(TimeSpan idleTimeout)
    {
        lock (_gate)
        {
            if (_closed || _inflight > 0 || (!_deactivateRequested && _time.GetElapsedTime(_lastActivity) < idleTimeout))
            {
                return false;
            }

            _refusing = true;
            _closed = true;
            _mailbox.Writer.TryWrite(DeactivateAsync);
            _mailbox.Writer.TryComplete();
        }

        return true;
    }

    /// <summary>Deactivates as soon as no call is running (at once when idle); used at shutdown.</summary>
    public void RequestDeactivation()
    {
        lock (_gate)
        {
            _deactivateRequested = true;
        }

        TryDeactivateIfIdle(TimeSpan.Zero);
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback);
        timer.Start(_time, dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    public void DeactivateOnIdle()
    {
        lock (_gate)
        {
            _deactivateRequested = true;
        }
    }

    /// <summary>Queues a timer tick as a turn; false when the activation is going away.</summary>
    internal bool TryEnqueueTick(Func<Task> tick)
    {
        lock (_gate)
        {
            return !_refusing && _mailbox.Writer.TryWrite(() => IsStale ? Task.CompletedTask : tick());
        }
    }

    /// <summary>Called after every tick: a tick may have asked for deactivation, and no call's end would act on it.</summary>
    internal void OnTickCompleted(Exception? failure)
    {
        if (failure is not null)
        {
            LogTickFailed(_logger, failure, Id);
            OnTurnFailed(failure);
        }

        TryDeactivateIfRequested();
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private bool IsStale
    {
        get
        {
            lock (_gate)
            {
                return _stale;
            }
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await _predecessor.ConfigureAwait(false);
            await ActivateAsync().ConfigureAwait(false);
            _activated.TrySetResult();
        }
        catch (Exception ex)
        {
            LogActivationFailed(_logger, ex, Id);
            DisposeTimers();
            lock (_gate)
            {
                _refusing = true;
                _closed = true;
                _mailbox.Writer.TryComplete();
            }

            // The calls already queued fail with the activation's error; later ones get a new activation.
            _activated.TrySetException(ex);
        }

        await foreach (var turn in _mailbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await turn().ConfigureAwait(false);
        }

        // Out of the directory before anyone waiting on completion resumes, so they find a fresh activation.
        _onCompleted(this);
        _completed.TrySetResult();
    }

    private async Task ActivateAsync()
    {
        // Only arguments the constructor takes may be passed: the context reaches the grain through Bind.
        var extra = new List<object>();
        IPersistentStateLoader? state = null;
        if (_type.StateType is { } stateType)
        {
            var store = _services.GetRequiredService<IGrainStateStore>();
            var persistent = Activator.CreateInstance(typeof(PersistentState<>).MakeGenericType(stateType), Id, store)!;
            state = (IPersistentStateLoader)persistent;
            extra.Add(persistent);
        }

        _instance = (Grain)ActivatorUtilities.CreateInstance(_services, _type.Implementation, [.. extra]);
        _instance.Bind(this);
        if (state is not null)
        {
            await state.ReadStateAsync().ConfigureAwait(false);
        }

        await _instance.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task RunCallAsync(GrainCall call, TaskCompletionSource<object?> reply)
    {
        object? result = null;
        Exception? failure = null;
        try
        {
            await _activated.Task.ConfigureAwait(false);
            if (IsStale)
            {
                // Queued before this activation lost a version race: a fresh activation with fresh state serves it.
                EndCall();
                _forward(call, reply);
                return;
            }

            using var turn = CsmsInstruments.TimeGrainTurn(Id.Type);
            result = await GrainResults.InvokeAsync(_instance!, call).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            OnTurnFailed(failure);
        }

        // The turn is over before the caller hears of it, so the caller's next call sees what this turn decided
        // (a requested or forced deactivation) and never lands on an activation that is about to go.
        EndCall();
        if (failure is null)
        {
            reply.TrySetResult(result);
        }
        else
        {
            reply.TrySetException(failure);
        }
    }

    private void EndCall()
    {
        lock (_gate)
        {
            _inflight--;
            _lastActivity = _time.GetTimestamp();
        }

        TryDeactivateIfRequested();
    }

    private void TryDeactivateIfRequested()
    {
        bool requested;
        lock (_gate)
        {
            requested = _deactivateRequested;
        }

        if (requested)
        {
            TryDeactivateIfIdle(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// A turn lost a version race, or failed part-way: the state in memory is stale or ahead of storage. The
    /// activation takes no new calls, forwards those already queued to a fresh activation (which reads what is
    /// stored), and deactivates once no call is running.
    /// </summary>
    private void OnTurnFailed(Exception exception)
    {
        if (exception is InconsistentStateException || _type.StateType is not null)
        {
            lock (_gate)
            {
                _stale = true;
                _refusing = true;
                _deactivateRequested = true;
            }
        }
    }

    private async Task DeactivateAsync()
    {
        DisposeTimers();
        if (_instance is not null && _activated.Task.IsCompletedSuccessfully)
        {
            try
            {
                await _instance.OnDeactivateAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogDeactivationFailed(_logger, ex, Id);
            }
        }

        // Also those registered while deactivating.
        DisposeTimers();
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation of grain {Grain} failed")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivation of grain {Grain} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer tick of grain {Grain} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, GrainId grain);
}
