namespace OrleansCsms.Frontend.Api;

/// <summary>Registration of a charge point; the password, when given, is what it must present with HTTP Basic auth.</summary>
public sealed record RegisterChargePointRequest(string? Id, string? Description, string? Location, string? Password);

/// <summary>A new HTTP Basic auth password for a charge point.</summary>
public sealed record SetPasswordRequest(string? Password);

/// <summary>The limits requests about charge points are checked against.</summary>
public static class ChargePointRules
{
    /// <summary>OCPP's identity is a CiString48, and it travels as the last segment of the WebSocket URL.</summary>
    public const int MaxIdLength = 48;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 64;
    public const int MaxTextLength = 500;

    public static ValidationErrors Id(this ValidationErrors errors, string field, string? id)
    {
        errors.Length(field, id, 1, MaxIdLength);
        return errors.Check(id is null || !id.Any(c => c == '/' || char.IsControl(c)), field, "Must not contain '/' or control characters.");
    }

    public static ValidationErrors Password(this ValidationErrors errors, string field, string? password, bool required) =>
        errors.Length(field, password, MinPasswordLength, MaxPasswordLength, required);
}
