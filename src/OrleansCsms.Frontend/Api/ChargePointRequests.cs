namespace OrleansCsms.Frontend.Api;

/// <summary>Registration of a charge point; the password, when given, is what it must present with HTTP Basic auth.</summary>
/// <summary>Latitude and longitude (both or neither) and address place it on the map and its public page.</summary>
public sealed record RegisterChargePointRequest(
    string? Id, string? Description, string? Location, string? Password, double? Latitude = null, double? Longitude = null, string? Address = null);

/// <summary>A new HTTP Basic auth password for a charge point.</summary>
public sealed record SetPasswordRequest(string? Password);

/// <summary>The answer the charge point's boots are held at: Pending or Rejected; Accepted releases the hold.</summary>
public sealed record BootStatusRequest(string? Status);

/// <summary>The limits requests about charge points are checked against.</summary>
public static class ChargePointRules
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 64;
    public const int MaxTextLength = 500;

    /// <summary>Checks a charge point identity by the same rule the OCPP handshake applies.</summary>
    public static ValidationErrors Id(this ValidationErrors errors, string field, string? id, int maxLength) =>
        ChargePointIdentity.Problem(id, maxLength) is { } problem ? errors.Add(field, problem) : errors;

    public static ValidationErrors Password(this ValidationErrors errors, string field, string? password, bool required) =>
        errors.Length(field, password, MinPasswordLength, MaxPasswordLength, required);
}
