using System.Net.WebSockets;
using System.Text.Json;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Simulator;

/// <summary>
/// One simulated OCPP 2.0.1 charging station: keeps a connection up with backoff, boots, heartbeats, reports its
/// connectors, charges sessions told as TransactionEvents that survive going offline (and are then sent with
/// offline=true), and answers the CSMS's calls from a small device model. Each connector is an EVSE of its own
/// with one connector, so EVSE n is connector n of the 1.6 charge point.
/// </summary>
public sealed partial class SimulatedChargingStation : ISimulatedStation
{
    private static readonly JsonElement EmptyPayload = V201Json.ToPayload(new HeartbeatRequest());
    private static readonly TimeSpan RebootTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultBootRetry = TimeSpan.FromSeconds(30);

    private readonly SimulationSettings _settings;
    private readonly SimulationMetrics _metrics;
    private readonly WebSocketDialer _dialer;
    private readonly Random _random;
    private readonly ConnectorState[] _connectors;
    private readonly TransactionQueue _queue;
    private readonly AsyncSignal _heartbeatChanged = new();
    private readonly TaskCompletionSource _firstBoot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Task> _autoSessions = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _sessionsStopping = new();
    private readonly Uri _uri;
    private readonly Task _sessionsReleased;
    private volatile OcppClientConnection? _connection;
    private volatile bool _booted;
    private volatile bool _rebooting;
    private volatile BootReasonEnumType _bootReason = BootReasonEnumType.PowerUp;
    private int _sessionsLeft;
    private int _runningSessions;
    private CancellationToken _running;

    /// <param name="number">The station's number, which makes its identity.</param>
    /// <param name="settings">How the fleet behaves.</param>
    /// <param name="metrics">Where calls, errors and transactions are counted.</param>
    /// <param name="dialer">Opens the WebSocket, offering ocpp2.0.1.</param>
    /// <param name="sessionsReleased">Sessions start only once this completes; null for at once.</param>
    public SimulatedChargingStation(int number, SimulationSettings settings, SimulationMetrics metrics, WebSocketDialer dialer, Task? sessionsReleased = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _metrics = metrics;
        _dialer = dialer;
        _sessionsReleased = sessionsReleased ?? Task.CompletedTask;
        Number = number;
        Identity = settings.IdentityOf(number);
        _uri = WebSocketDialer.ChargePointUri(settings.Endpoint, Identity);
        _random = NewRandom(settings.Seed, number, 0);
        _connectors = [.. Enumerable.Range(1, settings.Connectors).Select(id =>
        {
            var random = NewRandom(settings.Seed, number, id);
            return new ConnectorState(id, new ConnectorMeter(random, random.Next(0, 1_000_000)), random);
        })];
        _transactions = new StationTransaction?[settings.Connectors];
        _queue = new TransactionQueue(settings.TransactionQueueCapacity, NewRandom(settings.Seed, number, -1), metrics);
        _sessionsLeft = settings.SessionsPerChargePoint > 0 ? settings.SessionsPerChargePoint : int.MaxValue;
        DeviceModel = new StationDeviceModel(
            settings,
            (int)(settings.HeartbeatInterval ?? TimeSpan.Zero).TotalSeconds,
            (int)settings.MeterInterval.TotalSeconds);
        DeviceModel.Changed += (component, variable) =>
        {
            if (component == StationDeviceModel.OcppCommCtrlr && variable == StationDeviceModel.HeartbeatInterval)
            {
                _heartbeatChanged.Set();
            }
        };
    }

    public int Number { get; }

    public string Identity { get; }

    /// <summary>The station's components and variables, read and written by Get/SetVariables.</summary>
    public StationDeviceModel DeviceModel { get; }

    public bool IsConnected => _connection is { IsOpen: true };

    public bool IsBooted => _booted;

    public int QueuedMessages => _queue.Count;

    public async Task RunAsync(CancellationToken stopping)
    {
        _running = stopping;
        _autoSessions.SetResult(_settings.AutoSessions ? Task.WhenAll(_connectors.Select(AutoSessionsAsync)) : Task.CompletedTask);

        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var connection = await ConnectAsync(stopping);
                if (connection is not null)
                {
                    if (await ServeAsync(connection, stopping))
                    {
                        failures = 0;
                    }

                    if (_rebooting)
                    {
                        _rebooting = false;
                        await DelayAsync(RebootTime, stopping);
                        continue;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A fault of the simulator itself: counted, and the station carries on as after a lost connection.
                _metrics.RecordError($"Simulator fault: {ex.GetType().Name}");
            }

            await DelayAsync(_settings.ReconnectBackoff.Delay(failures++, _random), stopping);
        }
    }

    public void StopSessions() => _sessionsStopping.Cancel();

