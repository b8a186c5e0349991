using System.Text.Json;

namespace OrleansCsms.Simulator;

/// <summary>
/// A StartTransaction, MeterValues or StopTransaction waiting in a charge point's queue. Its payload is built
/// at delivery, because a message queued offline may name a transaction whose id is not known yet.
/// </summary>
public sealed class QueuedTransactionMessage
{
    private readonly Func<LocalTransaction, JsonElement?> _buildPayload;
    private readonly Action<CallOutcome>? _onAcknowledged;
    private readonly TaskCompletionSource<CallOutcome> _delivery = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="action">The OCPP action.</param>
    /// <param name="transaction">The transaction the message belongs to.</param>
    /// <param name="buildPayload">Builds the payload when it is sent; null when it cannot be, because the transaction never got an id.</param>
    /// <param name="onAcknowledged">Runs when the central system answered with a CALLRESULT.</param>
    public QueuedTransactionMessage(string action, LocalTransaction transaction, Func<LocalTransaction, JsonElement?> buildPayload, Action<CallOutcome>? onAcknowledged = null)
    {
        Action = action;
        Transaction = transaction;
        _buildPayload = buildPayload;
        _onAcknowledged = onAcknowledged;
    }

    public string Action { get; }

    public LocalTransaction Transaction { get; }

    /// <summary>Attempts answered with a CALLERROR so far.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Attempts that got no answer in time so far.</summary>
    public int TimedOutAttempts { get; set; }

    /// <summary>Completes with the final outcome: a CALLRESULT, or the CALLERROR after which the message was given up.</summary>
    public Task<CallOutcome> Delivery => _delivery.Task;

    public JsonElement? BuildPayload() => _buildPayload(Transaction);

    public void Complete(CallOutcome outcome)
    {
        if (outcome.IsResult)
        {
            _onAcknowledged?.Invoke(outcome);
        }

        _delivery.TrySetResult(outcome);
    }
}
