using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>Sessions started and stopped for operators, closing a connection, and commands queued for an offline charge point.</summary>
public partial interface IChargePointGrain
{
    /// <summary>
    /// Sends a remote start and waits, at most <paramref name="wait"/> in all, for the StartTransaction it causes (same
    /// id tag, and connector when one is named, arriving after the command went out).
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:11:00")]
    Task<SessionStart> StartSessionAsync(SessionStartRequest request, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a remote stop for one of the charge point's transactions and waits, at most <paramref name="wait"/>, for its
    /// StopTransaction; when the charge point is offline, does not answer or refuses, ends the transaction for billing instead.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:11:00")]
    Task<SessionStop> StopSessionAsync(int transactionId, string reason, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Closes the charge point's socket, wherever it is held, telling it <paramref name="reason"/>.</summary>
    Task<DisconnectOutcome> DisconnectAsync(string reason);

    /// <summary>Stores a command to be sent after the charge point's next accepted boot, unless <paramref name="expiresAt"/> passes first.</summary>
    Task<QueueCommandResult> QueueCommandAsync(ChargePointCommand command, DateTimeOffset expiresAt);

    /// <summary>The queued commands, oldest first, with their outcomes; null when the charge point is not registered.</summary>
    [ReadOnly]
    Task<IReadOnlyList<QueuedCommand>?> GetQueuedCommandsAsync();

    /// <summary>Forgets a queued command (a pending one is then never sent); false when there is no such command.</summary>
    Task<bool> RemoveQueuedCommandAsync(int commandId);

    /// <summary>Records what came of sending a queued command; the grain calls it on itself, one write per outcome.</summary>
    Task SettleQueuedCommandAsync(int commandId, string status, string? answer, string? error);

    /// <summary>Tells the grain that the answer to a BootNotification went out: the commands queued for the charge point may follow it now.</summary>
    [OneWay]
    [AlwaysInterleave]
    Task BootAnsweredAsync();
}
