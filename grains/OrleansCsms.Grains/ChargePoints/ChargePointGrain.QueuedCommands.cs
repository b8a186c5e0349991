using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>
/// Commands queued for a charge point while it is offline: stored with their expiry, and sent one after another, in the
/// order queued, once the answer to its next accepted boot went out. An expired one is never sent.
/// </summary>
public sealed partial class ChargePointGrain
{
    // Set while the queue is being delivered: a second boot meanwhile must not send the same commands again.
    private bool _deliveringQueue;

    public async Task<QueueCommandResult> QueueCommandAsync(ChargePointCommand command, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!State.Registered)
        {
            return new QueueCommandResult(null, UnknownChargePoint: true);
        }

        if (State.QueuedCommands.Count(c => c.StatusAt(Now) == QueuedCommandStatuses.Pending) >= _options.MaxQueuedCommands)
        {
            return new QueueCommandResult(null, QueueFull: true);
        }

        var queued = new QueuedCommand(State.NextQueuedCommandId++, command, Now, expiresAt);
        State.QueuedCommands.Add(queued);
        TrimSettledCommands();
        await WriteAsync();
        return new QueueCommandResult(queued);
    }

    public Task<IReadOnlyList<QueuedCommand>?> GetQueuedCommandsAsync() =>
        Task.FromResult<IReadOnlyList<QueuedCommand>?>(State.Registered ? [.. State.QueuedCommands.Select(c => c with { Status = c.StatusAt(Now) })] : null);

    public async Task<bool> RemoveQueuedCommandAsync(int commandId)
    {
        if (State.QueuedCommands.RemoveAll(c => c.Id == commandId) == 0)
        {
            return false;
        }

        await WriteAsync();
        return true;
    }

    public async Task SettleQueuedCommandAsync(int commandId, string status, string? answer, string? error)
    {
        var index = State.QueuedCommands.FindIndex(c => c.Id == commandId);
        if (index < 0)
        {
            // Removed by an operator while it was being sent.
            return;
        }

        State.QueuedCommands[index] = State.QueuedCommands[index] with { Status = status, SettledAt = Now, Answer = answer, Error = error };
        await WriteAsync();
    }

    public async Task BootAnsweredAsync()
    {
        if (_deliveringQueue || State.BootStatus != "Accepted" || !State.QueuedCommands.Exists(c => c.Status == QueuedCommandStatuses.Pending))
        {
            return;
        }

        _deliveringQueue = true;
        try
        {
            await DeliverQueueAsync();
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            // The undelivered ones stay pending for the next boot.
            LogQueueNotDelivered(logger, ex, Key);
        }
        finally
        {
            _deliveringQueue = false;
        }
    }

    /// <summary>
    /// Sends the pending commands in order. This runs interleaved (it waits on the charge point), so each outcome is
    /// written by a turn of its own, through the grain's queue.
    /// </summary>
    private async Task DeliverQueueAsync()
    {
        var self = this.AsReference<IChargePointGrain>();
        var pending = State.QueuedCommands.Where(c => c.Status == QueuedCommandStatuses.Pending).Select(c => c.Id).ToList();
        foreach (var commandId in pending)
        {
            // Looked up again each time: an operator may have removed it meanwhile.
            if (State.QueuedCommands.Find(c => c.Id == commandId) is not { Status: QueuedCommandStatuses.Pending } queued)
            {
                continue;
            }

            if (queued.ExpiresAt <= Now)
            {
                await self.SettleQueuedCommandAsync(commandId, QueuedCommandStatuses.Expired, null, null);
                continue;
            }

            var call = await CommandAsync(queued.Command);
            switch (call.Outcome)
            {
                case CallOutcome.Completed:
                    await self.SettleQueuedCommandAsync(
                        commandId, QueuedCommandStatuses.Delivered, call.Payload is { } payload ? payload.GetRawText() : "{}", null);
                    break;
                case CallOutcome.Failed:
                    await self.SettleQueuedCommandAsync(commandId, QueuedCommandStatuses.Failed, null, $"{call.ErrorCode}: {call.ErrorDescription}");
                    break;
                case CallOutcome.TimedOut:
                    // It may have been carried out: sending it again could do it twice.
                    await self.SettleQueuedCommandAsync(commandId, QueuedCommandStatuses.Failed, null, "The charge point did not answer in time.");
                    break;
                default:
                    // Gone again: the rest waits for the next boot.
                    LogQueueInterrupted(logger, Key, commandId);
                    return;
            }
        }
    }

    /// <summary>Keeps as many settled commands as may be pending, dropping the oldest: enough to read back what happened.</summary>
    private void TrimSettledCommands()
    {
        var settled = State.QueuedCommands.Where(c => c.Status != QueuedCommandStatuses.Pending).ToList();
        foreach (var old in settled.Take(Math.Max(0, settled.Count - _options.MaxQueuedCommands)))
        {
            State.QueuedCommands.Remove(old);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: its queued commands could not all be delivered; the rest stay pending")]
    private static partial void LogQueueNotDelivered(ILogger logger, Exception exception, string chargePointId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId} went away while its queued command {CommandId} was being sent; it stays pending")]
    private static partial void LogQueueInterrupted(ILogger logger, string chargePointId, int commandId);
}
