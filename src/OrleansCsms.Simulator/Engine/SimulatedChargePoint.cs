using System.Net.WebSockets;
using System.Text.Json;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// One simulated charge point: keeps a connection up with backoff, boots, heartbeats, reports its connectors,
/// charges sessions whose messages survive going offline, and answers the central system's calls.
/// </summary>
public sealed partial class SimulatedChargePoint : ISimulatedStation
{
    private static readonly JsonElement EmptyPayload = V16Json.ToPayload(new HeartbeatRequest());
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
    private readonly CancellationTokenSource _sessionsStopping = new();
    private readonly Uri _uri;
    private readonly Task _sessionsReleased;
    private volatile OcppClientConnection? _connection;
    private volatile bool _booted;
    private volatile bool _rebooting;
    private int _sessionsLeft;
    private int _runningSessions;
    private readonly TaskCompletionSource<Task> _autoSessions = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _running;

    /// <param name="number">The charge point's number, which makes its identity.</param>
    /// <param name="settings">How the fleet behaves.</param>
    /// <param name="metrics">Where calls, errors and transactions are counted.</param>
    /// <param name="dialer">Opens the WebSocket.</param>
    /// <param name="sessionsReleased">Sessions start only once this completes; null for at once.</param>
    public SimulatedChargePoint(int number, SimulationSettings settings, SimulationMetrics metrics, WebSocketDialer dialer, Task? sessionsReleased = null)
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
        _queue = new TransactionQueue(settings.TransactionQueueCapacity, NewRandom(settings.Seed, number, -1), metrics);
        _sessionsLeft = settings.SessionsPerChargePoint > 0 ? settings.SessionsPerChargePoint : int.MaxValue;
        Configuration = new ChargePointConfiguration(
            settings.Connectors,
            (int)(settings.HeartbeatInterval ?? TimeSpan.Zero).TotalSeconds,
            (int)settings.MeterInterval.TotalSeconds);
        Configuration.Changed += key =>
        {
            if (key == ChargePointConfiguration.HeartbeatIntervalKey)
            {
                _heartbeatChanged.Set();
            }
        };
    }

    public int Number { get; }

    public string Identity { get; }

    public ChargePointConfiguration Configuration { get; }

    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>Whether the central system accepted the last BootNotification since the last (re)boot.</summary>
    public bool IsBooted => _booted;

    /// <summary>Transaction messages not yet acknowledged by the central system.</summary>
    public int QueuedMessages => _queue.Count;

    /// <summary>Runs until <paramref name="stopping"/> fires: connects, serves the connection, reconnects when it drops.</summary>
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
                    var booted = await ServeAsync(connection, stopping);
                    if (booted)
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
                // A fault of the simulator itself: counted, and the charge point carries on as after a lost connection.
                _metrics.RecordError($"Simulator fault: {ex.GetType().Name}");
            }

            await DelayAsync(_settings.ReconnectBackoff.Delay(failures++, _random), stopping);
        }
    }

    /// <summary>Ends running sessions (their StopTransactions are queued) and starts no more.</summary>
    public void StopSessions() => _sessionsStopping.Cancel();

    /// <summary>Completes once no session runs and none will start by itself any more.</summary>
    public async Task WhenSessionsDoneAsync(CancellationToken cancellationToken)
    {
        // Waits for RunAsync to have started the sessions at all, then for them to end.
        await (await _autoSessions.Task.WaitAsync(cancellationToken)).WaitAsync(cancellationToken);
        while (Volatile.Read(ref _runningSessions) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>Completes once every queued transaction message is acknowledged or given up.</summary>
    public Task WhenQueueEmptyAsync(CancellationToken cancellationToken) => _queue.WhenEmptyAsync(cancellationToken);

    private async Task<OcppClientConnection?> ConnectAsync(CancellationToken stopping)
    {
        _metrics.ConnectAttempted();
        try
        {
            var socket = await _dialer.ConnectAsync(_uri, Identity, _settings.Password, Number, stopping);
            return OcppClientConnection.Start(socket, new OcppConnectionHooks(OnServerCall, OnProtocolIssue: _ => _metrics.RecordError("Protocol issue")), Ocpp.OcppVersion.V16);
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

    /// <summary>Serves one connection until it closes; true when the central system accepted a boot on it.</summary>
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
        if (!_booted && !await BootAsync(online))
        {
            return;
        }

        onAccepted();
        foreach (var connector in _connectors.Select(c => c.Id).Prepend(0))
        {
            await SendStatusAsync(connector, online);
        }

        var loops = new List<Task>
        {
            IgnoringCancellation(HeartbeatsAsync(online)),
            IgnoringCancellation(_queue.DeliverAsync(CallAsync, Configuration, online)),
        };
        if (_settings.Flood.Count > 0)
        {
            loops.Add(IgnoringCancellation(FloodAsync(online)));
        }

        await Task.WhenAll(loops);
    }

    /// <summary>Boots until accepted: a Pending or Rejected charge point waits the interval it was given and sends nothing else.</summary>
    private async Task<bool> BootAsync(CancellationToken online)
    {
        for (var attempt = 0; ; attempt++)
        {
            var outcome = await CallAsync("BootNotification", BootPayload(), requiresBoot: false, online);
            if (outcome.Kind is CallOutcomeKind.Disconnected or CallOutcomeKind.NotConnected)
            {
                return false;
            }

            if (outcome.IsResult && TryRead<BootNotificationConfirmation>(outcome.Payload) is { } confirmation)
            {
                if (confirmation.Status == RegistrationStatus.Accepted)
                {
                    ApplyBootInterval(confirmation.Interval);
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
            Configuration.Set(ChargePointConfiguration.HeartbeatIntervalKey, seconds);
        }
    }

    private async Task HeartbeatsAsync(CancellationToken online)
    {
        while (true)
        {
            var interval = TimeSpan.FromSeconds(Configuration.HeartbeatIntervalSeconds);
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
            return V16Json.FromPayload<T>(payload);
        }
        catch (JsonException ex)
        {
            _metrics.RecordError($"Unreadable {typeof(T).Name}: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// Random numbers for one stream of a charge point: the connection's, each connector's and the queue's run
    /// concurrently and Random is not thread-safe, so each has its own; with a seed, each is repeatable.
    /// </summary>
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
