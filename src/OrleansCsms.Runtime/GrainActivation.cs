using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansCsms.Runtime;

/// <summary>
/// One activation of a grain: its instance and a mailbox whose single reader runs one turn at a time.
/// The first turn loads state and activates; the last one deactivates.
/// </summary>
internal sealed partial class GrainActivation : IGrainContext
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<Task, Task<object?>>> ResultReaders = new();
    private static readonly MethodInfo ReadResultMethod = typeof(GrainActivation).GetMethod(nameof(ReadResultAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Channel<Func<Task>> _mailbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _activated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<GrainTimer> _timers = [];
    private readonly GrainType _type;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<GrainActivation> _onCompleted;
    private Grain? _instance;
    private int _inflight;
    private bool _deactivating;
    private bool _deactivateRequested;
    private long _lastActivity;
    private readonly Task _predecessor;
    private int _started;

    public GrainActivation(GrainId id, GrainType type, IGrainFactory factory, IServiceProvider services, ILogger logger, Task predecessor, Action<GrainActivation> onCompleted)
    {
        _predecessor = predecessor;
        Id = id;
        GrainFactory = factory;
        _type = type;
        _services = services;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = logger;
        _onCompleted = onCompleted;
        _lastActivity = _time.GetTimestamp();
    }

    public GrainId Id { get; }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Completes when the activation has deactivated (or failed to activate).</summary>
    public Task Completion => _completed.Task;

    /// <summary>Starts the turn loop once; it first waits for the previous activation of the same grain to finish.</summary>
    public void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ActivationStarted?.Invoke();
            _ = RunAsync(_predecessor);
        }
    }

    /// <summary>Raised when the activation starts, for counting.</summary>
    public Action? ActivationStarted { get; init; }

    /// <summary>Queues a call; false when this activation is deactivating and the caller must find a new one.</summary>
    public bool TryEnqueue(GrainCall call, TaskCompletionSource<object?> reply)
    {
        lock (_gate)
        {
            if (_deactivating)
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
            if (_deactivating || _inflight > 0 || (!_deactivateRequested && _time.GetElapsedTime(_lastActivity) < idleTimeout))
            {
                return false;
            }

            _deactivating = true;
            _mailbox.Writer.TryWrite(DeactivateAsync);
            _mailbox.Writer.TryComplete();
        }

        return true;
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

    public void DeactivateOnIdle() => _deactivateRequested = true;

    /// <summary>Queues a timer tick as a turn; false when the activation is going away.</summary>
    internal bool TryEnqueueTick(Func<Task> tick)
    {
        lock (_gate)
        {
            return !_deactivating && _mailbox.Writer.TryWrite(tick);
        }
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private async Task RunAsync(Task predecessor)
    {
        try
        {
            await predecessor.ConfigureAwait(false);
            await ActivateAsync().ConfigureAwait(false);
            _activated.TrySetResult();
        }
        catch (Exception ex)
        {
            LogActivationFailed(_logger, ex, Id);
            _activated.TrySetException(ex);
            lock (_gate)
            {
                _deactivating = true;
                _mailbox.Writer.TryComplete();
            }
        }

        await foreach (var turn in _mailbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await turn().ConfigureAwait(false);
        }

        _completed.TrySetResult();
        _onCompleted(this);
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
        try
        {
            await _activated.Task.ConfigureAwait(false);
            reply.TrySetResult(await InvokeAsync(call).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            reply.TrySetException(Unwrap(ex));
        }
        finally
        {
            EndCall();
        }
    }

    private Task<object?> InvokeAsync(GrainCall call)
    {
        var task = (Task)call.Method.Invoke(_instance, call.Arguments)!;
        return ResultReaders.GetOrAdd(call.Method, CreateResultReader)(task);
    }

    private void EndCall()
    {
        lock (_gate)
        {
            _inflight--;
            _lastActivity = _time.GetTimestamp();
        }

        if (_deactivateRequested)
        {
            TryDeactivateIfIdle(TimeSpan.Zero);
        }
    }

    private async Task DeactivateAsync()
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
    }

    /// <summary>Notes that a turn lost a version race: the state in memory is stale, so this activation must go.</summary>
    internal void OnTurnFailed(Exception exception)
    {
        if (exception is InconsistentStateException)
        {
            _deactivateRequested = true;
        }
    }

    private Exception Unwrap(Exception ex)
    {
        var inner = ex is TargetInvocationException { InnerException: { } e } ? e : ex;
        OnTurnFailed(inner);
        return inner;
    }

    private static Func<Task, Task<object?>> CreateResultReader(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return ReadResultMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<Task, Task<object?>>>();
        }

        return static async task =>
        {
            await task.ConfigureAwait(false);
            return null;
        };
    }

    private static async Task<object?> ReadResultAsync<T>(Task task) => await ((Task<T>)task).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation of grain {Grain} failed")]
    private static partial void LogActivationFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deactivation of grain {Grain} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception exception, GrainId grain);
}
