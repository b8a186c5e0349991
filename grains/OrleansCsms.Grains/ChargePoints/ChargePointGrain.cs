using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Runtime;

namespace OrleansCsms.Grains;

/// <summary>The OCPP session of one charge point: registration, connection, boot, status and its transactions.</summary>
public sealed partial class ChargePointGrain(
    IPersistentState<ChargePointState> state,
    IOptions<ChargePointOptions> options,
    ITransactionIdSequence transactionIds,
    IMeterValueStore meterStore,
    IChargePointConnections connections,
    TimeProvider time,
    ILogger<ChargePointGrain> logger) : Grain, IChargePointGrain
{
    private readonly ChargePointOptions _options = options.Value;
    private bool _heartbeatDirty;
    private IDisposable? _heartbeatFlush;

    private ChargePointState State => state.State;

    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Heartbeats are frequent and not transaction data: they are kept in memory and written now and then.
        var period = TimeSpan.FromSeconds(_options.HeartbeatPersistSeconds);
        _heartbeatFlush = Context.RegisterTimer(FlushHeartbeatAsync, period, period);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        _heartbeatFlush?.Dispose();
        await FlushHeartbeatAsync(cancellationToken);
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

        var session = State.Session;
        await state.ClearStateAsync();
        _heartbeatDirty = false;
        if (session is not null)
        {
            await connections.CloseAsync(session, "The charge point was deleted.", CancellationToken.None);
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

        if (State.PasswordHash is { } hash && (request.Password is null || !PasswordHasher.Verify(request.Password, hash)))
        {
            return AdmissionOutcome.BadCredentials;
        }

        return AdmissionOutcome.Admitted;
    }

    public async Task ConnectedAsync(ChargePointSession session)
    {
        var previous = State.Session;
        State.Connected = true;
        State.ConnectedAt = session.ConnectedAt;
        State.Session = session;
        await WriteAsync();
        if (previous is not null && previous.ConnectionId != session.ConnectionId)
        {
            LogReplaced(logger, Key, previous.ConnectionId, session.ConnectionId);

            // Not awaited: a front-end that is gone must not hold up the handshake of the new connection.
            _ = CloseQuietlyAsync(previous, "Replaced by a newer connection of the same charge point.");
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
        await WriteAsync();
    }

    public async Task<BootResult> BootAsync(BootInfo boot)
    {
        var status = State.Approved ? "Accepted" : _options.NewChargePointBootStatus;
        State.Boot = boot;
        State.BootStatus = status;
        State.LastBootAt = Now;
        await WriteAsync();
        var interval = status == "Accepted" ? _options.HeartbeatIntervalSeconds : _options.BootRetryIntervalSeconds;
        return new BootResult(status, interval, Now);
    }

    public Task<DateTimeOffset> HeartbeatAsync()
    {
        State.LastHeartbeatAt = Now;
        _heartbeatDirty = true;
        return Task.FromResult(Now);
    }

    public async Task StatusAsync(ConnectorStatusReport report)
    {
        State.Connectors[report.ConnectorId] = new ConnectorState(
            report.Status, report.ErrorCode, report.Timestamp ?? Now, report.Info, report.VendorId, report.VendorErrorCode);
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

    public async Task DiagnosticsStatusAsync(string status)
    {
        State.DiagnosticsStatus = status;
        State.DiagnosticsStatusAt = Now;
        await WriteAsync();
    }

    public async Task FirmwareStatusAsync(string status)
    {
        State.FirmwareStatus = status;
        State.FirmwareStatusAt = Now;
        await WriteAsync();
    }

    public async Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan? timeout = null)
    {
        if (!State.Registered)
        {
            return new ChargePointCallResult(CallOutcome.UnknownChargePoint);
        }

        // Interleaved with other turns: the session is read once, as a whole.
        if (State.Session is not { } session)
        {
            return new ChargePointCallResult(CallOutcome.NotConnected);
        }

        return await connections.CallAsync(session, action, payload, timeout ?? TimeSpan.FromSeconds(_options.CallTimeoutSeconds), CancellationToken.None);
    }

    public Task<ChargePointCallResult> CommandAsync(ChargePointCommand command, TimeSpan? timeout = null)
    {
        var (action, payload) = ChargePointCommands.ToV16(command);
        return CallAsync(action, payload, timeout);
    }

    private async Task CloseQuietlyAsync(ChargePointSession session, string reason)
    {
        try
        {
            await connections.CloseAsync(session, reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogCloseFailed(logger, ex, Key, session.ConnectionId);
        }
    }

    private async Task WriteAsync()
    {
        State.Id = Key;
        await state.WriteStateAsync();
        _heartbeatDirty = false;
    }

    private async Task FlushHeartbeatAsync(CancellationToken cancellationToken)
    {
        if (_heartbeatDirty && State.Registered)
        {
            await WriteAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId} registered itself under open admission")]
    private static partial void LogSelfRegistered(ILogger logger, string chargePointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: closing replaced connection {ConnectionId} failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string chargePointId, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: connection {Old} replaced by {New}")]
    private static partial void LogReplaced(ILogger logger, string chargePointId, string old, string @new);
}
