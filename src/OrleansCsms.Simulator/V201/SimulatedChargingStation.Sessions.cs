using OrleansCsms.Ocpp.V201;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// Charging sessions in 2.0.1: authorize, then one transaction told as TransactionEvent Started, Updated at the
/// sample interval, and Ended, numbered by seqNo. Events that happen while the station is offline wait in the
/// queue and go out with offline=true once it is back.
/// </summary>
public sealed partial class SimulatedChargingStation
{
    private static readonly TimeSpan BusyConnectorRetry = TimeSpan.FromSeconds(1);

    private async Task AutoSessionsAsync(ConnectorState connector)
    {
        var stopping = _sessionsStopping.Token;
        try
        {
            await _firstBoot.Task.WaitAsync(stopping);
            await _sessionsReleased.WaitAsync(stopping);

            // The first wait is spread over the whole think time so that a fleet does not plug in all at once.
            var think = _settings.ThinkTime * connector.Random.NextDouble();
            while (!stopping.IsCancellationRequested)
            {
                await SimulatedDelayAsync(think, stopping);
                connector.Meter.Clock.Advance(think);
                think = _settings.ThinkTime * (0.5 + connector.Random.NextDouble());
                if (!connector.IsOperative || !connector.TryReserve())
                {
                    await Task.Delay(BusyConnectorRetry, stopping);
                    continue;
                }

                if (Interlocked.Decrement(ref _sessionsLeft) < 0)
                {
                    connector.Release();
                    return;
                }

                await ChargeSessionAsync(connector, IdTagOf(connector), remoteStartId: null);
            }
        }
        catch (OperationCanceledException)
        {
            // The simulation is ending.
        }
    }

    /// <summary>Runs one session on a connector already reserved for it, and releases the connector at the end.</summary>
    private async Task ChargeSessionAsync(ConnectorState connector, string idTag, int? remoteStartId)
    {
        Interlocked.Increment(ref _runningSessions);
        _metrics.SessionStarted();
        try
        {
            var stopping = _sessionsStopping.Token;
            if ((remoteStartId is null || DeviceModel.AuthorizesRemoteStart) && !await AuthorizeAsync(idTag, stopping))
            {
                return;
            }

            await ReportStatusAsync(connector, V16.ChargePointStatus.Preparing);
            connector.Meter.BeginSession();
            var transaction = new StationTransaction(
                new LocalTransaction(connector.Id, idTag, connector.Meter.RegisterWh, connector.Meter.Clock.Now), remoteStartId);
            var session = connector.BeginSession(transaction.Local, stopping);
            _transactions[connector.Id - 1] = transaction;
            await _queue.EnqueueAsync(StartedEvent(transaction), _running);
            connector.Status = V16.ChargePointStatus.Charging;
            var reason = await ChargeAsync(connector, transaction, session);

            // The end is queued even when the simulation is ending: the transaction must be closed on the CSMS.
            var ended = await _queue.EnqueueAsync(
                EndedEvent(transaction, connector.Meter.RegisterWh, connector.Meter.Clock.Now, reason), _running);
            _transactions[connector.Id - 1] = null;
            connector.EndSession();
            if (connector.InoperativeScheduled)
            {
                connector.InoperativeScheduled = false;
                connector.IsOperative = false;
            }

            await ReportStatusAsync(connector, connector.IsOperative ? V16.ChargePointStatus.Available : V16.ChargePointStatus.Unavailable);
            await WhileOnlineAwaitAsync(ended);
        }
        catch (OperationCanceledException)
        {
            // The simulation stopped outright, connection and all.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _metrics.RecordError($"Simulator fault in a session: {ex.GetType().Name}");
        }
        finally
        {
            _transactions[connector.Id - 1] = null;
            connector.EndSession();
            connector.Release();
            _metrics.SessionEnded();
            Interlocked.Decrement(ref _runningSessions);
        }
    }

    /// <summary>Samples the meter until the session length is reached or the session is told to stop; returns the 1.6 reason, mapped when the event is built.</summary>
    private async Task<V16.Reason> ChargeAsync(ConnectorState connector, StationTransaction transaction, ActiveSession session)
    {
        var remaining = _settings.SessionLength;
        try
        {
            while (remaining > TimeSpan.Zero)
            {
                var interval = TimeSpan.FromSeconds(DeviceModel.TxUpdatedIntervalSeconds);
                var step = interval > TimeSpan.Zero && interval < remaining ? interval : remaining;
                await SimulatedDelayAsync(step, session.StopRequested);
                connector.Meter.Advance(step.TotalSeconds);
                var sampledAt = connector.Meter.Clock.Advance(step);
                remaining -= step;
                if (transaction.IsDeauthorized)
                {
                    return V16.Reason.DeAuthorized;
                }

                if (interval > TimeSpan.Zero)
                {
                    await _queue.EnqueueAsync(
                        UpdatedEvent(transaction, TriggerReasonEnumType.MeterValuePeriodic, connector.Meter.Sample(sampledAt)), session.StopRequested);
                }
            }

            return V16.Reason.Local;
        }
        catch (OperationCanceledException) when (session.StopRequested.IsCancellationRequested)
        {
            return session.StopReason;
        }
    }

    /// <summary>Online, a connector takes its next driver only once the CSMS has acknowledged the last transaction's end.</summary>
    private async Task WhileOnlineAwaitAsync(QueuedTransactionMessage message)
    {
        while (!message.Delivery.IsCompleted && _booted && IsConnected && !_running.IsCancellationRequested)
        {
            await Task.WhenAny(message.Delivery, Task.Delay(TimeSpan.FromMilliseconds(100), _running));
        }
    }

    /// <summary>Authorizes online; offline (or before a boot is accepted) the token is trusted, as offline authorization allows.</summary>
    private async Task<bool> AuthorizeAsync(string idTag, CancellationToken cancellationToken)
    {
        var outcome = await CallAsync("Authorize", V201Json.ToPayload(new AuthorizeRequest { IdToken = IdToken(idTag) }), cancellationToken);
        switch (outcome.Kind)
        {
            case CallOutcomeKind.Result:
                var status = TryRead<AuthorizeConfirmation>(outcome.Payload)?.IdTokenInfo.Status;
                if (status == AuthorizationStatusEnumType.Accepted)
                {
                    return true;
                }

                _metrics.RecordError($"Authorize {status}");
                return false;
            case CallOutcomeKind.Error:
                return false;
            default:
                return true;
        }
    }

    private async Task ReportStatusAsync(ConnectorState connector, V16.ChargePointStatus status)
    {
        var before = ToConnectorStatus(connector);
        connector.Status = status;
        if (_settings.SessionStatusNotifications && ToConnectorStatus(connector) != before)
        {
            await SendStatusAsync(connector.Id, _running);
        }
    }

    private async Task SimulatedDelayAsync(TimeSpan simulated, CancellationToken cancellationToken)
    {
        var wallClock = _settings.ToWallClock(simulated);
        if (wallClock > TimeSpan.Zero)
        {
            await Task.Delay(wallClock, cancellationToken);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
