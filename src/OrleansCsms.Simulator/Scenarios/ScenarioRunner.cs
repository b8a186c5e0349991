using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V16;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Simulator;

/// <summary>
/// Plays a <see cref="ScenarioScript"/> as one charge point, printing every frame; a step that gets a
/// CALLERROR it did not expect, or no answer, fails the scenario. In OCPP 2.0.1 the same steps are said the 2.0.1
/// way (<see cref="V201ScenarioPayloads"/>; transactions as TransactionEvents).
/// </summary>
public sealed partial class ScenarioRunner : IAsyncDisposable
{
    /// <summary>Exit code when every step went as expected.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when a step failed.</summary>
    public const int Failed = 1;

    /// <summary>Exit code when the charge point could not connect at all.</summary>
    public const int NotConnected = 2;

    private readonly ScenarioScript _script;
    private readonly OcppVersion _version;
    private readonly Uri _uri;
    private readonly string? _password;
    private readonly TextWriter _output;
    private readonly Lock _outputLock = new();
    private readonly WebSocketDialer _dialer;
    private readonly TransactionQueue _queue;
    private readonly ChargePointConfiguration _configuration;
    private readonly Dictionary<int, ConnectorMeter> _meters = [];
    private readonly Dictionary<int, LocalTransaction> _transactions = [];
    private readonly List<QueuedStep> _queuedOffline = [];
    private readonly List<string> _failures = [];
    private readonly Random _random = new(1);
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _expectationLock = new();
    private Expectation? _expectation;
    private int? _remoteStartId;
    private OcppClientConnection? _connection;
    private CancellationTokenSource? _delivering;
    private Task _delivery = Task.CompletedTask;
    private int _lastConnector = 1;

    public ScenarioRunner(ScenarioScript script, Uri endpoint, string? password, TextWriter output, OcppVersion version = OcppVersion.V16)
    {
        ArgumentNullException.ThrowIfNull(script);
        _script = script;
        _version = version;
        _uri = WebSocketDialer.ChargePointUri(endpoint, script.Identity);
        _password = password ?? script.Password;
        _output = output;
        _dialer = new WebSocketDialer(null, CallTimeout, version);
        _queue = new TransactionQueue(10_000, _random);

        // One attempt: a scripted charge point reports a CALLERROR instead of retrying past it.
        _configuration = new ChargePointConfiguration(connectors: 10, heartbeatIntervalSeconds: 0, meterValueSampleIntervalSeconds: 0);
        _configuration.Change(ChargePointConfiguration.TransactionMessageAttemptsKey, "1");
    }

    /// <summary>What went wrong, one line per problem.</summary>
    public IReadOnlyList<string> Failures => _failures;

    private TimeSpan CallTimeout => TimeSpan.FromSeconds(_script.CallTimeoutSeconds);

    private bool IsOnline => _connection is { IsOpen: true };

    private bool SpeaksV201 => _version == OcppVersion.V201;

    /// <summary>Plays every step and returns the exit code: <see cref="Passed"/>, <see cref="Failed"/> or <see cref="NotConnected"/>.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Print($"Scenario for {_script.Identity} against {_uri} in OCPP {(SpeaksV201 ? "2.0.1" : "1.6")}");
        if (_script.Description is { } description)
        {
            Print(description);
        }

        if (!await ConnectAsync(cancellationToken))
        {
            return NotConnected;
        }

