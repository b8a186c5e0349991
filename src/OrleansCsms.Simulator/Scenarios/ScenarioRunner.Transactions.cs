using System.Net.WebSockets;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>Connections and transactions of a scripted charge point: messages queue while it is offline and flow on reconnect.</summary>
public sealed partial class ScenarioRunner
{
    private async Task StartTransactionAsync(int number, ScenarioStep step, StartTransactionStep start, CancellationToken cancellationToken)
    {
        var meter = MeterOf(start.ConnectorId);
        if (start.MeterStart is { } meterStart)
        {
            meter.SetRegister(meterStart);
        }

        var transaction = new LocalTransaction(start.ConnectorId, start.IdTag, meter.RegisterWh, start.Timestamp ?? meter.Clock.Now);
        _transactions[start.ConnectorId] = transaction;
        _lastConnector = start.ConnectorId;
        await QueueAsync(number, TransactionMessages.Start(transaction), step.ExpectError, cancellationToken);
    }

    private async Task MeterValuesAsync(int number, ScenarioStep step, MeterValuesStep meterValues, CancellationToken cancellationToken)
    {
        var connectorId = meterValues.ConnectorId ?? _lastConnector;
        var meter = MeterOf(connectorId);
        for (var i = 1; i <= meterValues.Count; i++)
        {
            meter.AddEnergy(meterValues.EnergyStepWh);
            var sample = meter.Sample(meter.Clock.Advance(TimeSpan.Zero));
            if (_transactions.TryGetValue(connectorId, out var transaction))
            {
                await QueueAsync(number, TransactionMessages.MeterValues(transaction, sample), step.ExpectError, cancellationToken);
            }
            else if (RequireOnline(number, "meterValues outside a transaction"))
            {
                var payload = V16Json.ToPayload(new MeterValuesRequest { ConnectorId = connectorId, MeterValue = [sample] });
                Check(number, "MeterValues", await _connection!.CallAsync("MeterValues", payload, CallTimeout, cancellationToken), step.ExpectError);
            }

            if (i < meterValues.Count && meterValues.IntervalSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(meterValues.IntervalSeconds), cancellationToken);
            }
        }
    }

    private async Task StopTransactionAsync(int number, ScenarioStep step, StopTransactionStep stop, CancellationToken cancellationToken)
    {
        var connectorId = stop.ConnectorId ?? _lastConnector;
        if (!_transactions.Remove(connectorId, out var transaction))
        {
            throw new InvalidDataException($"No transaction runs on connector {connectorId}.");
        }

        var meter = MeterOf(connectorId);
        if (stop.MeterStop is { } meterStop)
        {
            meter.SetRegister(meterStop);
        }

        Reason? reason = stop.Reason is null ? null
            : Enum.TryParse<Reason>(stop.Reason, out var parsed) ? parsed
            : throw new InvalidDataException($"'{stop.Reason}' is not a stop reason.");
        await QueueAsync(number, TransactionMessages.Stop(transaction, meter.RegisterWh, meter.Clock.Advance(TimeSpan.Zero), reason), step.ExpectError, cancellationToken);
    }

    /// <summary>Queues a transaction message; online, waits for its answer, offline it is checked after the reconnect that delivers it.</summary>
    private async Task QueueAsync(int number, QueuedTransactionMessage message, string? expectError, CancellationToken cancellationToken)
    {
        await _queue.EnqueueAsync(message, cancellationToken);
        if (!IsOnline)
        {
            _queuedOffline.Add(new QueuedStep(number, message, expectError));
            Print($"  (offline: {message.Action} queued, {_queue.Count} waiting)");
            return;
        }

        await CheckDeliveryAsync(new QueuedStep(number, message, expectError), cancellationToken);
    }

    private async Task CheckDeliveryAsync(QueuedStep queued, CancellationToken cancellationToken)
    {
        try
        {
            // Messages ahead of this one may be waiting too, each with its own timeout.
            var patience = CallTimeout * (_queue.Count + 1);
            Check(queued.Number, queued.Message.Action, await queued.Message.Delivery.WaitAsync(patience, cancellationToken), queued.ExpectError);
        }
        catch (TimeoutException)
        {
            Fail(queued.Number, $"{queued.Message.Action} got no answer");
        }
    }

    private async Task ReconnectAsync(int number, CancellationToken cancellationToken)
    {
        if (IsOnline)
        {
            await DisconnectAsync(abrupt: false);
        }

        if (!await ConnectAsync(cancellationToken))
        {
            Fail(number, "could not reconnect");
            return;
        }

        var queued = _queuedOffline.ToList();
        _queuedOffline.Clear();
        foreach (var step in queued)
        {
            await CheckDeliveryAsync(step, cancellationToken);
        }

        if (queued.Count > 0)
        {
            Print($"  ({queued.Count} queued message(s) delivered in order)");
        }
    }

    private async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var socket = await _dialer.ConnectAsync(_uri, _script.Identity, _password, 0, cancellationToken);
            _connection = OcppClientConnection.Start(socket, new OcppConnectionHooks(OnServerCall, OnFrame, issue => Print($"  ! {issue}")));
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            Print($"  FAIL could not connect: {ex.Message}");
            return false;
        }

        Print("connected");
        var connection = _connection;
        _delivering = new CancellationTokenSource();
        var token = _delivering.Token;
        _delivery = _queue.DeliverAsync((action, payload, ct) => connection.CallAsync(action, payload, CallTimeout, ct), _configuration, token);
        return true;
    }

    private async Task DisconnectAsync(bool abrupt)
    {
        if (_connection is not { } connection)
        {
            return;
        }

        if (_delivering is { } delivering)
        {
            await delivering.CancelAsync();
            try
            {
                await _delivery;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }

            delivering.Dispose();
            _delivering = null;
        }

        if (abrupt)
        {
            connection.Abort();
        }
        else
        {
            await connection.CloseAsync("Scenario step.");
        }

        await connection.DisposeAsync();
        _connection = null;
        Print(abrupt ? "connection dropped" : "disconnected");
    }
}
