namespace OrleansCsms.Frontend.Api;

/// <summary>Start a transaction for an id tag, on a connector or one the charge point picks.</summary>
public sealed record RemoteStartRequest(int? ConnectorId, string? IdTag);

/// <summary>Stop a transaction in progress.</summary>
public sealed record RemoteStopRequest(int? TransactionId);

/// <summary>Reboot the charge point: Soft or Hard.</summary>
public sealed record ResetRequest(string? Type);

/// <summary>Unlock a connector (1 or more).</summary>
public sealed record UnlockRequest(int? ConnectorId);

/// <summary>Make a connector (0: the whole charge point) Operative or Inoperative.</summary>
public sealed record AvailabilityRequest(int? ConnectorId, string? Type);

/// <summary>A new value for one configuration key.</summary>
public sealed record ChangeConfigurationRequest(string? Value);

/// <summary>A vendor-specific message for the charge point.</summary>
public sealed record SendDataTransferRequest(string? VendorId, string? MessageId, string? Data);

/// <summary>The limits command requests are checked against, from the OCPP 1.6 message schemas.</summary>
public static class CommandRules
{
    public const int MaxConfigurationKeyLength = 50;
    public const int MaxConfigurationValueLength = 500;
    public const int MaxVendorIdLength = 255;
    public const int MaxMessageIdLength = 50;
    public const int MaxActionLength = 64;

    public static readonly IReadOnlyList<string> ResetTypes = ["Soft", "Hard"];
    public static readonly IReadOnlyList<string> AvailabilityTypes = ["Operative", "Inoperative"];

    public static ValidationErrors ConfigurationKey(this ValidationErrors errors, string field, string? key) =>
        errors.Length(field, key, 1, MaxConfigurationKeyLength);

    /// <summary>OCPP action names are plain words (RemoteStartTransaction, SetChargingProfile).</summary>
    public static ValidationErrors Action(this ValidationErrors errors, string field, string? action) =>
        errors.Length(field, action, 1, MaxActionLength)
            .Check(action is null || action.All(char.IsAsciiLetterOrDigit), field, "Must be an OCPP action name: letters and digits only.");
}
