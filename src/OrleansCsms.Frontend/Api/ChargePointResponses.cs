using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>A charge point as listed: identity, what it is and whether it is online.</summary>
public sealed record ChargePointSummary(
    string Id,
    string? Description,
    string? Location,
    string? Status,
    bool Connected,
    string? BootStatus,
    string? Vendor,
    string? Model,
    string? FirmwareVersion,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? RegisteredAt,
    IReadOnlyList<int> ActiveTransactionIds,
    PositionResponse? Position = null,
    string? Address = null);

/// <summary>Everything known about one charge point. The password itself is never returned, only whether one is set.</summary>
public sealed record ChargePointDetails(
    string Id,
    string? Description,
    string? Location,
    DateTimeOffset? RegisteredAt,
    bool Approved,
    bool HasPassword,
    string? Status,
    bool Connected,
    ChargePointSessionResponse? Session,
    DateTimeOffset? DisconnectedAt,
    BootResponse? Boot,
    DateTimeOffset? LastHeartbeat,
    IReadOnlyList<ConnectorResponse> Connectors,
    IReadOnlyList<int> ActiveTransactionIds,
    IReadOnlyList<TransactionSummary>? ActiveTransactions,
    string? FirmwareStatus,
    DateTimeOffset? FirmwareStatusAt,
    string? DiagnosticsStatus,
    DateTimeOffset? DiagnosticsStatusAt,
    ChargePointSecurityResponse Security,
    string? LogStatus,
    DateTimeOffset? LogStatusAt,
    string? Protocol = null,
    string? HeldBootStatus = null,
    IReadOnlyList<EvseResponse>? Evses = null,
    PositionResponse? Position = null,
    string? Address = null);

/// <summary>An EVSE of an OCPP 2.0.1 station and the last status of each of its connectors.</summary>
public sealed record EvseResponse(int EvseId, IReadOnlyList<ConnectorResponse> Connectors);

/// <summary>The connection holding the charge point's socket: since when, over which OCPP subprotocol, from where.</summary>
public sealed record ChargePointSessionResponse(DateTimeOffset ConnectedAt, string Protocol, string? RemoteAddress);

/// <summary>What the charge point told about itself in its last BootNotification, and the answer it got.</summary>
public sealed record BootResponse(
    string? Status,
    DateTimeOffset? LastBootAt,
    string? Vendor,
    string? Model,
    string? ChargePointSerialNumber,
    string? ChargeBoxSerialNumber,
    string? FirmwareVersion,
    string? Iccid,
    string? Imsi,
    string? MeterType,
    string? MeterSerialNumber,
    string? Reason = null);

/// <summary>The last StatusNotification of one connector; connector 0 is the charge point as a whole.</summary>
public sealed record ConnectorResponse(
    int ConnectorId,
    string Status,
    string ErrorCode,
    string? Info,
    string? VendorId,
    string? VendorErrorCode,
    DateTimeOffset Timestamp);

/// <summary>Maps grain state to responses, so what the API shows is chosen here and not by the state's shape.</summary>
public static class ChargePointMapping
{
    public static ChargePointSummary ToSummary(this ChargePointState state) => new(
        state.Id,
        state.Description,
        state.Location,
        state.Status,
        state.Connected,
        state.BootStatus,
        state.Boot?.Vendor,
        state.Boot?.Model,
        state.Boot?.FirmwareVersion,
        state.LastHeartbeatAt,
        state.RegisteredAt,
        [.. state.OpenTransactions.Values],
        state.Position.ToResponse(),
        state.Address);

    public static ChargePointDetails ToDetails(this ChargePointState state, IReadOnlyList<TransactionSummary>? activeTransactions) => new(
        state.Id,
        state.Description,
        state.Location,
        state.RegisteredAt,
        state.Approved,
        HasPassword: state.PasswordHash is not null,
        state.Status,
        state.Connected,
        state.Connected && state.Session is { } session ? new ChargePointSessionResponse(session.ConnectedAt, session.Protocol, session.RemoteAddress) : null,
        state.DisconnectedAt,
        ToBoot(state),
        state.LastHeartbeatAt,
        [.. state.Connectors.Select(c => new ConnectorResponse(
            c.Key, c.Value.Status, c.Value.ErrorCode, c.Value.Info, c.Value.VendorId, c.Value.VendorErrorCode, c.Value.Timestamp))],
        [.. state.OpenTransactions.Values],
        activeTransactions,
        state.FirmwareStatus,
        state.FirmwareStatusAt,
        state.DiagnosticsStatus,
        state.DiagnosticsStatusAt,
        state.Security.ToResponse(),
        state.LogStatus,
        state.LogStatusAt,
        state.Protocol,
        state.HeldBootStatus,
        state.EvseConnectors.Count == 0 ? null : [.. state.EvseConnectors.Select(e => new EvseResponse(e.Key, [.. e.Value.Select(c => new ConnectorResponse(
            c.Key, c.Value.Status, c.Value.ErrorCode, c.Value.Info, c.Value.VendorId, c.Value.VendorErrorCode, c.Value.Timestamp))]))],
        state.Position.ToResponse(),
        state.Address);

    private static BootResponse? ToBoot(ChargePointState state) => state.Boot is null && state.BootStatus is null
        ? null
        : new BootResponse(
            state.BootStatus,
            state.LastBootAt,
            state.Boot?.Vendor,
            state.Boot?.Model,
            state.Boot?.ChargePointSerialNumber,
            state.Boot?.ChargeBoxSerialNumber,
            state.Boot?.FirmwareVersion,
            state.Boot?.Iccid,
            state.Boot?.Imsi,
            state.Boot?.MeterType,
            state.Boot?.MeterSerialNumber,
            state.Boot?.Reason);
}
