using System.Text.Json;

namespace OrleansCsms.Simulator;

/// <summary>
/// A charge point's transaction messages in the order they happened. It outlives connections: messages
/// queued offline wait, and each connection delivers from the head, one at a time, until it is empty or the
/// connection goes.
/// </summary>
public sealed class TransactionQueue
{
    private static readonly Backoff TimeoutBackoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    private readonly Lock _lock = new();
    private readonly Queue<QueuedTransactionMessage> _items = new();
    private readonly SemaphoreSlim _space;
    private readonly SemaphoreSlim _waiting = new(0);
    private readonly SimulationMetrics? _metrics;
    private readonly Random _random;

    public TransactionQueue(int capacity, Random random, SimulationMetrics? metrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _space = new SemaphoreSlim(capacity, capacity);
        _random = random;
        _metrics = metrics;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Appends a message, waiting while the queue is full; returns it so the caller can await its delivery.</summary>
    public async Task<QueuedTransactionMessage> EnqueueAsync(QueuedTransactionMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _space.WaitAsync(cancellationToken);
        lock (_lock)
        {
            _items.Enqueue(message);
        }

        _metrics?.TransactionMessageQueued();
        _waiting.Release();
        return message;
    }

    /// <summary>
    /// Delivers messages in order through <paramref name="call"/> until <paramref name="cancellationToken"/> fires
    /// or the connection is lost. A CALLERROR is retried after <c>TransactionMessageRetryInterval</c> times the
    /// attempt number, and the message given up after <c>TransactionMessageAttempts</c>; an unanswered message is
    /// resent with backoff, never given up.
    /// </summary>
    public async Task DeliverAsync(
        Func<string, JsonElement, CancellationToken, Task<CallOutcome>> call,
        ChargePointConfiguration configuration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(configuration);
        while (true)
        {
            await _waiting.WaitAsync(cancellationToken);
            var keepsHead = true;
            try
            {
                var head = Peek();
                if (head.BuildPayload() is not { } payload)
                {
                    keepsHead = false;
                    GiveUp(head, new CallOutcome(CallOutcomeKind.Error, default, null, "The transaction never got an id from the central system.", TimeSpan.Zero));
                    continue;
                }

                var outcome = await call(head.Action, payload, cancellationToken);
                switch (outcome.Kind)
                {
                    case CallOutcomeKind.Result:
                        keepsHead = false;
                        Remove(head, outcome);
                        break;
                    case CallOutcomeKind.Error when ++head.FailedAttempts >= configuration.TransactionMessageAttempts:
                        keepsHead = false;
                        GiveUp(head, outcome);
                        break;
                    case CallOutcomeKind.Error:
                        await Task.Delay(configuration.TransactionMessageRetryInterval * head.FailedAttempts, cancellationToken);
                        break;
                    case CallOutcomeKind.Timeout:
                        await Task.Delay(TimeoutBackoff.Delay(head.TimedOutAttempts++, _random), cancellationToken);
                        break;
                    default:
                        // The connection is gone: the head waits for the next one.
                        return;
                }
            }
            finally
            {
                if (keepsHead)
                {
                    _waiting.Release();
                }
            }
        }
    }

    /// <summary>Waits until every queued message is delivered or given up.</summary>
    public async Task WhenEmptyAsync(CancellationToken cancellationToken)
    {
        while (Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private QueuedTransactionMessage Peek()
    {
        lock (_lock)
        {
            return _items.Peek();
        }
    }

    private void GiveUp(QueuedTransactionMessage message, CallOutcome outcome)
    {
        _metrics?.RecordError($"Gave up {message.Action}");
        if (message.Action == "StartTransaction")
        {
            message.Transaction.StartFailed();
        }

        Remove(message, outcome);
    }

    private void Remove(QueuedTransactionMessage message, CallOutcome outcome)
    {
        lock (_lock)
        {
            _items.Dequeue();
        }

        _metrics?.TransactionMessageLeftQueue();
        _space.Release();
        message.Complete(outcome);
    }
}
