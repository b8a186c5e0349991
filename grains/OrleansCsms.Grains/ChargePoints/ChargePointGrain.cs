using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>The OCPP session of one charge point: registration, connection, boot, status and its transactions.</summary>
[GrainType(GrainTypes.ChargePoint)]
public sealed partial class ChargePointGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<ChargePointState> state,
    IOptions<ChargePointOptions> options,
    ITransactionIdSequence transactionIds,
    IMeterValueStore meterStore,
    IEventOutbox events,
    TimeProvider time,
    ILogger<ChargePointGrain> logger) : Grain, IChargePointGrain, IDurableStateGrain
{
    // How much longer than the call's own timeout the grain waits for the front-end before giving up on it.
    private static readonly TimeSpan ObserverGrace = TimeSpan.FromSeconds(5);

    private readonly ChargePointOptions _options = options.Value;
    // Changes kept in memory and written with the next write or by the flush timer: heartbeats.
    private bool _unsaved;
    private IGrainTimer? _flush;

    // The observer of the socket that holds the charge point now; rebuilt from the session after a reactivation.
    private IChargePointSocket? _socket;

    private ChargePointState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flush?.Dispose();

        // Only an idle activation writes its last heartbeat on the way out. After a failed turn the state in memory may
        // be half-changed; and when its silo stops, the grain may already be active again elsewhere, where a late write
        // here would make the next write there fail. A heartbeat time that old is not worth that.
        if (reason.ReasonCode == DeactivationReasonCode.ActivationIdle)
        {
            await FlushUnsavedAsync(cancellationToken);
        }
    }

    public async Task<bool> RegisterAsync(ChargePointRegistration registration)
    {
        if (State.Registered && State.Approved)
        {
            return false;
        }

        // Registering a charge point that let itself in under open admission approves it: that counts as registering.
        State.Id = Key;
        State.Registered = true;
        State.Approved = true;
        State.RegisteredAt ??= Now;
        State.Description = registration.Description ?? State.Description;
        State.Location = registration.Location ?? State.Location;
        if (registration.Where is not null)
        {
            ApplyLocation(registration.Where);
        }

        if (registration.Password is not null)
        {
            State.PasswordHash = PasswordHasher.Hash(registration.Password);
        }

        await WriteAsync();
        return true;
    }

    public Task<ChargePointState?> GetAsync() => Task.FromResult(State.Registered ? State : null);

    public async Task<bool> DeleteAsync()
    {
        if (!State.Registered)
        {
            return false;
        }

        var socket = Socket();
        var localList = State.LocalListManaged;
        var chargingProfiles = State.ChargingProfilesManaged;
        await state.ClearStateAsync();
        state.State = new ChargePointState();
        _unsaved = false;
        _socket = null;
        if (socket is not null)
        {
            await socket.CloseAsync("The charge point was deleted.");
        }

        if (localList)
        {
            await GrainFactory.GetGrain<ILocalAuthListGrain>(Key).ForgetAsync();
        }

        // One-way: the certificates issued to a deleted charge point are no longer trusted.
        await GrainFactory.GetGrain<IChargePointCertificatesGrain>(Key).ForgetAsync();
        await GrainFactory.GetGrain<ISecurityEventLogGrain>(Key).ForgetAsync();
        await GrainFactory.GetGrain<IDeviceModelGrain>(Key).ForgetAsync();

        if (chargingProfiles)
        {
            await GrainFactory.GetGrain<IChargingProfilesGrain>(Key).ForgetAsync();
        }

        return true;
    }

    public async Task<bool> SetPasswordAsync(string password)
    {
        if (!State.Registered)
        {
            return false;
        }

        State.PasswordHash = PasswordHasher.Hash(password);
        await WriteAsync();
        return true;
    }

    public async Task<AdmissionOutcome> AdmitAsync(AdmissionRequest request)
    {
        if (!State.Registered)
        {
            if (!request.OpenAdmission)
            {
                return AdmissionOutcome.UnknownChargePoint;
            }

            State.Id = Key;
            State.Registered = true;
            State.RegisteredAt = Now;
            State.Approved = _options.NewChargePointBootStatus == "Accepted";
            await WriteAsync();
            LogSelfRegistered(logger, Key);
        }

        // A trusted client certificate is profile 3, which needs no password; otherwise a charge point with a password must
        // present it. One without a password yet (a first AuthorizationKey may be pending) gets in without, on profile 0.
        var passwordVerified = false;
        if (!request.TrustedClientCertificate && (State.PasswordHash is not null || State.Security.PendingKey is not null))
        {
            passwordVerified = await VerifyPasswordAsync(request.Password);
            if (!passwordVerified && State.PasswordHash is not null)
            {
                return AdmissionOutcome.BadCredentials;
            }
        }

        return await AdmitProfileAsync(ChargePointSecurity.ProfileOf(request.Tls, request.TrustedClientCertificate, passwordVerified));
    }

    public async Task ConnectedAsync(ChargePointSession session, IChargePointSocket socket)
    {
        var previous = State.Session;
        var previousSocket = Socket();
        State.Connected = true;
        State.ConnectedAt = session.ConnectedAt;
        State.Session = session with { SocketId = socket.GetGrainId().ToString() };
        State.Protocol = session.Protocol;
        State.RaisedEvents.Add(ChargePointEvents.Connected(Key, session, Now));
        await WriteAsync();
        _socket = socket;
        if (previous is not null && previous.ConnectionId != session.ConnectionId && previousSocket is not null)
        {
            LogReplaced(logger, Key, previous.ConnectionId, session.ConnectionId);

            // One-way: a front-end that is gone must not hold up the handshake of the new connection.
            await previousSocket.CloseAsync("Replaced by a newer connection of the same charge point.");
        }
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        if (State.Session?.ConnectionId != connectionId)
        {
            return;
        }

        if (!State.Registered)
        {
            return;
        }

        State.Connected = false;
        State.Session = null;
        State.DisconnectedAt = Now;
        State.RaisedEvents.Add(ChargePointEvents.Disconnected(Key, connectionId, Now));
        await WriteAsync();
        _socket = null;
    }

    public async Task<bool> HoldBootStatusAsync(string status)
    {
        if (!State.Registered)
        {
            return false;
        }

        State.HeldBootStatus = status == "Accepted" ? null : status;
        State.Approved |= status == "Accepted";
        await WriteAsync();
        return true;
    }

    public async Task<BootResult> BootAsync(BootInfo boot)
    {
        var status = State.HeldBootStatus ?? (State.Approved ? "Accepted" : _options.NewChargePointBootStatus);
        if (!SpeaksV201)
        {
            // A 2.0.1 station keeps its transactions across a reboot and ends them with events of their own.
            await EndOpenTransactionsAtBootAsync();
        }

        State.Boot = boot;
        State.BootStatus = status;
        State.LastBootAt = Now;
        State.RaisedEvents.Add(ChargePointEvents.Booted(Key, boot, status, Now));
        await WriteAsync();
        if (status == "Accepted" && State.LocalListManaged)
        {
            // One-way: the list is sent after the boot is answered, never holding it up; a charge point that rebooted
            // may have lost its list, and one that was offline missed the changes made meanwhile.
            await GrainFactory.GetGrain<ILocalAuthListGrain>(Key).ChargePointBootedAsync();
        }

        var interval = status == "Accepted" ? _options.HeartbeatIntervalSeconds : _options.BootRetryIntervalSeconds;
        return new BootResult(status, interval, Now);
    }

    public Task<DateTimeOffset> HeartbeatAsync()
    {
        State.LastHeartbeatAt = Now;
        MarkUnsaved();
        return Task.FromResult(Now);
    }

    public async Task StatusAsync(ConnectorStatusReport report)
    {
        var previous = State.Connectors.GetValueOrDefault(report.ConnectorId);
        var connector = new ConnectorState(
            report.Status, report.ErrorCode, report.Timestamp ?? Now, report.Info, report.VendorId, report.VendorErrorCode);
        State.Connectors[report.ConnectorId] = connector;
        if (report.EvseConnectorId is { } evseConnectorId)
        {
            if (!State.EvseConnectors.TryGetValue(report.ConnectorId, out var evse))
            {
                State.EvseConnectors[report.ConnectorId] = evse = [];
            }

            evse[evseConnectorId] = connector;
        }

        // A status repeated (a charge point resending its statuses after a boot) changes nothing worth telling.
        if (previous is null || previous.Status != connector.Status || previous.ErrorCode != connector.ErrorCode)
        {
            State.RaisedEvents.Add(ChargePointEvents.StatusChanged(Key, report.ConnectorId, connector, previous?.Status, Now));
        }
        if (report.ConnectorId == 0)
        {
            State.Status = report.Status;
        }

        await WriteAsync();
    }

    public Task<IdTagInfo> AuthorizeAsync(string idTag) => GrainFactory.GetGrain<IIdTagGrain>(idTag).AuthorizeAsync();

    public Task<DataTransferResult> DataTransferAsync(DataTransferRequest request) =>
        // No vendor extension is installed; the spec's answer for that is UnknownVendorId. The message log keeps the data.
        Task.FromResult(new DataTransferResult("UnknownVendorId"));

    public async Task<bool> ManageLocalListAsync()
    {
        if (!State.Registered)
        {
            return false;
        }

        if (!State.LocalListManaged)
        {
            State.LocalListManaged = true;
            await WriteAsync();
        }

        return true;
    }

    public async Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!State.Registered)
        {
            return new ChargePointCallResult(CallOutcome.UnknownChargePoint);
        }

        // Interleaved with other turns: the socket is read once, as a whole.
        if (Socket() is not { } socket)
        {
            return new ChargePointCallResult(CallOutcome.NotConnected);
        }

        var wait = timeout ?? TimeSpan.FromSeconds(_options.CallTimeoutSeconds);

        // The front-end enforces the timeout; this deadline, a little later, covers a front-end that is gone and never answers.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait + ObserverGrace);
        ChargePointCallResult result;
        try
        {
            result = await socket.CallAsync(action, payload, wait, deadline.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or ClientNotAvailableException)
        {
            LogSocketUnreachable(logger, Key, action, ex.GetType().Name);
            result = new ChargePointCallResult(deadline.IsCancellationRequested ? CallOutcome.TimedOut : CallOutcome.NotConnected);
        }

        // Nothing of the call is in the grain's state, so the event is stored on its own, before the caller hears the answer.
        if (result.Outcome is not CallOutcome.NotConnected)
        {
            await events.AppendAsync([ChargePointEvents.CommandAnswered(Key, action, result, Now)], CancellationToken.None);
        }

        return result;
    }

    public async Task<ChargePointCallResult> CommandAsync(ChargePointCommand command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!SpeaksV201)
        {
            if (ChargePointCommands.V16Refusal(command) is { } refusal)
            {
                return new ChargePointCallResult(CallOutcome.NotSupportedByProtocol, ErrorDescription: refusal);
            }

            var (action, payload) = ChargePointCommands.ToV16(command);
            return await CallAsync(action, payload, timeout, cancellationToken);
        }

        var remoteStartId = command is RemoteStartCommand ? await GrainFactory.GetGrain<IRemoteStartIdsGrain>(IRemoteStartIdsGrain.Key).NextAsync() : 0;
        return V201Commands.Phrase(command, StationTransactionIdOf, remoteStartId) is var (v201Action, v201Payload)
            ? await CallAsync(v201Action, v201Payload, timeout, cancellationToken)
            : new ChargePointCallResult(CallOutcome.NotSupportedByProtocol, ErrorDescription: V201Commands.WhyNot(command));
    }

    /// <summary>Whether the charge point speaks OCPP 2.0.1: on its current connection, or else on its last one.</summary>
    private bool SpeaksV201 => (State.Session?.Protocol ?? State.Protocol) == OcppProtocols.V201;

    /// <summary>The socket of the current session: the observer handed over at connect, or rebuilt from the stored session after a reactivation.</summary>
    private IChargePointSocket? Socket()
    {
        if (State.Session is not { SocketId: { } socketId })
        {
            return null;
        }

        return _socket ??= GrainFactory.GetGrain<IChargePointSocket>(GrainId.Parse(socketId));
    }

    private async Task WriteAsync()
    {
        State.Id = Key;
        await state.WriteStateAsync();
        _unsaved = false;
    }

    /// <summary>
    /// Keeps a change (a heartbeat) in memory, to be written with the next write or by the
    /// flush timer. The timer runs only while changes are waiting: most charge points sit idle between messages, and
    /// an idle one holds no timer.
    /// </summary>
    private void MarkUnsaved()
    {
        _unsaved = true;
        if (_flush is null)
        {
            var period = TimeSpan.FromSeconds(_options.HeartbeatPersistSeconds);
            _flush = this.RegisterGrainTimer(FlushUnsavedAsync, new GrainTimerCreationOptions(period, period));
        }
    }

    private async Task FlushUnsavedAsync(CancellationToken cancellationToken)
    {
        if (_unsaved && State.Registered)
        {
            await WriteAsync();
            return;
        }

        // A whole period without a change to write: the timer goes until the next one.
        _flush?.Dispose();
        _flush = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId} registered itself under open admission")]
    private static partial void LogSelfRegistered(ILogger logger, string chargePointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: {Action} got no answer from the front-end holding its socket ({Reason})")]
    private static partial void LogSocketUnreachable(ILogger logger, string chargePointId, string action, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: connection {Old} replaced by {New}")]
    private static partial void LogReplaced(ILogger logger, string chargePointId, string old, string @new);
}
