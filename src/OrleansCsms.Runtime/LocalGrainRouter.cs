using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Runtime;

/// <summary>
/// Routes grain calls to activations in this process: activates a grain on its first call, keeps at most one
/// activation per grain here, and deactivates activations that have been idle for the configured time.
/// </summary>
public sealed partial class LocalGrainRouter : IGrainCallRouter, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly GrainTypeRegistry _types;
    private readonly IServiceProvider _services;
    private readonly GrainRuntimeOptions _options;
    private readonly ILogger<LocalGrainRouter> _logger;
    private readonly ITimer _collector;
    private readonly Lazy<IGrainFactory> _factory;
    private readonly IDisposable _activationGauge;
    private long _activationsCreated;

    public LocalGrainRouter(GrainTypeRegistry types, IServiceProvider services, IOptions<GrainRuntimeOptions> options, TimeProvider time, ILogger<LocalGrainRouter> logger)
    {
        _types = types;
        _services = services;
        _options = options.Value;
        _logger = logger;
        // Grains call other grains through the process's factory: on a cluster silo that routes to each grain's
        // owner, so a callee is never activated here when another silo owns it. Resolved late: that factory's
        // router may itself depend on this one.
        _factory = new Lazy<IGrainFactory>(() => services.GetService(typeof(IGrainFactory)) as IGrainFactory ?? new GrainFactory(this));
        _activationGauge = CsmsInstruments.ObserveActivations(() => ActivationCount);
        _collector = time.CreateTimer(static s => ((LocalGrainRouter)s!).CollectIdle(), this, _options.CollectionInterval, _options.CollectionInterval);
    }

    /// <summary>Number of activations currently in this process.</summary>
    public int ActivationCount => _activations.Count;

    /// <summary>Number of activations created since start.</summary>
    public long ActivationsCreated => Interlocked.Read(ref _activationsCreated);

    /// <inheritdoc />
    public Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Deliver(call, reply);
        return reply.Task;
    }

    /// <summary>Deactivates every activation and waits for them to finish (used at shutdown).</summary>
    public Task DeactivateAllAsync() => DeactivateWhereAsync(static _ => true);

    /// <summary>Deactivates the activations of the grains that match and waits for them to finish (used when handing a partition over).</summary>
    public async Task DeactivateWhereAsync(Func<GrainId, bool> predicate)
    {
        var all = _activations.Values.Where(a => predicate(a.Id)).ToArray();
        foreach (var activation in all)
        {
            // An activation with calls in flight deactivates as soon as the last of them ends.
            activation.RequestDeactivation();
        }

        await Task.WhenAll(all.Select(a => a.Completion)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _activationGauge.Dispose();
        await _collector.DisposeAsync().ConfigureAwait(false);
        await DeactivateAllAsync().ConfigureAwait(false);
    }

    /// <summary>Queues a call on the grain's activation here, creating one when there is none or it is going away.</summary>
    private void Deliver(GrainCall call, TaskCompletionSource<object?> reply)
    {
        while (true)
        {
            var activation = _activations.GetOrAdd(call.Target, CreateActivation, Task.CompletedTask);

            // Queued before starting, so a failing activation fails this call rather than sending it round again;
            // started even when refused, so an activation put in the directory always comes to an end.
            var accepted = activation.TryEnqueue(call, reply);
            activation.EnsureStarted();
            if (accepted)
            {
                return;
            }

            // That activation is going away: the next one starts only after it has finished, so two
            // activations of one grain never run here at the same time.
            var replacement = CreateActivation(call.Target, activation.Completion);
            if (_activations.TryUpdate(call.Target, replacement, activation))
            {
                accepted = replacement.TryEnqueue(call, reply);
                replacement.EnsureStarted();
                if (accepted)
                {
                    return;
                }
            }
        }
    }

    private GrainActivation CreateActivation(GrainId id, Task predecessor)
    {
        // Not started here: a concurrent GetOrAdd may build activations that lose the race and are dropped unstarted.
        return new GrainActivation(id, _types.Get(id.Type), _factory.Value, _services, _logger, predecessor, Deliver, OnActivationCompleted)
        {
            ActivationStarted = () => Interlocked.Increment(ref _activationsCreated),
        };
    }

    private void OnActivationCompleted(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));

    private void CollectIdle()
    {
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.TryDeactivateIfIdle(_options.IdleTimeout))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            LogCollected(_logger, collected);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivating {Count} idle grain activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