    public async Task WhenSessionsDoneAsync(CancellationToken cancellationToken)
    {
        await (await _autoSessions.Task.WaitAsync(cancellationToken)).WaitAsync(cancellationToken);
        while (Volatile.Read(ref _runningSessions) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    public Task WhenQueueEmptyAsync(CancellationToken cancellationToken) => _queue.WhenEmptyAsync(cancellationToken);

    private async Task<OcppClientConnection?> ConnectAsync(CancellationToken stopping)
    {
        _metrics.ConnectAttempted();
        try
        {
            var socket = await _dialer.ConnectAsync(_uri, Identity, DeviceModel.BasicAuthPassword, Number, stopping);
            var hooks = new OcppConnectionHooks(OnServerCall, OnProtocolIssue: _ => _metrics.RecordError("Protocol issue"));
            return OcppClientConnection.Start(socket, hooks, OcppVersion.V201);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            _metrics.ConnectFailed(ex.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        return null;
    }

    /// <summary>Serves one connection until it closes; true when the CSMS accepted a boot on it.</summary>
    private async Task<bool> ServeAsync(OcppClientConnection connection, CancellationToken stopping)
    {
        _connection = connection;
        _metrics.ConnectionOpened();
        var accepted = false;
        using var online = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var work = RunOnlineAsync(
            () =>
            {
                accepted = true;
                _metrics.BootAccepted();
            },
            online.Token);
        try
        {
            await connection.Completion.WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            await connection.CloseAsync("The simulation ended.");
        }

        await online.CancelAsync();
        await IgnoringCancellation(work);
        _connection = null;
        await connection.DisposeAsync();
        if (accepted)
        {
            _metrics.AcceptedLost();
        }

        _metrics.ConnectionClosed(byServer: !stopping.IsCancellationRequested && !_rebooting);
        return accepted;
    }

    private async Task RunOnlineAsync(Action onAccepted, CancellationToken online)
    {
        if (!_booted && !await BootAsync(_bootReason, online))
        {
            return;
        }

        onAccepted();
        foreach (var connector in _connectors)
        {
            await SendStatusAsync(connector.Id, online);
        }

        var loops = new List<Task>
        {
            IgnoringCancellation(HeartbeatsAsync(online)),
            IgnoringCancellation(_queue.DeliverAsync(CallAsync, DeviceModel.QueueRetries, online)),
        };
        if (_settings.Flood.Count > 0)
        {
            loops.Add(IgnoringCancellation(FloodAsync(online)));
        }

        await Task.WhenAll(loops);
    }

    /// <summary>Boots until accepted: a Pending or Rejected station waits the interval it was given (a Pending one still answers the CSMS).</summary>
    private async Task<bool> BootAsync(BootReasonEnumType reason, CancellationToken online)
    {
        for (var attempt = 0; ; attempt++)
        {
            var outcome = await CallAsync("BootNotification", BootPayload(reason), requiresBoot: false, online);
            if (outcome.Kind is CallOutcomeKind.Disconnected or CallOutcomeKind.NotConnected)
            {
                return false;
            }

            if (outcome.IsResult && TryRead<BootNotificationConfirmation>(outcome.Payload) is { } confirmation)
            {
                if (confirmation.Status == RegistrationStatusEnumType.Accepted)
                {
                    ApplyBootInterval(confirmation.Interval);
                    _bootReason = BootReasonEnumType.PowerUp;
                    _booted = true;
                    _firstBoot.TrySetResult();
                    return true;
                }

                _metrics.RecordError($"Boot {confirmation.Status}");
                await Task.Delay(confirmation.Interval > 0 ? TimeSpan.FromSeconds(confirmation.Interval) : DefaultBootRetry, online);
                continue;
            }

            await Task.Delay(_settings.ReconnectBackoff.Delay(attempt, _random), online);
        }
    }

    private void ApplyBootInterval(int seconds)
    {
        if (_settings.HeartbeatInterval is null)
        {
            DeviceModel.HeartbeatIntervalSeconds = seconds;
            _heartbeatChanged.Set();
        }
    }

    private async Task HeartbeatsAsync(CancellationToken online)
    {
        while (true)
        {
            var interval = TimeSpan.FromSeconds(DeviceModel.HeartbeatIntervalSeconds);
            if (interval <= TimeSpan.Zero)
            {
                await _heartbeatChanged.WaitAsync(Timeout.InfiniteTimeSpan, online);
                continue;
            }

            if (await _heartbeatChanged.WaitAsync(interval, online))
            {
                continue;
            }

            if (await CallAsync("Heartbeat", EmptyPayload, online) is { Kind: CallOutcomeKind.Disconnected or CallOutcomeKind.NotConnected })
            {
                return;
            }
        }
    }

    private async Task FloodAsync(CancellationToken online)
    {
        for (var i = 0; ; i++)
        {
            var action = _settings.Flood[i % _settings.Flood.Count];
            if (await CallAsync(action, FloodPayload(action, i), online) is { Kind: CallOutcomeKind.Disconnected or CallOutcomeKind.NotConnected })
            {
                return;
            }
        }
    }

    /// <summary>Sends a call on the current connection and records it; nothing but a BootNotification goes out before a boot is accepted.</summary>
    private async Task<CallOutcome> CallAsync(string action, JsonElement payload, bool requiresBoot, CancellationToken cancellationToken)
    {
        if (_connection is not { IsOpen: true } connection || (requiresBoot && !_booted))
        {
            return CallOutcome.NotConnected;
        }

        var outcome = await connection.CallAsync(action, payload, _settings.CallTimeout, cancellationToken);
        if (outcome.Kind != CallOutcomeKind.NotConnected)
        {
            _metrics.RecordCall(action, outcome);
        }

        return outcome;
    }

    private Task<CallOutcome> CallAsync(string action, JsonElement payload, CancellationToken cancellationToken) =>
        CallAsync(action, payload, requiresBoot: true, cancellationToken);

    private T? TryRead<T>(JsonElement payload)
        where T : class
    {
        try
        {
            return V201Json.FromPayload<T>(payload);
        }
        catch (JsonException ex)
        {
            _metrics.RecordError($"Unreadable {typeof(T).Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Random numbers per stream, as <see cref="SimulatedChargePoint"/> keeps them: repeatable with a seed.</summary>
    private static Random NewRandom(int? seed, int number, int stream) =>
        seed is { } value ? new Random(unchecked((value * 1_000_003) + (number * 7_919) + stream)) : new Random();

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller's loop sees the token.
        }
    }

    private static async Task IgnoringCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The connection or the simulation ended while the loop waited.
        }
    }
}
