using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>Charging sessions: authorize, start, meter values at the sample interval, stop.</summary>
public sealed partial class SimulatedChargePoint
{
    private static readonly TimeSpan BusyConnectorRetry = TimeSpan.FromSeconds(1);

    /// <summary>A connector's own sessions, one after another with think time between, until told to stop or out of sessions.</summary>
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

                await ChargeSessionAsync(connector, IdTagOf(connector), remote: false);
            }
        }
        catch (OperationCanceledException)
        {
            // The simulation is ending.
        }
    }

    /// <summary>Runs one session on a connector already reserved for it, and releases the connector at the end.</summary>
    private async Task ChargeSessionAsync(ConnectorState connector, string idTag, bool remote)
    {
        Interlocked.Increment(ref _runningSessions);
        _metrics.SessionStarted();
        try
        {
            var stopping = _sessionsStopping.Token;
            if ((!remote || Configuration.AuthorizeRemoteTxRequests) && !await AuthorizeAsync(idTag, stopping))
            {
                return;
            }

            await ReportSessionStatusAsync(connector, ChargePointStatus.Preparing);
            connector.Meter.BeginSession();
            var transaction = new LocalTransaction(connector.Id, idTag, connector.Meter.RegisterWh, connector.Meter.Clock.Now);
            var session = connector.BeginSession(transaction, stopping);
            await _queue.EnqueueAsync(TransactionMessages.Start(transaction), _running);
            await ReportSessionStatusAsync(connector, ChargePointStatus.Charging);
            var reason = await ChargeAsync(connector, session);
            await ReportSessionStatusAsync(connector, ChargePointStatus.Finishing);

            // The stop is queued even when the simulation is ending: the transaction must be closed on the central system.
            var stop = await _queue.EnqueueAsync(StopMessage(transaction, connector.Meter.RegisterWh, connector.Meter.Clock.Now, reason), _running);
            connector.EndSession();
            if (connector.InoperativeScheduled)
            {
                connector.InoperativeScheduled = false;
                connector.IsOperative = false;
            }

            await ReportSessionStatusAsync(connector, connector.IsOperative ? ChargePointStatus.Available : ChargePointStatus.Unavailable);
            await WhileOnlineAwaitAsync(stop);
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
            connector.EndSession();
            connector.Release();
            _metrics.SessionEnded();
            Interlocked.Decrement(ref _runningSessions);
        }
    }

    /// <summary>Samples the meter until the session length is reached or the session is told to stop; returns the stop reason.</summary>
    private async Task<Reason> ChargeAsync(ConnectorState connector, ActiveSession session)
    {
        var remaining = _settings.SessionLength;
        try
        {
            while (remaining > TimeSpan.Zero)
            {
                var interval = TimeSpan.FromSeconds(Configuration.MeterValueSampleIntervalSeconds);
                var step = interval > TimeSpan.Zero && interval < remaining ? interval : remaining;
                await SimulatedDelayAsync(step, session.StopRequested);
                connector.Meter.Advance(step.TotalSeconds);
                var sampledAt = connector.Meter.Clock.Advance(step);
                remaining -= step;
                if (session.Transaction.IsDeauthorized)
                {
                    return Reason.DeAuthorized;
                }

                if (interval > TimeSpan.Zero)
                {
                    await _queue.EnqueueAsync(TransactionMessages.MeterValues(session.Transaction, connector.Meter.Sample(sampledAt)), session.StopRequested);
                }
            }

            return Reason.Local;
        }
        catch (OperationCanceledException) when (session.StopRequested.IsCancellationRequested)
        {
            return session.StopReason;
        }
    }

    /// <summary>
    /// Online, a connector takes its next driver only once the central system has closed the last transaction,
    /// or the next Authorize could overtake the queued stop and find the tag still busy (ConcurrentTx).
    /// Offline, the queue carries the stop and the connector is free at once.
    /// </summary>
    private async Task WhileOnlineAwaitAsync(QueuedTransactionMessage message)
    {
        while (!message.Delivery.IsCompleted && _booted && IsConnected && !_running.IsCancellationRequested)
        {
            await Task.WhenAny(message.Delivery, Task.Delay(TimeSpan.FromMilliseconds(100), _running));
        }
    }

    /// <summary>Authorizes online; offline (or before a boot is accepted) the tag is trusted, as LocalAuthorizeOffline allows.</summary>
    private async Task<bool> AuthorizeAsync(string idTag, CancellationToken cancellationToken)
    {
        var outcome = await CallAsync("Authorize", V16Json.ToPayload(new AuthorizeRequest { IdTag = idTag }), cancellationToken);
        switch (outcome.Kind)
        {
            case CallOutcomeKind.Result:
                var status = TryRead<AuthorizeConfirmation>(outcome.Payload)?.IdTagInfo.Status;
                if (status == AuthorizationStatus.Accepted)
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

    private async Task ReportSessionStatusAsync(ConnectorState connector, ChargePointStatus status)
    {
        connector.Status = status;
        if (_settings.SessionStatusNotifications)
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
