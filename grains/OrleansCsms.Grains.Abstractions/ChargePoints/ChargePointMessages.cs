using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>What a charge point tells about itself at boot.</summary>
[GenerateSerializer]
[Alias("csms.BootInfo")]
[Immutable]
public sealed record BootInfo(
    string Vendor,
    string Model,
    string? ChargePointSerialNumber = null,
    string? ChargeBoxSerialNumber = null,
    string? FirmwareVersion = null,
    string? Iccid = null,
    string? Imsi = null,
    string? MeterType = null,
    string? MeterSerialNumber = null,
    string? Reason = null);

/// <summary>The answer to a boot: Accepted, Pending or Rejected, the heartbeat interval in seconds and the server time.</summary>
[GenerateSerializer]
[Alias("csms.BootResult")]
[Immutable]
public sealed record BootResult(string Status, int IntervalSeconds, DateTimeOffset CurrentTime);

/// <summary>A connection holding a charge point's socket; <see cref="SocketId"/> names the grain observer that reaches it, so a grain reactivated on another silo still finds it.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointSession")]
[Immutable]
public sealed record ChargePointSession(string ConnectionId, string Protocol, string FrontEndId, string? RemoteAddress, DateTimeOffset ConnectedAt, string? SocketId = null);

/// <summary>The outcome of a handshake admission check.</summary>
[GenerateSerializer]
[Alias("csms.AdmissionOutcome")]
public enum AdmissionOutcome
{
    Admitted,
    UnknownChargePoint,
    BadCredentials,

    /// <summary>The connection's security profile is below the lowest the charge point is admitted on.</summary>
    BelowSecurityProfile,
}

/// <summary>
/// A handshake admission request: the password presented (if any), whether unknown charge points are let in, whether
/// the connection is TLS, and whether it presented a client certificate the front-end trusts for this identity.
/// </summary>
[GenerateSerializer]
[Alias("csms.AdmissionRequest")]
[Immutable]
public sealed record AdmissionRequest(string? Password, bool OpenAdmission, bool Tls = false, bool TrustedClientCertificate = false);

/// <summary>A StatusNotification for one connector (0 = the charge point as a whole).</summary>
[GenerateSerializer]
[Alias("csms.ConnectorStatusReport")]
[Immutable]
public sealed record ConnectorStatusReport(
    int ConnectorId,
    string Status,
    string ErrorCode,
    DateTimeOffset? Timestamp = null,
    string? Info = null,
    string? VendorId = null,
    string? VendorErrorCode = null,
    int? EvseConnectorId = null);

/// <summary>Authorization status of an id tag as told to a charge point.</summary>
[GenerateSerializer]
[Alias("csms.IdTagInfo")]
[Immutable]
public sealed record IdTagInfo(string Status, DateTimeOffset? ExpiryDate = null, string? ParentIdTag = null)
{
    public static IdTagInfo Invalid { get; } = new("Invalid");
}

/// <summary>A charge point's report that it started a transaction.</summary>
[GenerateSerializer]
[Alias("csms.StartTransactionRequest")]
[Immutable]
public sealed record StartTransactionRequest(int ConnectorId, string IdTag, DateTimeOffset Timestamp, int MeterStart, int? ReservationId = null);

/// <summary>The transaction id given to a started transaction and the status of its id tag.</summary>
[GenerateSerializer]
[Alias("csms.StartTransactionResult")]
[Immutable]
public sealed record StartTransactionResult(int TransactionId, IdTagInfo IdTagInfo);

/// <summary>One sampled value as a charge point reports it; optional fields keep the spec's defaults unset.</summary>
[GenerateSerializer]
[Alias("csms.SampledValue")]
[Immutable]
public sealed record SampledValue(
    string Value,
    string? Context = null,
    string? Format = null,
    string? Measurand = null,
    string? Phase = null,
    string? Location = null,
    string? Unit = null);

/// <summary>Sampled values taken at one instant.</summary>
[GenerateSerializer]
[Alias("csms.MeterValue")]
[Immutable]
public sealed record MeterValue(DateTimeOffset Timestamp, IReadOnlyList<SampledValue> SampledValues);

/// <summary>A MeterValues message: readings of one connector, within a transaction or not.</summary>
[GenerateSerializer]
[Alias("csms.MeterValuesReport")]
[Immutable]
public sealed record MeterValuesReport(int ConnectorId, int? TransactionId, IReadOnlyList<MeterValue> MeterValues);

/// <summary>A charge point's report that a transaction stopped.</summary>
[GenerateSerializer]
[Alias("csms.StopTransactionRequest")]
[Immutable]
public sealed record StopTransactionRequest(
    int TransactionId,
    DateTimeOffset Timestamp,
    int MeterStop,
    string? IdTag = null,
    string? Reason = null,
    IReadOnlyList<MeterValue>? TransactionData = null);

/// <summary>A vendor-specific DataTransfer in either direction.</summary>
[GenerateSerializer]
[Alias("csms.DataTransferRequest")]
[Immutable]
public sealed record DataTransferRequest(string VendorId, string? MessageId = null, string? Data = null);

/// <summary>The answer to a DataTransfer: Accepted, Rejected, UnknownMessageId or UnknownVendorId.</summary>
[GenerateSerializer]
[Alias("csms.DataTransferResult")]
[Immutable]
public sealed record DataTransferResult(string Status, string? Data = null);

/// <summary>How a server-initiated call ended.</summary>
[GenerateSerializer]
[Alias("csms.CallOutcome")]
public enum CallOutcome
{
    /// <summary>The charge point answered with a CALLRESULT.</summary>
    Completed,

    /// <summary>The charge point answered with a CALLERROR.</summary>
    Failed,

    /// <summary>The charge point is not connected.</summary>
    NotConnected,

    /// <summary>The charge point did not answer in time.</summary>
    TimedOut,

    /// <summary>The charge point is not registered.</summary>
    UnknownChargePoint,

    /// <summary>Nothing was sent: the OCPP version the charge point speaks has no such call (the description says why).</summary>
    NotSupportedByProtocol,
}

/// <summary>The result of a server-initiated call: the CALLRESULT payload, or the CALLERROR code and description.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointCallResult")]
[Immutable]
public sealed record ChargePointCallResult(
    CallOutcome Outcome,
    JsonElement? Payload = null,
    string? ErrorCode = null,
    string? ErrorDescription = null,
    JsonElement? ErrorDetails = null)
{
    /// <summary>The <c>status</c> the charge point answered with; null when it did not answer, or answered without one.</summary>
    public string? AnsweredStatus() =>
        Outcome == CallOutcome.Completed
        && Payload is { ValueKind: JsonValueKind.Object } payload
        && payload.TryGetProperty("status", out var status)
        && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;
}

/// <summary>Registration of a charge point by an operator.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointRegistration")]
[Immutable]
public sealed record ChargePointRegistration(string? Description, string? Location, string? Password, ChargePointLocation? Where = null);

/// <summary>The OCPP subprotocols, as a charge point's session records them.</summary>
public static class OcppProtocols
{
    public const string V16 = "ocpp1.6";
    public const string V201 = "ocpp2.0.1";
}
