using System.Text.Json.Serialization;

namespace OrleansCsms.Grains;

/// <summary>An operator command to a charge point, independent of the OCPP version it speaks.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "command")]
[JsonDerivedType(typeof(RemoteStartCommand), "remoteStart")]
[JsonDerivedType(typeof(RemoteStopCommand), "remoteStop")]
[JsonDerivedType(typeof(ResetCommand), "reset")]
[JsonDerivedType(typeof(UnlockConnectorCommand), "unlock")]
[JsonDerivedType(typeof(ChangeAvailabilityCommand), "changeAvailability")]
[JsonDerivedType(typeof(GetConfigurationCommand), "getConfiguration")]
[JsonDerivedType(typeof(ChangeConfigurationCommand), "changeConfiguration")]
[JsonDerivedType(typeof(ClearCacheCommand), "clearCache")]
[JsonDerivedType(typeof(DataTransferCommand), "dataTransfer")]
[JsonDerivedType(typeof(ReserveNowCommand), "reserveNow")]
[JsonDerivedType(typeof(CancelReservationCommand), "cancelReservation")]
[JsonDerivedType(typeof(TriggerMessageCommand), "triggerMessage")]
[JsonDerivedType(typeof(GetDiagnosticsCommand), "getDiagnostics")]
[JsonDerivedType(typeof(UpdateFirmwareCommand), "updateFirmware")]
[GenerateSerializer]
[Alias("csms.ChargePointCommand")]
public abstract record ChargePointCommand;

/// <summary>Start a transaction for an id tag, on a connector or one the charge point picks, optionally under a TxProfile.</summary>
[GenerateSerializer]
[Alias("csms.RemoteStartCommand")]
public sealed record RemoteStartCommand(string IdTag, int? ConnectorId = null, ChargingProfileDefinition? ChargingProfile = null) : ChargePointCommand;

/// <summary>Stop a transaction.</summary>
[GenerateSerializer]
[Alias("csms.RemoteStopCommand")]
public sealed record RemoteStopCommand(int TransactionId) : ChargePointCommand;

/// <summary>
/// Reset the charge point: Soft or Hard (OCPP 1.6), OnIdle or Immediate (their OCPP 2.0.1 names); an OCPP 2.0.1
/// station may be asked to reset one EVSE only.
/// </summary>
[GenerateSerializer]
[Alias("csms.ResetCommand")]
public sealed record ResetCommand(string Type, int? EvseId = null) : ChargePointCommand;

/// <summary>Unlock a connector.</summary>
[GenerateSerializer]
[Alias("csms.UnlockConnectorCommand")]
public sealed record UnlockConnectorCommand(int ConnectorId) : ChargePointCommand;

/// <summary>Make a connector (0: all) Operative or Inoperative; of an OCPP 2.0.1 station, an EVSE or, with <see cref="EvseConnectorId"/>, one of its connectors.</summary>
[GenerateSerializer]
[Alias("csms.ChangeAvailabilityCommand")]
public sealed record ChangeAvailabilityCommand(int ConnectorId, string Type, int? EvseConnectorId = null) : ChargePointCommand;

/// <summary>Read configuration keys (all when none given).</summary>
[GenerateSerializer]
[Alias("csms.GetConfigurationCommand")]
public sealed record GetConfigurationCommand(IReadOnlyList<string>? Keys = null) : ChargePointCommand;

/// <summary>Change one configuration key.</summary>
[GenerateSerializer]
[Alias("csms.ChangeConfigurationCommand")]
public sealed record ChangeConfigurationCommand(string Key, string Value) : ChargePointCommand;

/// <summary>Clear the charge point's authorization cache.</summary>
[GenerateSerializer]
[Alias("csms.ClearCacheCommand")]
public sealed record ClearCacheCommand : ChargePointCommand;

/// <summary>Send a vendor-specific DataTransfer to the charge point.</summary>
[GenerateSerializer]
[Alias("csms.DataTransferCommand")]
public sealed record DataTransferCommand(string VendorId, string? MessageId = null, string? Data = null) : ChargePointCommand;

/// <summary>
/// Reserve a connector (0: the charge point as a whole) for an id tag until an expiry; on an OCPP 2.0.1 station,
/// optionally a connector of one type only, the tag named with its idToken type (Central when it has none).
/// </summary>
[GenerateSerializer]
[Alias("csms.ReserveNowCommand")]
public sealed record ReserveNowCommand(
    int ReservationId, int ConnectorId, string IdTag, DateTimeOffset ExpiryDate, string? ParentIdTag = null, string? ConnectorType = null, string? IdTokenType = null)
    : ChargePointCommand;

/// <summary>Cancel a reservation.</summary>
[GenerateSerializer]
[Alias("csms.CancelReservationCommand")]
public sealed record CancelReservationCommand(int ReservationId) : ChargePointCommand;

/// <summary>Ask the charge point to send a message now (BootNotification, Heartbeat, ...), for one connector or all of it.</summary>
[GenerateSerializer]
[Alias("csms.TriggerMessageCommand")]
public sealed record TriggerMessageCommand(string RequestedMessage, int? ConnectorId = null) : ChargePointCommand;

/// <summary>Ask the charge point to upload its diagnostics to a location, optionally only those of a time window.</summary>
[GenerateSerializer]
[Alias("csms.GetDiagnosticsCommand")]
public sealed record GetDiagnosticsCommand(
    string Location, int? Retries = null, int? RetryInterval = null, DateTimeOffset? StartTime = null, DateTimeOffset? StopTime = null) : ChargePointCommand;

/// <summary>
/// Ask the charge point to download firmware from a location from a date on, and install it (an OCPP 2.0.1 station
/// from <see cref="InstallDateTime"/> on, when given).
/// </summary>
[GenerateSerializer]
[Alias("csms.UpdateFirmwareCommand")]
public sealed record UpdateFirmwareCommand(
    string Location, DateTimeOffset RetrieveDate, int? Retries = null, int? RetryInterval = null, DateTimeOffset? InstallDateTime = null) : ChargePointCommand;
