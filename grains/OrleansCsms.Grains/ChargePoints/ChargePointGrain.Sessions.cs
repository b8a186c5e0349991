using System.Globalization;
using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>
/// Sessions for operators: a remote start answered with the transaction it caused, a remote stop answered with the
/// stop (or, when the charge point cannot be reached, a stop for billing), and closing the connection.
/// </summary>
/// <remarks>
/// The waits are signals, not polls: a session start or stop leaves a waiter in memory, and the turn that handles the
/// StartTransaction or StopTransaction completes it. Both run interleaved, so the charge point's own messages are
/// handled while they wait.
/// </remarks>
public sealed partial class ChargePointGrain
{
    private readonly List<SessionStartWaiter> _sessionStarts = [];
    private readonly Dictionary<int, TaskCompletionSource<bool>> _sessionStops = [];

    public async Task<SessionStart> StartSessionAsync(SessionStartRequest request, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!State.Registered)
        {
            return new SessionStart(SessionStartOutcome.UnknownChargePoint);
        }

        if (Socket() is null)
        {
            return new SessionStart(SessionStartOutcome.Offline);
        }

        var deadline = Now + wait;

        // Waiting before the command goes out: a quick charge point may start before its answer to the command arrives.
        var waiter = new SessionStartWaiter(request);
        _sessionStarts.Add(waiter);
        try
        {
            var call = await CommandAsync(new RemoteStartCommand(request.IdTag, request.ConnectorId), Remaining(deadline, wait), cancellationToken);
            var status = StatusOf(call);
            switch (call.Outcome)
            {
                case CallOutcome.NotConnected:
                    return new SessionStart(SessionStartOutcome.Offline);
                case CallOutcome.UnknownChargePoint:
                    return new SessionStart(SessionStartOutcome.UnknownChargePoint);
                case CallOutcome.Failed:
                    return new SessionStart(SessionStartOutcome.Rejected, Detail: $"The charge point answered RemoteStartTransaction with {call.ErrorCode}: {call.ErrorDescription}");
                case CallOutcome.Completed when status != "Accepted":
                    return new SessionStart(SessionStartOutcome.Rejected, status, Detail: $"The charge point answered RemoteStartTransaction with {status ?? "no status"}.");
            }

            // Accepted, or not answered in time: a charge point that did not answer may still have started.
            var started = await WaitAsync(waiter.Started.Task, deadline, cancellationToken);
            if (started is not { } start)
            {
                return new SessionStart(
                    SessionStartOutcome.Timeout, status, Detail: string.Create(
                        CultureInfo.InvariantCulture, $"No StartTransaction for '{request.IdTag}' arrived within {wait.TotalSeconds:0.#} s of the remote start."));
            }

            var outcome = start.Result.IdTagInfo.Status == "Accepted" ? SessionStartOutcome.Accepted : SessionStartOutcome.Rejected;
            return new SessionStart(outcome, status, start.Result.TransactionId, start.ConnectorId, start.Result.IdTagInfo.Status,
                outcome == SessionStartOutcome.Rejected ? $"The transaction started, but the id tag was refused with {start.Result.IdTagInfo.Status}." : null);
        }
        finally
        {
            _sessionStarts.Remove(waiter);
        }
    }

    public async Task<SessionStop> StopSessionAsync(int transactionId, string reason, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var before = await Transaction(transactionId).GetAsync();
        if (before is null || before.ChargePointId != Key)
        {
            return new SessionStop(SessionStopOutcome.UnknownTransaction, null);
        }

        if (!before.Active)
        {
            return new SessionStop(SessionStopOutcome.AlreadyEnded, before);
        }

        var deadline = Now + wait;
        var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessionStops[transactionId] = stopped;
        try
        {
            var call = await CommandAsync(new RemoteStopCommand(transactionId), Remaining(deadline, wait), cancellationToken);
            var status = call.Outcome == CallOutcome.Completed ? StatusOf(call) : call.Outcome.ToString();
            if (call.Outcome == CallOutcome.Completed && status == "Accepted")
            {
                var outcome = await WaitAsync(stopped.Task, deadline, cancellationToken)
                    ? SessionStopOutcome.Stopped
                    : SessionStopOutcome.Stopping;
                return new SessionStop(outcome, await Transaction(transactionId).GetAsync(), status);
            }

            // Through the grain's own queue: the end writes state, which an interleaved turn must never do.
            var ended = await this.AsReference<IChargePointGrain>().EndTransactionAsync(transactionId, new TransactionEnd(
                TransactionEnders.Csms,
                $"{reason} The charge point could not stop it (RemoteStopTransaction: {status ?? "no status"}), so it was ended for billing at its last known meter reading."));
            return new SessionStop(ended is { EndedBy: TransactionEnders.ChargePoint } ? SessionStopOutcome.Stopped : SessionStopOutcome.EndedByCsms, ended, status);
        }
        finally
        {
            _sessionStops.Remove(transactionId);
        }
    }

    public Task<DisconnectOutcome> DisconnectAsync(string reason)
    {
        if (!State.Registered)
        {
            return Task.FromResult(DisconnectOutcome.UnknownChargePoint);
        }

        if (Socket() is not { } socket)
        {
            return Task.FromResult(DisconnectOutcome.NotConnected);
        }

        // One-way: the front-end closes the socket and then reports the disconnection like any other.
        return CloseAsync(socket, reason);
    }

    /// <summary>Completes the session start waiting for this StartTransaction, if any: the first one for its id tag (and connector).</summary>
    private void SignalSessionStart(StartTransactionRequest request, StartTransactionResult result) =>
        SignalSessionStart(request.ConnectorId, request.IdTag, result);

    /// <summary>
    /// The OCPP 2.0.1 counterparts: a transaction that begins with an id token (as a remote start's does) completes the
    /// session start waiting for it, on its EVSE; one that ends, the session stop waiting for it.
    /// </summary>
    private void SignalSessions(TransactionEventReport report, StationTransaction transaction, bool begun, bool ended, TransactionEventOutcome outcome)
    {
        if (begun && report.IdToken is { } idToken && outcome.IdTokenInfo is { } idTokenInfo)
        {
            SignalSessionStart(transaction.EvseId, idToken, new StartTransactionResult(transaction.TransactionId, idTokenInfo));
        }

        if (ended)
        {
            SignalSessionStop(transaction.TransactionId);
        }
    }

    private void SignalSessionStart(int connectorId, string idTag, StartTransactionResult result)
    {
        var waiter = _sessionStarts.Find(w => w.Matches(connectorId, idTag));
        if (waiter is not null)
        {
            _sessionStarts.Remove(waiter);
            waiter.Started.TrySetResult(new StartedTransaction(connectorId, result));
        }
    }

    private void SignalSessionStop(int transactionId)
    {
        if (_sessionStops.Remove(transactionId, out var stopped))
        {
            stopped.TrySetResult(true);
        }
    }

    private static async Task<DisconnectOutcome> CloseAsync(IChargePointSocket socket, string reason)
    {
        await socket.CloseAsync(reason);
        return DisconnectOutcome.Closed;
    }

    private static string? StatusOf(ChargePointCallResult call) =>
        call.Outcome == CallOutcome.Completed && call.Payload is { ValueKind: JsonValueKind.Object } payload
        && payload.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;

    /// <summary>The time left until <paramref name="deadline"/>, at least a second: a command needs some time to be answered at all.</summary>
    private TimeSpan Remaining(DateTimeOffset deadline, TimeSpan wait)
    {
        var left = deadline - Now;
        var callTimeout = TimeSpan.FromSeconds(_options.CallTimeoutSeconds);
        return TimeSpan.FromTicks(Math.Clamp(Math.Min(left.Ticks, callTimeout.Ticks), TimeSpan.TicksPerSecond, Math.Max(wait.Ticks, TimeSpan.TicksPerSecond)));
    }

    /// <summary>The task's result, or default when <paramref name="deadline"/> passes first.</summary>
    private async Task<T?> WaitAsync<T>(Task<T> signal, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var left = deadline - Now;
        if (left <= TimeSpan.Zero && !signal.IsCompleted)
        {
            return default;
        }

        try
        {
            return await signal.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return default;
        }
    }

    /// <summary>A session start waiting for its StartTransaction.</summary>
    private sealed class SessionStartWaiter(SessionStartRequest request)
    {
        public TaskCompletionSource<StartedTransaction> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Id tags are case-insensitive (CiString20 in OCPP 1.6, IdToken in 2.0.1).
        public bool Matches(int connectorId, string idTag) =>
            string.Equals(idTag, request.IdTag, StringComparison.OrdinalIgnoreCase)
            && (request.ConnectorId is null || request.ConnectorId == connectorId);
    }

    private sealed record StartedTransaction(int ConnectorId, StartTransactionResult Result);
}