        for (var i = 0; i < _script.Steps.Count; i++)
        {
            var step = _script.Steps[i];
            Print($"step {i + 1}: {Describe(step)}{(step.Comment is { } comment ? $"  -- {comment}" : "")}");
            try
            {
                await RunStepAsync(i + 1, step, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                Fail(i + 1, ex.Message);
            }
        }

        if (_queue.Count > 0)
        {
            Fail(_script.Steps.Count, $"{_queue.Count} transaction message(s) were never delivered; does a reconnect follow the last disconnect?");
        }

        await DisconnectAsync(abrupt: false);
        Print(_failures.Count == 0
            ? $"Scenario passed: {_script.Steps.Count} steps."
            : $"Scenario FAILED: {_failures.Count} problem(s) in {_script.Steps.Count} steps:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", _failures)}");
        return _failures.Count == 0 ? Passed : Failed;
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(abrupt: true);
        _dialer.Dispose();
    }

    private Task RunStepAsync(int number, ScenarioStep step, CancellationToken cancellationToken) => step switch
    {
        { Send: { } action } => SendAsync(number, step, action, cancellationToken),
        { StartTransaction: { } start } when SpeaksV201 => StartedEventAsync(number, step, start, cancellationToken),
        { MeterValues: { } meterValues } when SpeaksV201 => UpdatedEventsAsync(number, step, meterValues, cancellationToken),
        { StopTransaction: { } stop } when SpeaksV201 => EndedEventAsync(number, step, stop, cancellationToken),
        { StartTransaction: { } start } => StartTransactionAsync(number, step, start, cancellationToken),
        { MeterValues: { } meterValues } => MeterValuesAsync(number, step, meterValues, cancellationToken),
        { StopTransaction: { } stop } => StopTransactionAsync(number, step, stop, cancellationToken),
        { Wait: { } seconds } => Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken),
        { Disconnect: true } => DisconnectAsync(step.Abrupt),
        { Reconnect: true } => ReconnectAsync(number, cancellationToken),
        { Raw: { } raw } => RawAsync(number, step, raw, cancellationToken),
        { ExpectCall: { } expectation } => ExpectCallAsync(number, expectation, cancellationToken),
        _ => throw new InvalidDataException("The step does nothing."),
    };

    private async Task SendAsync(int number, ScenarioStep step, string action, CancellationToken cancellationToken)
    {
        var meter = MeterOf(step.ConnectorId ?? _lastConnector);
        var (sent, payload) = SpeaksV201
            ? (V201ScenarioPayloads.Action(action), V201ScenarioPayloads.For(step, _script.Identity, meter))
            : (action, ScenarioPayloads.For(step, _script.Identity, meter));
        if (!RequireOnline(number, sent))
        {
            return;
        }

        Check(number, sent, await _connection!.CallAsync(sent, payload, CallTimeout, cancellationToken), step.ExpectError);
    }

    private async Task RawAsync(int number, ScenarioStep step, string raw, CancellationToken cancellationToken)
    {
        if (!RequireOnline(number, "raw"))
        {
            return;
        }

        var frame = Encoding.UTF8.GetBytes(raw);
        if (OcppFrameReader.Read(frame) is { IsSuccess: true, Message: OcppCall call })
        {
            Check(number, call.Action, await _connection!.CallRawAsync(call.MessageId, frame, CallTimeout, cancellationToken), step.ExpectError);
            return;
        }

        // Not a well-formed CALL: nothing to correlate an answer with, so listen for a while and show what comes.
        await _connection!.SendRawAsync(frame, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(step.WaitSeconds), cancellationToken);
    }

    private async Task ExpectCallAsync(int number, ExpectCallStep expected, CancellationToken cancellationToken)
    {
        var expectation = new Expectation(SpeaksV201 ? V201ScenarioPayloads.Action(expected.Action) : expected.Action, expected.Reply);
        lock (_expectationLock)
        {
            _expectation = expectation;
        }

        try
        {
            await expectation.Answered.Task.WaitAsync(TimeSpan.FromSeconds(expected.TimeoutSeconds), cancellationToken);
        }
        catch (TimeoutException)
        {
            Fail(number, $"no {expected.Action} came from the central system within {expected.TimeoutSeconds} s");
        }
        finally
        {
            lock (_expectationLock)
            {
                _expectation = null;
            }
        }
    }

    private ServerCallReply OnServerCall(OcppCall call)
    {
        Expectation? matched = null;
        lock (_expectationLock)
        {
            if (_expectation is { } expectation && expectation.Action == call.Action)
            {
                matched = expectation;
                _expectation = null;
            }

            if (SpeaksV201 && call.Action == "RequestStartTransaction" && call.Payload.TryGetProperty("remoteStartId"u8, out var remoteStartId))
            {
                // The transaction the next startTransaction step begins is this remote start's.
                _remoteStartId = remoteStartId.GetInt32();
            }
        }

        if (matched is null && !(SpeaksV201 ? V201Actions.TryGet(call.Action, out _) : V16Actions.TryGet(call.Action, out _)))
        {
            return new ServerCallReply(new OcppCallError(
                call.MessageId, OcppErrorCode.NotImplemented, $"'{call.Action}' is not an OCPP {(SpeaksV201 ? "2.0.1" : "1.6")} action."));
        }

        var reply = new OcppCallResult(call.MessageId, matched?.Reply ?? (SpeaksV201 ? V201DefaultReplies.For(call) : DefaultReplies.For(call.Action)));

        // The step waiting for this call continues only once the answer is on the wire, so its next frame follows it.
        return new ServerCallReply(reply, matched is null ? null : () =>
        {
            matched.Answered.TrySetResult(call);
            return Task.CompletedTask;
        });
    }

    private void Check(int number, string what, CallOutcome outcome, string? expectError)
    {
        switch (outcome.Kind)
        {
            case CallOutcomeKind.Result when expectError is null:
                return;
            case CallOutcomeKind.Result:
                Fail(number, $"{what} got a CALLRESULT, but the CALLERROR {expectError} was expected");
                return;
            case CallOutcomeKind.Error when outcome.ErrorCode is null:
                Fail(number, $"{what} was never sent: {outcome.ErrorDescription}");
                return;
            case CallOutcomeKind.Error when IsExpected(outcome.ErrorCode, expectError):
                Print($"  (CALLERROR {outcome.ErrorCode} as expected)");
                return;
            case CallOutcomeKind.Error:
                Fail(number, $"{what} got an unexpected CALLERROR {outcome.ErrorCode}: {outcome.ErrorDescription}");
                return;
            default:
                Fail(number, $"{what}: {outcome.ErrorLabel}");
                return;
        }
    }

    private static bool IsExpected(OcppErrorCode? code, string? expectError) =>
        expectError == "*" || (expectError is not null && OcppErrorCodes.TryParse(expectError, out var expected) && expected == code);

    private bool RequireOnline(int number, string what)
    {
        if (IsOnline)
        {
            return true;
        }

        Fail(number, $"{what} needs a connection; add a reconnect step first");
        return false;
    }

    private void Fail(int number, string problem)
    {
        var line = $"step {number}: {problem}";
        _failures.Add(line);
        Print($"  FAIL {problem}");
    }

    private void Print(string text)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        lock (_outputLock)
        {
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{elapsed,8:0.000}] {text}"));
        }
    }

    private void OnFrame(FrameDirection direction, ReadOnlyMemory<byte> frame) =>
        Print($"  {(direction == FrameDirection.Sent ? "-->" : "<--")} {Encoding.UTF8.GetString(frame.Span)}");

    private ConnectorMeter MeterOf(int connectorId)
    {
        if (!_meters.TryGetValue(connectorId, out var meter))
        {
            meter = new ConnectorMeter(_random, 0);
            meter.BeginSession();
            _meters[connectorId] = meter;
        }

        return meter;
    }

    private static string Describe(ScenarioStep step) => step switch
    {
        { Send: { } action } => $"send {action}",
        { StartTransaction: { } start } => $"startTransaction on connector {start.ConnectorId} for {start.IdTag}",
        { MeterValues: { } meterValues } => $"meterValues x{meterValues.Count}",
        { StopTransaction: not null } => "stopTransaction",
        { Wait: { } seconds } => string.Create(CultureInfo.InvariantCulture, $"wait {seconds} s"),
        { Disconnect: true } => step.Abrupt ? "disconnect (abrupt)" : "disconnect",
        { Reconnect: true } => "reconnect",
        { Raw: not null } => "raw frame",
        { ExpectCall: { } expected } => $"expect a {expected.Action} from the central system",
        _ => "?",
    };

    private sealed record QueuedStep(int Number, QueuedTransactionMessage Message, string? ExpectError);

    private sealed record Expectation(string Action, JsonElement? Reply)
    {
        public TaskCompletionSource<OcppCall> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
