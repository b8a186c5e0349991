namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Start a transaction for an id tag, on a connector or one the charge point picks, optionally under a charging
/// profile: a TxProfile without transactionId, which the CSMS binds to the transaction once it starts.
/// </summary>
public sealed record RemoteStartRequest(int? ConnectorId, string? IdTag, ChargingProfileBody? ChargingProfile = null);

/// <summary>Stop a transaction in progress.</summary>
public sealed record RemoteStopRequest(int? TransactionId);

/// <summary>Reboot the charge point: Soft or Hard.</summary>
public sealed record ResetRequest(string? Type, int? EvseId = null);

/// <summary>Unlock a connector (1 or more).</summary>
public sealed record UnlockRequest(int? ConnectorId);

/// <summary>Make a connector (0: the whole charge point) Operative or Inoperative.</summary>
public sealed record AvailabilityRequest(int? ConnectorId, string? Type, int? EvseConnectorId = null);

/// <summary>A new value for one configuration key.</summary>
public sealed record ChangeConfigurationRequest(string? Value);

/// <summary>A vendor-specific message for the charge point.</summary>
public sealed record SendDataTransferRequest(string? VendorId, string? MessageId, string? Data);

/// <summary>Have the charge point send a message now, about one connector (1 or more) or, without one, the whole charge point.</summary>
public sealed record TriggerRequest(string? RequestedMessage, int? ConnectorId);

/// <summary>
/// Have the charge point upload its diagnostics to a location (left out: to an upload URL of the CSMS's own), optionally only
/// those of a time window.
/// </summary>
public sealed record DiagnosticsRequest(string? Location, int? Retries, int? RetryInterval, DateTimeOffset? StartTime, DateTimeOffset? StopTime);

/// <summary>
/// Have the charge point download firmware from a location, or the uploaded firmware file <see cref="FirmwareFileId"/>
/// from the CSMS, from a date on, and install it; an OCPP 2.0.1 station from <see cref="InstallDateTime"/> on, when given.
/// </summary>
public sealed record FirmwareUpdateRequest(
    string? Location, DateTimeOffset? RetrieveDate, int? Retries, int? RetryInterval, string? FirmwareFileId = null, DateTimeOffset? InstallDateTime = null);

/// <summary>The limits command requests are checked against, from the OCPP 1.6 message schemas.</summary>
public static class CommandRules
{
    public const int MaxConfigurationKeyLength = 50;
    public const int MaxConfigurationValueLength = 500;
    public const int MaxVendorIdLength = 255;
    public const int MaxMessageIdLength = 50;
    public const int MaxActionLength = 64;

    /// <summary>Soft and Hard (OCPP 1.6), and their OCPP 2.0.1 names OnIdle and Immediate: either is phrased for the charge point's version.</summary>
    public static readonly IReadOnlyList<string> ResetTypes = ["Soft", "Hard", "OnIdle", "Immediate"];
    public static readonly IReadOnlyList<string> AvailabilityTypes = ["Operative", "Inoperative"];

    /// <summary>The messages OCPP 1.6 lets TriggerMessage ask for (MessageTrigger).</summary>
    /// <summary>
    /// The messages a TriggerMessage can ask for: those of OCPP 1.6, then those only OCPP 2.0.1 has. One the charge
    /// point's version lacks is refused unsent (409).
    /// </summary>
    public static readonly IReadOnlyList<string> MessageTriggers =
        ["BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StatusNotification",
         "TransactionEvent", "LogStatusNotification", "SignChargingStationCertificate", "SignV2GCertificate", "SignCombinedCertificate", "PublishFirmwareStatusNotification"];

    public static ValidationErrors ConfigurationKey(this ValidationErrors errors, string field, string? key) =>
        errors.Length(field, key, 1, MaxConfigurationKeyLength);

    /// <summary>OCPP action names are plain words (RemoteStartTransaction, SetChargingProfile).</summary>
    public static ValidationErrors Action(this ValidationErrors errors, string field, string? action) =>
        errors.Length(field, action, 1, MaxActionLength)
            .Check(action is null || action.All(char.IsAsciiLetterOrDigit), field, "Must be an OCPP action name: letters and digits only.");

    /// <summary>
    /// A location the charge point can fetch from or upload to: an absolute URI with its scheme written out
    /// (on Unix a bare path parses as an absolute file URI, which means nothing to a charge point).
    /// </summary>
    public static ValidationErrors AbsoluteUri(this ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return errors.Add(field, "Required.");
        }

        var valid = Uri.TryCreate(value, UriKind.Absolute, out var uri) && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);
        return errors.Check(valid, field, "Must be an absolute URI, such as ftp://logs.example.com/uploads/.");
    }

    /// <summary>Retry counts and intervals (seconds) are optional and never negative.</summary>
    public static ValidationErrors NotNegative(this ValidationErrors errors, string field, int? value) =>
        errors.Check(value is null or >= 0, field, "Must be 0 or more.");
}
